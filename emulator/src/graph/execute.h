#pragma once
// One Graph request, start to end: route, token check (entra::authorize, tenant = the token's
// tid), query options, body, the handler under the store's lock, and the request-log entry. The
// top-level route and each $batch item go through here, so an item behaves exactly as the same
// request sent alone.
#include "entra/signing_key.h"
#include "http_types.h"
#include "store.h"

#include <optional>
#include <string>

namespace emulator::graph {

struct execution_context {
    std::string base_url;                   // "http://<Host>", for @odata.context and nextLinks
    std::optional<std::string> batch_item;  // the $batch item id; logged as the entry's "batch"
};

// `request.segments` start with "v1.0".
http_response_data execute(store& s, const entra::signing_key& key, const http_request_data& request,
                           const execution_context& context);

// The base URL a client reached us by (its Host header), so links it follows come back here.
std::string base_url_of(const http_request_data& request);

// The 401/403 of entra::authorize in Graph's error envelope (§2.7), status and headers kept.
http_response_data graph_auth_failure(const http_response_data& failure, const http_request_data& request);

} // namespace emulator::graph
