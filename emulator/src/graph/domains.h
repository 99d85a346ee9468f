#pragma once
// /v1.0/domains (wire-apis.md §2.2): add, list, read, verify against the simulated public DNS,
// update (services, default), service records, delete.
#include "graph/call.h"
#include "graph/entity_type.h"

namespace emulator::graph {

const entity_type& domain_type();

http_response_data list_domains(call& c);
http_response_data get_domain(call& c);
http_response_data add_domain(call& c);
http_response_data update_domain(call& c);
http_response_data delete_domain(call& c);
http_response_data list_verification_records(call& c);
http_response_data list_service_records(call& c);
http_response_data verify_domain(call& c);

// The tenant's domain with that name (case-insensitive), or nullptr.
json* find_domain(json& tenant, std::string_view name);

} // namespace emulator::graph
