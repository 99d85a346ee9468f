#include "active_directory/invoke_command.h"

#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/dispatch.h"
#include "exchange/parameters.h"
#include "util/guid.h"
#include "util/text.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace emulator::active_directory {
namespace {

using exchange::cmdlet_error;
using exchange::param_kind;

constexpr std::string_view ad_exception = "Microsoft.ActiveDirectory.Management.ADException";

struct context {
    json& directory;
    const exchange::bound_parameters& params;
    std::vector<std::string>& warnings;
};

using spec = exchange::basic_cmdlet_spec<context>;

std::string text(const json& o, const char* name)
{
    const auto it = o.find(name);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The filters this stand-in evaluates: * (every user), Enabled -eq $true / 'True', Enabled -eq
// $false / 'False'. Anything else is refused, not guessed.
bool matches(const json& user, const std::string& filter)
{
    std::string f = to_lower(std::string(trim(filter)));
    if (f == "*")
        return true;
    for (const char* on : {"enabled -eq $true", "enabled -eq 'true'", "enabled -eq \"true\""})
        if (f == on)
            return user.value("Enabled", true);
    for (const char* off : {"enabled -eq $false", "enabled -eq 'false'", "enabled -eq \"false\""})
        if (f == off)
            return !user.value("Enabled", true);
    throw cmdlet_error(400, ad_exception,
                       "The emulator's Get-ADUser evaluates only -Filter *, Enabled -eq $true and Enabled -eq $false; got '" + filter + "'.");
}

json get_ad_user(context& c)
{
    const std::string filter = c.params.string("Filter").value_or("");
    const auto identity = c.params.string("Identity");
    if (filter.empty() && !identity)
        exchange::throw_invalid_argument("Filter", "Give -Filter or -Identity.");
    const std::string base = to_lower(c.params.string("SearchBase").value_or(""));
    const auto wanted = c.params.list("Properties");
    json out = json::array();
    for (const auto& user : c.directory["users"]) {
        if (identity && !iequals(text(user, "SamAccountName"), *identity) && !iequals(text(user, "DistinguishedName"), *identity))
            continue;
        if (!identity && !matches(user, filter))
            continue;
        const std::string dn = to_lower(text(user, "DistinguishedName"));
        if (!base.empty() && !(dn.size() > base.size() && dn.ends_with(base) && dn[dn.size() - base.size() - 1] == ','))
            continue;
        json shown = json::object();
        for (const char* always : {"DistinguishedName", "Enabled", "GivenName", "Name", "ObjectGUID", "SamAccountName", "Surname", "UserPrincipalName"})
            shown[always] = user.contains(always) ? user[always] : json(nullptr);
        shown["ObjectClass"] = "user";
        for (const auto& p : wanted)
            for (const char* extra : {"mail", "DisplayName", "EmailAddress"})
                if (iequals(p, extra) || p == "*")
                    shown[extra] = user.contains(extra) ? user[extra] : json(nullptr);
        out.push_back(std::move(shown));
    }
    if (identity && out.empty())
        throw cmdlet_error(404, "Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException",
                           "Cannot find an object with identity: '" + *identity + "'.");
    return out;
}

// New-ADUser: a user in the domain (Import-M365OnlineAccount, seed M4's other direction). The
// password must be given for an enabled user, as a domain's default policy requires; it is
// checked for presence only and never kept.
json new_ad_user(context& c)
{
    const auto& p = c.params;
    const std::string sam(trim(*p.string("SamAccountName")));
    if (sam.empty() || sam.size() > 20 || sam.find_first_of("\"/\\[]:;|=,+*?<>@ ") != std::string::npos)
        exchange::throw_invalid_argument("SamAccountName", "The value must be 1 to 20 characters without \" / \\ [ ] : ; | = , + * ? < > @ or spaces.");
    for (const auto& u : c.directory["users"])
        if (iequals(text(u, "SamAccountName"), sam))
            throw cmdlet_error(400, "Microsoft.ActiveDirectory.Management.ADIdentityAlreadyExistsException",
                               "The specified account already exists: " + sam + ".");
    const std::string upn = p.string("UserPrincipalName").value_or("");
    if (!upn.empty())
        for (const auto& u : c.directory["users"])
            if (iequals(text(u, "UserPrincipalName"), upn))
                throw cmdlet_error(400, ad_exception, "The user principal name " + upn + " is already used in the forest.");
    const bool enabled = p.boolean("Enabled").value_or(false);
    const auto password = p.secret("AccountPassword");
    if (enabled && (!password || password->view().empty()))
        throw cmdlet_error(400, ad_exception, "The password does not meet the length, complexity, or history requirement of the domain.");
    const std::string name = p.string("Name").value_or(sam);
    const std::string path = p.string("Path").value_or("CN=Users,DC=corp,DC=contoso,DC=local");
    // The container must exist: the Users container, a listed OU, or one a user already lives in.
    bool exists = iequals(path, "CN=Users,DC=corp,DC=contoso,DC=local");
    for (const auto& ou : c.directory["organizationalUnits"])
        exists = exists || (ou.is_string() && iequals(ou.get<std::string>(), path));
    for (const auto& u : c.directory["users"]) {
        const std::string dn = text(u, "DistinguishedName");
        const auto comma = dn.find(',');
        exists = exists || (comma != std::string::npos && iequals(dn.substr(comma + 1), path));
    }
    if (!exists)
        throw cmdlet_error(404, "Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException",
                           "Directory object not found: the container '" + path + "' does not exist.");
    json user = {{"SamAccountName", sam}, {"Name", name}, {"DisplayName", p.string("DisplayName").value_or(name)},
                 {"UserPrincipalName", upn.empty() ? json(nullptr) : json(upn)}, {"GivenName", p.string("GivenName").value_or("")},
                 {"Surname", p.string("Surname").value_or("")}, {"Enabled", enabled},
                 {"mail", p.string("EmailAddress") ? json(*p.string("EmailAddress")) : json(nullptr)},
                 {"EmailAddress", p.string("EmailAddress") ? json(*p.string("EmailAddress")) : json(nullptr)},
                 {"DistinguishedName", "CN=" + name + "," + path}, {"ObjectGUID", new_guid()}};
    c.directory["users"].push_back(user);
    return json::array();
}

json* find_group(json& directory, const std::string& identity)
{
    for (auto& g : directory["groups"])
        if (iequals(text(g, "SamAccountName"), identity) || iequals(text(g, "Name"), identity))
            return &g;
    return nullptr;
}

json& require_group(json& directory, const std::string& identity)
{
    if (json* g = find_group(directory, identity))
        return *g;
    throw cmdlet_error(404, "Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException",
                       "Cannot find an object with identity: '" + identity + "'.");
}

const json* find_user(const json& directory, const std::string& sam)
{
    for (const auto& u : directory["users"])
        if (iequals(text(u, "SamAccountName"), sam))
            return &u;
    return nullptr;
}

// The users of a group; with -Recursive, nested groups' users too (each group once).
void collect_members(json& directory, const json& group, bool recursive, std::vector<std::string>& seen_groups, json& out)
{
    seen_groups.push_back(to_lower(text(group, "Name")));
    for (const auto& member : group.value("Members", json::array())) {
        if (!member.is_string())
            continue;
        const std::string name = member.get<std::string>();
        if (const json* u = find_user(directory, name)) {
            const bool listed = std::any_of(out.begin(), out.end(), [&](const json& o) { return iequals(text(o, "SamAccountName"), name); });
            if (!listed)
                out.push_back({{"SamAccountName", (*u)["SamAccountName"]}, {"Name", u->value("Name", json(nullptr))},
                               {"DistinguishedName", u->value("DistinguishedName", json(nullptr))}, {"objectClass", "user"}});
        } else if (json* nested = find_group(directory, name)) {
            if (!recursive) {
                out.push_back({{"SamAccountName", text(*nested, "SamAccountName").empty() ? (*nested)["Name"] : (*nested)["SamAccountName"]},
                               {"Name", (*nested)["Name"]}, {"objectClass", "group"}});
            } else if (std::find(seen_groups.begin(), seen_groups.end(), to_lower(text(*nested, "Name"))) == seen_groups.end()) {
                collect_members(directory, *nested, true, seen_groups, out);
            }
        }
    }
}

// Get-ADGroupMember: the members of a group (state activeDirectory.groups:
// [{"Name","SamAccountName","Members":["<SamAccountName of a user or group>",…]}]), as objects;
// -Recursive lists the users of nested groups instead of the groups.
json get_ad_group_member(context& c)
{
    const json& group = require_group(c.directory, *c.params.string("Identity"));
    json out = json::array();
    std::vector<std::string> seen;
    collect_members(c.directory, group, c.params.switch_on("Recursive"), seen, out);
    return out;
}

// Add-ADGroupMember: every member must exist (user or group); one already in the group is left
// as it is, as Active Directory does.
json add_ad_group_member(context& c)
{
    json& group = require_group(c.directory, *c.params.string("Identity"));
    if (!group.contains("Members"))
        group["Members"] = json::array();
    for (const auto& name : c.params.list("Members")) {
        if (!find_user(c.directory, name) && !find_group(c.directory, name))
            throw cmdlet_error(404, "Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException",
                               "Cannot find an object with identity: '" + name + "'.");
        const bool present = std::any_of(group["Members"].begin(), group["Members"].end(),
                                         [&](const json& m) { return m.is_string() && iequals(m.get<std::string>(), name); });
        if (!present)
            group["Members"].push_back(name);
    }
    return json::array();
}

const std::vector<spec>& cmdlets()
{
    static const std::vector<spec> all = {
        {"Get-ADUser",
         {{"Filter", param_kind::string}, {"Identity", param_kind::string}, {"SearchBase", param_kind::string},
          {"Properties", param_kind::string_list}, {"Server", param_kind::string}},
         get_ad_user},
        {"Get-ADGroupMember", {{"Identity", param_kind::string, true}, {"Recursive", param_kind::switch_flag}, {"Server", param_kind::string}},
         get_ad_group_member},
        {"Add-ADGroupMember",
         {{"Identity", param_kind::string, true}, {"Members", param_kind::string_list, true}, {"Server", param_kind::string}},
         add_ad_group_member},
        {"New-ADUser",
         {{"SamAccountName", param_kind::string, true}, {"Name", param_kind::string, true}, {"UserPrincipalName", param_kind::string},
          {"GivenName", param_kind::string}, {"Surname", param_kind::string}, {"DisplayName", param_kind::string},
          {"EmailAddress", param_kind::string}, {"Path", param_kind::string}, {"Enabled", param_kind::boolean},
          {"AccountPassword", param_kind::secure_string}, {"ChangePasswordAtLogon", param_kind::boolean}, {"Server", param_kind::string}},
         new_ad_user},
    };
    return all;
}

} // namespace

void normalize_section(json& state)
{
    json& section = state["activeDirectory"];
    if (section.is_null())
        section = json::object();
    if (!section.is_object())
        throw std::invalid_argument("activeDirectory must be an object");
    if (!section.contains("users"))
        section["users"] = json::array();
    if (!section.contains("organizationalUnits"))
        section["organizationalUnits"] = json::array();
    if (!section.contains("groups"))
        section["groups"] = json::array();
    if (!section["users"].is_array())
        throw std::invalid_argument("activeDirectory.users must be an array");
    for (auto& u : section["users"]) {
        if (!u.is_object() || text(u, "SamAccountName").empty())
            throw std::invalid_argument("every activeDirectory user needs a SamAccountName");
        if (!u.contains("Enabled"))
            u["Enabled"] = true;
        if (!u.contains("Name"))
            u["Name"] = u.value("DisplayName", u["SamAccountName"]);
        if (!u.contains("ObjectGUID"))
            u["ObjectGUID"] = name_based_guid("aduser|" + text(u, "SamAccountName"));
        if (!u.contains("DistinguishedName"))
            u["DistinguishedName"] = "CN=" + text(u, "Name") + ",CN=Users,DC=corp,DC=contoso,DC=local";
    }
}

exchange::invoke_outcome invoke_command(json& directory, std::string_view body)
{
    return exchange::dispatch(cmdlets(), directory, body);
}

} // namespace emulator::active_directory
