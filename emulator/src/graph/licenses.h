#pragma once
// Licences (wire-apis.md §2.3): the tenant's subscribedSkus with consumedUnits kept in step with
// the users' assignedLicenses, and POST /users/{id}/assignLicense.
#include "graph/call.h"
#include "graph/entity_type.h"

#include <string>

namespace emulator::graph {

const entity_type& sku_type();

http_response_data list_subscribed_skus(call& c);
http_response_data assign_license(call& c);

// A subscribedSku object as Graph prints it (consumedUnits 0).
json make_sku(const std::string& tenant_id, const std::string& sku_id, const std::string& part_number,
              long long prepaid_units, json service_plans);

// consumedUnits of every SKU recounted from the users (after a seed, whose numbers may disagree).
void recount_consumed_units(json& tenant);

// A deleted user gives its licences back.
void release_licenses(json& tenant, const json& user);

} // namespace emulator::graph
