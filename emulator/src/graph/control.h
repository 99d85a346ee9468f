#pragma once
// Control endpoints of the Graph personality (not part of Graph): bulk users and SKUs for large
// tests, and the simulated public DNS that domain verification reads.
//   POST /control/graph/{tenant}/users/generate {"count","prefix","domain","usageLocation"?}
//   POST /control/graph/{tenant}/skus {"skuId","skuPartNumber","prepaidUnits","servicePlans"?}
//   GET|POST /control/dns/records
#include "http_types.h"
#include "store.h"

#include <optional>

namespace emulator::graph {

// nullopt when the path is not one of these.
std::optional<http_response_data> control(store& s, const http_request_data& request);

} // namespace emulator::graph
