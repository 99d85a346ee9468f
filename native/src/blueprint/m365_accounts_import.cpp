#include "blueprint/m365_accounts_import.h"

#include <map>
#include <set>

#include "core/error.h"
#include "exchange_online/exo_values.h"
#include "core/random_id.h"
#include "graph/users.h"
#include "plan/step_builder.h"
#include "transport/host_error.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::m365_accounts {

namespace {

using nlohmann::json;
using exchange_online::lower, exchange_online::text_of;

std::string prefix_of(const std::string &upn) { return upn.substr(0, upn.find('@')); }

}  // namespace

diagnostics parse_import_request(const json &parameters, import_request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"DomainName", "LocalUpnSuffix", "Path", "InitialPassword", "StateDirectory", "ResultsPath"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("m365.accounts.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    const auto get = [&](const char *name) {
        auto it = parameters.find(name);
        return it != parameters.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (auto parsed = validate::parse_domain_name(get("DomainName"))) out.domain = lower(*parsed);
    else d.error("m365.accounts.domain.malformed", "DomainName", "DomainName " + validate::quote_input(get("DomainName")) + " is not a domain name.");
    out.upn_suffix = lower(get("LocalUpnSuffix"));
    if (!out.upn_suffix.empty() && !validate::parse_domain_name(out.upn_suffix))
        d.error("m365.accounts.upn_suffix.malformed", "LocalUpnSuffix", validate::quote_input(out.upn_suffix) + " is not a UPN suffix, e.g. corp.contoso.com.");
    out.path = get("Path");
    if (!out.path.empty() && lower(out.path).find("dc=") == std::string::npos)
        d.error("m365.accounts.path.malformed", "Path", validate::quote_input(out.path) + " is not a distinguished name, e.g. OU=Staff,DC=corp,DC=contoso,DC=com.");
    if (auto pw = parameters.find("InitialPassword"); pw != parameters.end() && pw->is_object() && pw->contains("$secret"))
        out.password_secret = pw->at("$secret").get<std::string>();
    else if (pw != parameters.end() && !pw->is_null())
        d.error("request.secret.inline", "InitialPassword", "InitialPassword must be a reference {\"$secret\":name}, never the password itself.");
    out.state_directory = get("StateDirectory");
    out.results_path = get("ResultsPath");
    return d;
}

plan build_import_plan(const import_request &r, graph::graph_client &graph, host_session &directory, const progress_fn &progress,
                       std::vector<std::tuple<std::string, std::string, linked_account>> *links) {
    plan p;
    p.scenario = kImportScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the online accounts and the local users", 0);
    graph::query q;
    q.select({"id", "userPrincipalName", "displayName", "givenName", "surname", "mail", "otherMails"});
    const auto accounts = graph::list_users(graph, q);
    p.reads.push_back({"graph", "Get-MgUser", accounts.size()});
    host_command get{"Get-ADUser", {{"Filter", "*"}, {"Properties", {"mail"}}}};
    const auto local = directory.invoke(get);
    p.reads.push_back({"host-session", "Get-ADUser", local.objects.size()});
    if (local.failure) throw host_error(get, *local.failure);
    std::set<std::string> names, addresses;
    for (const auto &u : local.objects) {
        names.insert(lower(text_of(u, "SamAccountName")));
        if (auto upn = text_of(u, "UserPrincipalName"); !upn.empty()) names.insert(lower(prefix_of(upn)));
        if (auto m = text_of(u, "mail"); !m.empty()) addresses.insert(lower(m));
    }
    const std::string suffix = r.upn_suffix.empty() ? r.domain : r.upn_suffix;
    std::size_t matched = 0, made = 0;
    for (const auto &a : accounts) {
        const std::string upn = lower(text_of(a, "userPrincipalName"));
        if (!upn.ends_with("@" + r.domain)) continue;
        const std::string name = prefix_of(upn);
        const std::string mail = lower(text_of(a, "mail"));
        bool here = names.count(name) || names.count(name.substr(0, 20)) || addresses.count(upn) || (!mail.empty() && addresses.count(mail));
        for (const auto &m : a.value("otherMails", json::array()))
            here = here || (m.is_string() && addresses.count(lower(m.get<std::string>())));
        if (here) {
            ++matched;
            if (links) links->emplace_back("", name, linked_account{upn, mail});
            continue;
        }
        if (r.password_secret.empty())
            throw error(errc::invalid_argument, "m365.accounts.password_missing",
                        "Local users are to be made: give -InitialPassword (changed at first sign-in).");
        const std::string display = text_of(a, "displayName").empty() ? name : text_of(a, "displayName");
        json parameters = {{"SamAccountName", name.substr(0, 20)}, {"Name", display}, {"DisplayName", display},
                           {"UserPrincipalName", name + "@" + suffix}, {"EmailAddress", mail.empty() ? upn : mail},
                           {"Enabled", true}, {"ChangePasswordAtLogon", true}, {"AccountPassword", {{"$secret", r.password_secret}}}};
        if (!text_of(a, "givenName").empty()) parameters["GivenName"] = text_of(a, "givenName");
        if (!text_of(a, "surname").empty()) parameters["Surname"] = text_of(a, "surname");
        if (!r.path.empty()) parameters["Path"] = r.path;
        auto &s = append_step(p, {"create", "ADUser", name + "@" + suffix, "Create the local user " + name + " for " + upn, "Create",
                                  host_command{"New-ADUser", parameters}, "host-session"});
        ++made;
        if (links) links->emplace_back(s.id, name, linked_account{upn, mail});
    }
    if (!made) append_step(p, {"noop", "ADUser", r.domain, "Every online account of " + r.domain + " has its local user", "", std::nullopt, "host-session"});
    p.findings.add("m365.accounts.import_summary", severity::info, "DomainName",
                   std::to_string(matched) + " online accounts have their local user, " + std::to_string(made) + " to make.");
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_accounts
