#pragma once
// Identity protection as Graph exposes it (seed T11, Teams Essentials with consumer Gmail): the
// tenant's security defaults, which block the POP sign-in Gmail fetches mail with, and its
// conditional access policies, one of which may block POP too.
//   GET/PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy   (Policy.Read.All / Policy.ReadWrite.SecurityDefaults)
//   GET       /v1.0/identity/conditionalAccess/policies                   (Policy.Read.All)
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_client.h"

namespace mailint::graph {

bool security_defaults_enabled(graph_client &client);
// PATCH {"isEnabled":…}; setting the value it has is harmless, so the call is idempotent.
void set_security_defaults(graph_client &client, bool enabled);

std::vector<nlohmann::json> list_conditional_access_policies(graph_client &client);

// Why an enabled policy stops POP sign-ins (POP is one of the "other clients" that cannot do
// modern authentication, so it cannot satisfy MFA either): it applies to "other" or all client
// app types, to all cloud apps, Office 365 or Exchange Online, to users (all or some: which of
// them is the administrator's to see), and blocks or asks for MFA. nullopt when it does not.
std::optional<std::string> blocks_pop(const nlohmann::json &policy);

}  // namespace mailint::graph
