#include "graph/graph_bulk_session.h"

#include <chrono>
#include <cstdio>

#include "core/error.h"
#include "exec/results_file.h"
#include "graph/identity_policies.h"
#include "graph/iso_time.h"
#include "graph/licenses.h"
#include "graph/service_principals.h"
#include "graph/users.h"

namespace mailint::graph {

namespace {

std::string text(const nlohmann::json &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

host_result graph_bulk_session::update_service_principal(const host_command &command) {
    host_result r;
    const std::string app_id = text(command.parameters, "AppId");
    auto principal = app_id.empty() ? std::nullopt : find_service_principal(client_, app_id);
    if (!principal) {
        r.failure = host_failure{"", "", "The tenant has no service principal for the application " + app_id + ".",
                                 "crm.service_principal.missing", errc::failed_precondition};
        return r;
    }
    if (auto key = command.parameters.find("AddKeyCredential"); key != command.parameters.end() && key->is_object()) {
        new_key_credential wanted;
        wanted.key = text(*key, "key");
        wanted.display_name = text(*key, "displayName");
        wanted.start = parse_iso_time(text(*key, "startDateTime"));
        wanted.end = parse_iso_time(text(*key, "endDateTime"));
        const auto change = add_key_credential(client_, *principal, wanted);
        r.objects.push_back({{"KeyAdded", change.added}, {"AlreadyPresent", change.already_present},
                             {"RemovedExpiredKeyIds", change.removed_expired}});
        if (change.added || !change.removed_expired.empty()) principal = find_service_principal(client_, app_id);
    }
    if (auto names = command.parameters.find("AddServicePrincipalNames"); names != command.parameters.end() && names->is_array()) {
        std::vector<std::string> wanted;
        for (const auto &n : *names)
            if (n.is_string()) wanted.push_back(n.get<std::string>());
        r.objects.push_back({{"NamesAdded", add_service_principal_names(client_, *principal, wanted)}});
    }
    return r;
}

graph_bulk_session::graph_bulk_session(graph_client &client, const secret_store &secrets, progress_fn progress)
    : client_(client), secrets_(secrets), progress_(std::move(progress)) {}

host_result graph_bulk_session::invoke(const host_command &command) {
    host_result r;
    if (command.name == kSecurityDefaultsCommand) {
        auto enabled = command.parameters.find("IsEnabled");
        if (enabled == command.parameters.end() || !enabled->is_boolean()) {
            r.failure = host_failure{"", "", command.name + " needs IsEnabled true or false.", "plan.command.invalid", errc::internal};
            return r;
        }
        set_security_defaults(client_, enabled->get<bool>());
        return r;
    }
    if (command.name == kServicePrincipalCommand) return update_service_principal(command);
    if (command.name == kReportConflictsCommand) {
        std::vector<result_line> lines;
        const std::string id = "m365.account.upn_taken";
        for (const auto &item : command.parameters.value("$batch", nlohmann::json::array())) {
            lines.push_back({text(item, "Item"), "New-MgUser", id, text(item, "Message"), recommended_action(id)});
            r.objects.push_back({{"Item", lines.back().item}, {"Step", "New-MgUser"}, {"ErrorId", id}, {"Message", lines.back().message},
                                 {"RecommendedAction", lines.back().action}});
            r.warnings.push_back(lines.back().item + ": " + id + ": " + lines.back().message);
        }
        const std::string results = text(command.parameters, "ResultsPath");
        append_results(results, lines);
        if (!lines.empty())
            r.failure = host_failure{"", "",
                                     std::to_string(lines.size()) + " local users have no account: their userPrincipalName is another "
                                     "account's" + (results.empty() ? std::string() : "; each is in " + results),
                                     id, errc::already_exists};
        return r;
    }
    if (!command.parameters.contains("$batch") || (command.name != "New-MgUser" && command.name != "Set-MgUserLicense" &&
                                                   command.name != "Update-MgUser" && command.name != "Remove-MgUser")) {
        r.failure = host_failure{"", "", "The graph transport has no command " + command.name + ".", "plan.command.unknown", errc::internal};
        return r;
    }
    const auto &items = command.parameters.at("$batch");
    const std::string results = text(command.parameters, "ResultsPath");
    std::vector<result_line> failures;
    const auto started = std::chrono::steady_clock::now();
    std::size_t done = 0;
    for (const auto &item : items) {
        const std::string who = command.name == "New-MgUser" ? text(item, "UserPrincipalName") : text(item, "UserId");
        try {
            if (command.name == "New-MgUser") {
                new_user u;
                u.user_principal_name = who;
                u.display_name = text(item, "DisplayName");
                if (auto loc = text(item, "UsageLocation"); !loc.empty()) u.usage_location = loc;
                u.password_secret = text(command.parameters, "PasswordSecret");
                if (auto g = text(item, "GivenName"); !g.empty()) u.extra["givenName"] = g;
                if (auto s = text(item, "Surname"); !s.empty()) u.extra["surname"] = s;
                // The local user's address, by which a later run matches the account (seed M4).
                if (auto m = item.find("OtherMails"); m != item.end() && m->is_array() && !m->empty()) u.extra["otherMails"] = *m;
                create_user(client_, secrets_, u);
                // The licence with the account (seed M4): a user for whom none is left is made
                // without one and reported; the others go on.
                if (auto sku = text(item, "SkuId"); !sku.empty()) {
                    try {
                        assign_license(client_, who, {{sku, {}}}, {});
                    } catch (const error &e) {
                        if (e.code() == errc::cancelled) throw;
                        failures.push_back({who, "Set-MgUserLicense", e.id(), e.what(), recommended_action(e.id())});
                        r.warnings.push_back(who + ": " + e.id() + ": " + e.what());
                        r.objects.push_back({{"Item", who}, {"Step", "Set-MgUserLicense"}, {"ErrorId", e.id()}, {"Message", e.what()},
                                             {"RecommendedAction", failures.back().action}});
                    }
                }
            } else if (command.name == "Update-MgUser") {
                update_user(client_, who, {{"accountEnabled", item.value("AccountEnabled", true)}});
            } else if (command.name == "Remove-MgUser") {
                delete_user(client_, who);
            } else {
                if (auto loc = text(item, "UsageLocation"); !loc.empty()) update_user(client_, who, {{"usageLocation", loc}});
                assign_license(client_, who, {{text(item, "SkuId"), {}}}, {});
            }
        } catch (const error &e) {
            if (e.code() == errc::cancelled) throw;
            failures.push_back({who, command.name, e.id(), e.what(), recommended_action(e.id())});
            r.warnings.push_back(who + ": " + e.id() + ": " + e.what());
            // The same line as the results file's, for the cmdlet to return as an object (M5).
            r.objects.push_back({{"Item", who}, {"Step", command.name}, {"ErrorId", e.id()}, {"Message", e.what()},
                                 {"RecommendedAction", failures.back().action}});
        }
        ++done;
        if (progress_) {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            char status[160];
            std::snprintf(status, sizeof status, "%s: %zu of %zu (%.1f per second)", command.name.c_str(), done, items.size(),
                          seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
            if (!progress_(command.name, status, static_cast<int>(100 * done / items.size())))
                throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
        }
    }
    append_results(results, failures);
    r.objects.push_back({{"Items", items.size()}, {"Succeeded", items.size() - failures.size()}, {"Failed", failures.size()}});
    if (!failures.empty())
        r.failure = host_failure{"", "",
                                 std::to_string(failures.size()) + " of " + std::to_string(items.size()) + " " + command.name +
                                     " items failed (the first, " + failures.front().item + " at " + failures.front().step + ": " +
                                     failures.front().message + "); the others were applied" +
                                     (results.empty() ? std::string() : "; each is in " + results),
                                 failures.front().error_id, errc::failed_precondition};
    return r;
}

}  // namespace mailint::graph
