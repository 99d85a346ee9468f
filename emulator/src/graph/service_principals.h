#pragma once
// /v1.0/servicePrincipals (wire-apis.md §2.4): find by appId ($filter or the
// servicePrincipals(appId='…') key), read with $select, PATCH keyCredentials and
// servicePrincipalNames (each replaced as a whole).
#include "graph/call.h"
#include "graph/entity_type.h"

namespace emulator::graph {

const entity_type& service_principal_type();

http_response_data list_service_principals(call& c);
http_response_data get_service_principal(call& c);
http_response_data update_service_principal(call& c);

} // namespace emulator::graph
