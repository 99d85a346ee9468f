#pragma once
// Install-ExchangePrerequisite's plan (seed X3, the original InstallDependencies.ps1): the Windows
// roles and features Exchange setup needs, through the host session's ServerManager cmdlets. One
// Get-WindowsFeature of the whole list decides; only the features not installed are installed, in
// one Install-WindowsFeature, and the computer restarts only when the caller asked (-Restart, as
// the original passes it: Windows then restarts only if a feature needs it).
//
//   create  Install-WindowsFeature -Name <the missing ones> [-Source s] [-Restart]
//   update  Restart-Computer -Force   -Restart given, nothing to install, a feature pending restart
//   manual  a feature whose files were removed from the computer (InstallState Removed) and no
//           -Source: Windows cannot install it without the installation media
//
// parameters: {"Feature"?: [names] (default the document's list), "Source"?, "Restart"?: bool,
//   "ComputerName"?}
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_features {

inline constexpr const char *kScenario = "exchange-windows-features";

// InstallDependencies.ps1's Add-WindowsFeature list, in its order.
const std::vector<std::string> &document_features();

struct request {
    std::vector<std::string> features;
    std::string source;
    std::string computer_name;
    bool restart = false;
};

// exchange.features.name_invalid for a name with characters a feature name never has.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// Throws exchange.features.unknown (failed_precondition) naming the features Windows does not know.
plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_features
