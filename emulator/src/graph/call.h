#pragma once
// One Graph request as a handler sees it: the tenant's section of the state (the caller holds the
// store's lock), the query options already parsed and the JSON body already read.
#include "graph/query_options.h"
#include "http_types.h"
#include "util/json.h"

#include <string>
#include <vector>

namespace emulator::graph {

struct call {
    const http_request_data& request;
    json& state;                      // the whole state document (dns, entra)
    json& tenant;                     // state["graph"]["<tenantId>"]
    std::string tenant_id;
    std::string base_url;             // "http://127.0.0.1:PORT", for @odata.context and nextLinks
    query_options query;
    json body;                        // null when the request has none
    std::vector<std::string> params;  // the {id} parts of the route, in order
};

using handler = http_response_data (*)(call&);

} // namespace emulator::graph
