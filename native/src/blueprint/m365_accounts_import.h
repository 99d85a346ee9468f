#pragma once
// Import-M365OnlineAccount's plan (seed M4, the other direction): the online accounts of the linked
// domain that have no local user become local users (New-ADUser through the host session on a
// domain member), each with the first password given and a change at first sign-in. A local user is
// the account's when its SamAccountName or UPN prefix is the account's UPN prefix, or its mail is
// one of the account's addresses: then nothing is made, and the pair is linked for
// Sync-M365OnlineAccount. One step per user: a user that fails does not stop the others.
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/m365_accounts_record.h"
#include "core/diagnostic.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::m365_accounts {

inline constexpr const char *kImportScenario = "m365-accounts-import";

struct import_request {
    std::string domain;             // the linked domain whose accounts are imported
    std::string upn_suffix;         // the local users' UPN suffix ("" : the domain)
    std::string path;               // the OU they are made in ("" : the domain's Users container)
    std::string password_secret;
    std::string state_directory;
    std::string results_path;
};

diagnostics parse_import_request(const nlohmann::json &parameters, import_request &out);

// `links` receives (step id, local name, account): "" for the matched ones, else the step that
// makes the local user (link it once that step succeeded).
plan build_import_plan(const import_request &r, graph::graph_client &graph, host_session &directory, const progress_fn &progress,
                       std::vector<std::tuple<std::string, std::string, linked_account>> *links = nullptr);

}  // namespace mailint::m365_accounts
