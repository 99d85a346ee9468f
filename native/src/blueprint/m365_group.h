#pragma once
// Set-M365DistributionGroup (seed M6): an Exchange Online distribution group whose members are a
// local group's — given as addresses, or as a CSV export of the local group
// (Get-ADGroupMember <group> | Get-ADUser -Properties mail | Export-Csv; the Mail column, else
// UserPrincipalName). The group is made with its members when it does not exist; otherwise the
// missing members are added. Members it has beyond the local group's stay (someone added them in
// Exchange Online); nothing is removed.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "exchange_online/exo_client.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::m365_group {

inline constexpr const char *kScenario = "m365-distribution-group";

struct request {
    std::string name;
    std::string display_name;
    std::string address;               // PrimarySmtpAddress, "" for Exchange's default
    std::vector<std::string> members;  // addresses, lower case
    std::string results_path;          // one line per member that could not be added (M5)
    std::string local_group;           // read through the host session: Get-ADGroupMember, then Get-ADUser
};

// m365.group.name_missing, .address_malformed, .member_malformed, .members_csv.unreadable /
// .column_missing, with the line.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// Throws exchange.* errors of the reads (a member Exchange Online does not know fails its item at
// apply, reported with the others).
// `directory` (needed with r.local_group) runs Get-ADGroupMember and one Get-ADUser listing.
plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress, host_session *directory = nullptr);

}  // namespace mailint::m365_group
