#include "blueprint/m365_accounts_blueprint.h"

#include <map>

#include "core/error.h"
#include "exchange_online/exo_values.h"
#include "core/random_id.h"
#include "graph/domains.h"
#include "graph/graph_bulk_session.h"
#include "graph/licenses.h"
#include "graph/users.h"
#include "plan/step_builder.h"
#include "transport/host_error.h"

namespace mailint::m365_accounts {

namespace {

using nlohmann::json;
using exchange_online::lower, exchange_online::text_of;

// The local address among the account's mail and otherMails.
bool holds_address(const json &account, const std::string &address) {
    if (address.empty()) return false;
    if (lower(text_of(account, "mail")) == address) return true;
    for (const auto &m : account.value("otherMails", json::array()))
        if (m.is_string() && lower(m.get<std::string>()) == address) return true;
    return false;
}

// The local users: the request's (from the CSV), or Active Directory's through the host session.
std::vector<local_user> local_users(const request &r, host_session *directory, plan &p) {
    if (!r.from_directory) return r.users;
    if (!directory) throw error(errc::internal, "m365.accounts.no_directory", "Reading Active Directory needs the host session.");
    json parameters = {{"Filter", r.directory_filter}, {"Properties", {"mail", "DisplayName"}}};
    if (!r.directory_search_base.empty()) parameters["SearchBase"] = r.directory_search_base;
    host_command get{"Get-ADUser", parameters};
    auto result = directory->invoke(get);
    p.reads.push_back({"host-session", "Get-ADUser", result.objects.size()});
    if (result.failure) throw host_error(get, *result.failure);
    return users_from_directory(result.objects, r, p.findings);
}

plan_step &add(plan &p, std::string action, std::string identity, std::string description, std::string operation,
               std::optional<host_command> command) {
    return append_step(p, {std::move(action), "User", std::move(identity), std::move(description), std::move(operation),
                           std::move(command), "graph"});
}

}  // namespace

plan build_plan(const request &r, graph::graph_client &graph, const progress_fn &progress, json *summary, planned_links *links,
                host_session *directory) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    const auto users = local_users(r, directory, p);
    if (progress) progress("Planning", "Reading the domain", 0);
    const auto domain = graph::get_domain(graph, r.domain);
    p.reads.push_back({"graph", "Get-MgDomain", domain ? 1u : 0u});
    if (!domain || !domain->is_verified)
        throw error(errc::failed_precondition, "m365.accounts.domain.not_verified",
                    "'" + r.domain + "' is not a verified domain of the tenant: link it first (Add-M365Domain " + r.domain + " -Wait).");
    std::string sku_id, sku_name;
    long long free_units = 0;
    if (!r.license_sku.empty()) {
        const auto skus = graph::list_subscribed_skus(graph);
        p.reads.push_back({"graph", "Get-MgSubscribedSku", skus.size()});
        std::string known;
        for (const auto &k : skus) {
            if (lower(k.sku_part_number) == lower(r.license_sku)) {
                sku_id = k.sku_id;
                sku_name = k.sku_part_number;
                free_units = k.available_units();
            }
            known += (known.empty() ? "" : ", ") + k.sku_part_number;
        }
        if (sku_id.empty())
            throw error(errc::failed_precondition, "m365.accounts.license.sku_not_found",
                        "The tenant has no subscription '" + r.license_sku + "' (it has: " + known + ").");
    }
    if (progress) progress("Planning", "Reading the tenant's users", 20);
    graph::query q;
    q.select({"id", "userPrincipalName", "displayName", "mail", "otherMails", "usageLocation", "assignedLicenses"});
    const auto accounts = graph::list_users(graph, q);
    p.reads.push_back({"graph", "Get-MgUser", accounts.size()});
    std::map<std::string, const json *> by_upn, by_address;
    for (const auto &a : accounts) {
        by_upn[lower(text_of(a, "userPrincipalName"))] = &a;
        if (auto m = lower(text_of(a, "mail")); !m.empty()) by_address.emplace(m, &a);
        for (const auto &m : a.value("otherMails", json::array()))
            if (m.is_string()) by_address.emplace(lower(m.get<std::string>()), &a);
    }
    const auto licensed = [&](const json &a) {
        for (const auto &l : a.value("assignedLicenses", json::array()))
            if (lower(text_of(l, "skuId")) == lower(sku_id)) return true;
        return false;
    };

    json create = json::array(), license = json::array(), conflicts = json::array();
    std::size_t matched = 0, disabled = 0;
    for (const auto &u : users) {
        if (!u.enabled) {
            ++disabled;
            continue;
        }
        const json *account = nullptr;
        if (auto same = by_upn.find(u.upn); same != by_upn.end()) {
            const bool same_person = u.mail.empty() ? lower(text_of(*same->second, "displayName")) == lower(u.display_name)
                                                    : holds_address(*same->second, u.mail);
            if (!same_person) {
                conflicts.push_back({{"Item", u.upn},
                                     {"Message", "Line " + std::to_string(u.line) + ": " + u.upn + " is already the account of " +
                                                     text_of(*same->second, "displayName") + ", which is not " + u.display_name +
                                                     (u.mail.empty() ? std::string() : " (" + u.mail + ")") + "."}});
                continue;
            }
            account = same->second;
        } else if (auto by_mail = by_address.find(u.mail); !u.mail.empty() && by_mail != by_address.end()) {
            account = by_mail->second;
        }
        if (account) {
            ++matched;
            if (links) links->matched.accounts[lower(u.local_name)] = {lower(text_of(*account, "userPrincipalName")), u.mail};
            if (!sku_id.empty() && !licensed(*account)) {
                json item = {{"UserId", text_of(*account, "id")}, {"SkuId", sku_id}};
                if (text_of(*account, "usageLocation").empty()) item["UsageLocation"] = u.usage_location;
                license.push_back(std::move(item));
            }
            continue;
        }
        json item = {{"UserPrincipalName", u.upn}, {"DisplayName", u.display_name}, {"UsageLocation", u.usage_location}};
        if (!u.given_name.empty()) item["GivenName"] = u.given_name;
        if (!u.surname.empty()) item["Surname"] = u.surname;
        if (!u.mail.empty()) item["OtherMails"] = json::array({u.mail});
        if (!sku_id.empty()) item["SkuId"] = sku_id;
        create.push_back(std::move(item));
        if (links) links->created.accounts[lower(u.local_name)] = {u.upn, u.mail};
    }
    if (summary)
        *summary = {{"local", users.size()}, {"matched", matched}, {"toCreate", create.size()},
                    {"conflicts", conflicts.size()}, {"disabled", disabled}, {"toLicense", license.size()}};
    const std::size_t to_create = create.size(), to_license = license.size(), conflicting = conflicts.size();

    if (!conflicts.empty()) {
        const auto n = std::to_string(conflicting);
        auto &s = add(p, "check", n + " users", n + " local users whose userPrincipalName belongs to another online account",
                      "Report " + n + " conflicts",
                      host_command{graph::kReportConflictsCommand, {{"$batch", std::move(conflicts)}, {"ResultsPath", r.results_path}}});
        s.notes.push_back("nothing is made for them: give them another name, or remove the other account if it is stale");
    }
    if (to_create) {
        if (r.password_secret.empty())
            throw error(errc::invalid_argument, "m365.accounts.password_missing",
                        std::to_string(to_create) + " accounts are to be created: give -InitialPassword (changed at first sign-in).");
        const auto n = std::to_string(to_create);
        auto &s = add(p, "create", n + " users",
                      "Create " + n + " online accounts in " + r.domain + (sku_id.empty() ? "" : ", each with " + sku_name),
                      "Create " + n + " accounts",
                      host_command{"New-MgUser", {{"$batch", std::move(create)}, {"PasswordSecret", r.password_secret}, {"ResultsPath", r.results_path}}});
        if (links) links->create_step = s.id;
        if (!sku_id.empty() && static_cast<long long>(to_create + to_license) > free_units)
            s.notes.push_back(std::to_string(free_units) + " " + sku_name + " licences are free: the users beyond them are made without one "
                              "and reported in the results file");
    }
    if (to_license) {
        const auto n = std::to_string(to_license);
        add(p, "update", n + " users' licences", "Assign " + sku_name + " to " + n + " matched accounts", "Assign " + sku_name,
            host_command{"Set-MgUserLicense", {{"$batch", std::move(license)}, {"ResultsPath", r.results_path}}});
    }
    if (!to_create && !to_license)
        add(p, "noop", std::to_string(matched) + " users", "Every local user has its online account", "", std::nullopt);
    p.findings.add("m365.accounts.summary", severity::info, "UsersCsvPath",
                   std::to_string(users.size()) + " local users: " + std::to_string(matched) + " matched, " + std::to_string(to_create) +
                       " to create, " + std::to_string(conflicting) + " in conflict, " + std::to_string(disabled) + " disabled (none made).");
    if (links) {
        links->matched.domain = links->created.domain = r.domain;
    }
    if (progress) progress("Planning", "Done", 100);
    return p;
}

plan build_sync_plan(const request &r, const link_record &record, graph::graph_client &graph, const progress_fn &progress,
                     std::vector<std::pair<std::string, std::string>> *forget, host_session *directory) {
    plan p;
    p.scenario = kSyncScenario;
    p.plan_id = random_id();
    const auto users = local_users(r, directory, p);
    if (progress) progress("Planning", "Reading the tenant's users", 10);
    graph::query q;
    q.select({"id", "userPrincipalName", "accountEnabled"});
    const auto accounts = graph::list_users(graph, q);
    p.reads.push_back({"graph", "Get-MgUser", accounts.size()});
    std::map<std::string, const json *> by_upn;
    for (const auto &a : accounts) by_upn[lower(text_of(a, "userPrincipalName"))] = &a;
    std::map<std::string, const local_user *> local;
    for (const auto &u : users) local[lower(u.local_name)] = &u;

    // One step per account, so -WhatIf and -Confirm name each one (ConfirmImpact High).
    std::size_t gone = 0;
    const auto one = [&](const char *action, const std::string &upn, const std::string &what, const char *command, json item) -> plan_step & {
        return add(p, action, upn, what + " " + upn, what, host_command{command, {{"$batch", json::array({std::move(item)})}, {"ResultsPath", r.results_path}}});
    };
    for (const auto &[name, linked] : record.accounts) {
        const auto online = by_upn.find(lower(linked.upn));
        if (online == by_upn.end()) {  // deleted online already: nothing left to follow
            ++gone;
            if (forget) forget->emplace_back(name, "");
            continue;
        }
        const bool enabled_online = online->second->value("accountEnabled", true);
        const auto here = local.find(name);
        if (here == local.end()) {
            auto &s = one("delete", linked.upn, "Delete the online account", "Remove-MgUser", {{"UserId", linked.upn}});
            s.risk = "high";
            s.notes.push_back("its local user is gone; Microsoft 365 keeps a deleted account restorable for 30 days");
            if (forget) forget->emplace_back(name, s.id);
        } else if (!here->second->enabled && enabled_online) {
            one("update", linked.upn, "Block sign-in of", "Update-MgUser", {{"UserId", linked.upn}, {"AccountEnabled", false}}).changes = {
                {"accountEnabled", true, false}};
        } else if (here->second->enabled && !enabled_online) {
            one("update", linked.upn, "Allow sign-in again of", "Update-MgUser", {{"UserId", linked.upn}, {"AccountEnabled", true}}).changes = {
                {"accountEnabled", false, true}};
        }
    }
    if (p.steps.empty())
        add(p, "noop", std::to_string(record.accounts.size()) + " users", "Every linked account follows its local user", "", std::nullopt);
    if (gone)
        p.findings.add("m365.accounts.already_gone", severity::info, "UsersCsvPath",
                       std::to_string(gone) + " linked accounts no longer exist online; they are no longer followed.");
    if (progress) progress("Planning", "Done", 100);
    return p;
}

}  // namespace mailint::m365_accounts
