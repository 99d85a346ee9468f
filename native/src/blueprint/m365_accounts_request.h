#pragma once
// New-M365OnlineAccount's request (seeds M4, M5): online accounts for local users in bulk, from a
// CSV export of the local directory (Get-ADUser … | Export-Csv), each with its userPrincipalName in
// the linked domain, a usage location and, when asked, a licence.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint::m365_accounts {

inline constexpr const char *kScenario = "m365-accounts";

struct local_user {
    std::size_t line = 0;        // in the CSV
    std::string local_name;      // the local UPN's (or SamAccountName's) part before '@', as given
    std::string upn;             // <local_name>@<DomainName>, lower case
    std::string display_name;
    std::string mail;            // the local mail address, lower case; "" when the row has none
    std::string given_name, surname;
    std::string usage_location;  // the row's, else the request's
    bool enabled = true;         // the row's Enabled column (False: no account is made for it)
};

struct request {
    std::string domain;          // the linked domain (an accepted, verified domain)
    std::string usage_location;  // for rows without one
    std::string license_sku;     // "" for none
    std::string password_secret; // the first password's secret name
    std::string results_path;
    std::string state_directory;  // where the link record is kept ("" : the user's state folder)
    std::vector<local_user> users;
    // The users come from Active Directory through the host session (Get-ADUser -Filter
    // [-SearchBase]) instead of a CSV; they are read when the plan is built.
    bool from_directory = false;
    std::string directory_filter = "*";
    std::string directory_search_base;
};

// The users of a Get-ADUser answer, checked as the CSV's rows are; one that cannot be given an
// account (no name usable before '@', no display name) is left out with a warning finding.
std::vector<local_user> users_from_directory(const std::vector<nlohmann::json> &objects, const request &r, diagnostics &d);

// Every finding with its CSV line; nothing is read from Microsoft 365.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// Sync-M365OnlineAccount's request (the lifecycle half of M4): DomainName, UsersCsvPath (the local
// users as they are now, with Enabled), StateDirectory, ResultsPath. No usage location is needed.
inline constexpr const char *kSyncScenario = "m365-accounts-sync";
diagnostics parse_sync_request(const nlohmann::json &parameters, request &out);

}  // namespace mailint::m365_accounts
