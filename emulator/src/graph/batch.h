#pragma once
// POST /v1.0/$batch (wire-apis.md §2.5): up to 20 requests with unique ids, relative urls, headers
// (with Content-Type) whenever there is a body, dependsOn. Each item runs through graph::execute as
// if sent alone (its own token check with the outer token, its own log entry marked "batch").
#include "entra/signing_key.h"
#include "http_types.h"
#include "store.h"

#include <functional>
#include <optional>
#include <string>

namespace emulator::graph {

// What the traffic layer answers for an item instead of running it: a 429 with Retry-After, an
// injected 503 … `fault` labels the item's request-log entry (request_record::fault).
struct item_refusal {
    http_response_data answer;
    std::string fault;
};

// Called before each item runs, with the item as a request of its own (it carries the batch's
// Authorization and Host). A refusal replaces running the item; nullopt lets it run. Called
// without the store's lock held.
using item_hook = std::function<std::optional<item_refusal>(const http_request_data&)>;

http_response_data run_batch(store& s, const entra::signing_key& key, const http_request_data& request,
                             const item_hook& before_item);

} // namespace emulator::graph
