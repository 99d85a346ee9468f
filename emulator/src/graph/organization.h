#pragma once
// GET /v1.0/organization: the tenant as one object (id = tenant id), with its verified domains.
#include "graph/call.h"

namespace emulator::graph {

http_response_data list_organization(call& c);
http_response_data get_organization(call& c);

} // namespace emulator::graph
