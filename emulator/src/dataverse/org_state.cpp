#include "dataverse/org_state.h"

#include "util/guid.h"
#include "util/text.h"

#include <algorithm>
#include <stdexcept>

namespace emulator::dataverse {
namespace {

constexpr const char* default_email_settings =
    "<EmailSettings><IncomingEmailDeliveryMethod>0</IncomingEmailDeliveryMethod><OutgoingEmailDeliveryMethod>0"
    "</OutgoingEmailDeliveryMethod><ACTDeliveryMethod>2</ACTDeliveryMethod></EmailSettings>";

void require(bool ok, const std::string& message)
{
    if (!ok)
        throw std::invalid_argument(message);
}

void normalize_org(json& org, const std::string& tenant_id, const std::string& name)
{
    require(org.is_object(), "dataverse['" + tenant_id + "']['" + name + "'] must be an object");
    long long version = 0;
    for (const auto& t : tables()) {
        if (!org.contains(t.set))
            org[t.set] = json::array();
        require(org[t.set].is_array(), "dataverse …['" + name + "']." + t.set + " must be an array");
        for (auto& row : org[t.set]) {
            require(row.is_object(), "every row of " + t.set + " must be an object");
            if (!row.contains(t.key))
                row[t.key] = new_guid();
            require(row[t.key].is_string() && is_guid(row[t.key].get<std::string>()),
                    t.set + "." + t.key + " must be a GUID");
            row[t.key] = to_lower(row[t.key].get<std::string>());
            json full = new_row(t, row[t.key].get<std::string>());
            for (const auto& [column, value] : row.items())
                full[column] = value;
            row = std::move(full);
            if (row["versionnumber"].is_number_integer())
                version = std::max(version, row["versionnumber"].get<long long>());
        }
    }
    // Rows a seed gave without a version get fresh ones; every row needs an etag.
    for (const auto& t : tables())
        for (auto& row : org[t.set])
            if (!row["versionnumber"].is_number_integer())
                row["versionnumber"] = ++version;
    if (org["organizations"].empty()) {
        json row = new_row(*find_table("organizations"), name_based_guid("organization|" + tenant_id + "|" + name));
        row["name"] = name;
        row["defaultemailsettings"] = default_email_settings;
        row["versionnumber"] = ++version;
        org["organizations"].push_back(std::move(row));
    }
}

json seed_user(const std::string& tenant_id, const std::string& first, const std::string& last,
               const std::string& nickname, json& mailboxes)
{
    const std::string upn = nickname + "@contoso.onmicrosoft.com";
    const std::string user_id = name_based_guid("systemuser|" + tenant_id + "|" + upn);
    const std::string mailbox_id = name_based_guid("mailbox|" + tenant_id + "|" + upn);
    json user = new_row(*find_table("systemusers"), user_id);
    user["domainname"] = upn;
    user["firstname"] = first;
    user["lastname"] = last;
    user["fullname"] = first + " " + last;
    user["internalemailaddress"] = upn;
    // The same person as the Graph seed's user (graph/tenant_state.cpp names ids the same way).
    user["azureactivedirectoryobjectid"] = name_based_guid("user|" + tenant_id + "|" + upn);
    user["_defaultmailbox_value"] = mailbox_id;
    json mailbox = new_row(*find_table("mailboxes"), mailbox_id);
    mailbox["name"] = first + " " + last;
    mailbox["emailaddress"] = upn;
    mailbox["_regardingobjectid_value"] = user_id;
    mailboxes.push_back(std::move(mailbox));
    return user;
}

} // namespace

json new_row(const table& t, const std::string& id)
{
    json row = {{t.key, id}};
    for (const auto& c : t.columns)
        if (c.readable)
            row[stored_name(c)] = c.default_value;
    return row;
}

long long next_version(const json& org)
{
    long long version = 0;
    for (const auto& t : tables())
        if (org.contains(t.set))
            for (const auto& row : org[t.set])
                if (row.contains("versionnumber") && row["versionnumber"].is_number_integer())
                    version = std::max(version, row["versionnumber"].get<long long>());
    return version + 1;
}

void normalize_section(json& state)
{
    if (!state.contains("dataverse"))
        state["dataverse"] = json::object();
    require(state["dataverse"].is_object(), "dataverse must be an object keyed by tenant id");
    json tenants = json::object();
    for (auto& [tenant_id, orgs] : state["dataverse"].items()) {
        require(orgs.is_object(), "dataverse['" + tenant_id + "'] must be an object keyed by organization name");
        json normalized = json::object();
        for (auto& [name, org] : orgs.items()) {
            normalize_org(org, to_lower(tenant_id), to_lower(name));
            normalized[to_lower(name)] = std::move(org);
        }
        tenants[to_lower(tenant_id)] = std::move(normalized);
    }
    state["dataverse"] = std::move(tenants);
}

void add_built_in_seed(json& state)
{
    const std::string tenant_id = "11111111-2222-3333-4444-555555555555";
    json org = {{"mailboxes", json::array()}};
    org["systemusers"] = json::array({seed_user(tenant_id, "MOD", "Administrator", "admin", org["mailboxes"]),
                                      seed_user(tenant_id, "Alex", "Wilber", "alexw", org["mailboxes"]),
                                      seed_user(tenant_id, "Megan", "Bowen", "meganb", org["mailboxes"])});
    state["dataverse"] = json{{tenant_id, {{"contoso", std::move(org)}}}};
    normalize_section(state);
}

json* find_org(json& state, const std::string& tenant_id, const std::string& org)
{
    json& section = state["dataverse"];
    const auto tenant = section.find(tenant_id);
    if (tenant == section.end())
        return nullptr;
    const auto found = tenant->find(org);
    return found == tenant->end() ? nullptr : &*found;
}

} // namespace emulator::dataverse
