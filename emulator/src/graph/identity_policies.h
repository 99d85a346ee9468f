#pragma once
// The tenant's identity protection as Graph exposes it (seed T11, Gmail mode):
//   GET/PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy   (security defaults)
//   GET       /v1.0/identity/conditionalAccess/policies                   (conditional access)
// State: graph.<tenant>.securityDefaults {"isEnabled":bool} (on for a new tenant, as Entra creates
// tenants since 2019) and graph.<tenant>.conditionalAccessPolicies [{…}] in Graph's shape, seeded
// through /control/seed (the policies are not created through this emulator's Graph).
#include "graph/call.h"
#include "graph/entity_type.h"

namespace emulator::graph {

const entity_type& conditional_access_policy_type();

http_response_data get_security_defaults(call& c);
http_response_data update_security_defaults(call& c);
http_response_data list_conditional_access_policies(call& c);

// Fills in securityDefaults and conditionalAccessPolicies of a directory that lacks them; throws
// std::invalid_argument for a wrong shape.
void normalize_identity_policies(json& directory, const std::string& tenant_id);

} // namespace emulator::graph
