#pragma once
// ConfigureExchange.ps1 (seed X5) as desired state: every object the script creates or sets,
// keyed so that a second run finds what the first made instead of making it again.
#include "blueprint/exchange_onprem_request.h"
#include "plan/planner.h"

namespace mailint::exchange_onprem {

inline constexpr const char *kScenario = "exchange-onprem";
inline constexpr const char *kPolicyName = "Windows Server Essentials Email Address Policy";
inline constexpr const char *kReceiveConnectorName = "WSE Internet Receive Connector";
inline constexpr const char *kSendConnectorName = "WSE Internet SendConnector";
inline constexpr const char *kServices = "POP, IIS, IMAP, SMTP";

planner_input expand(const request &r, diagnostics warnings);

}  // namespace mailint::exchange_onprem
