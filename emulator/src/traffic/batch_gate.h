#pragma once
// The hook the Graph personality's $batch calls for each item, without holding a reference to the
// traffic layer: the layer of the running emulator registers itself here.
#include "http_types.h"

#include <optional>
#include <string>
#include <string_view>

namespace emulator::traffic {

class traffic_layer;

struct batch_item_refusal {
    http_response_data answer;  // status, headers (Retry-After for a 429), JSON body
    std::string fault;          // for the item's request-log entry (request_record::fault)
};

// Nothing: run the item. Otherwise the item's answer instead: a 429 with Retry-After among its
// headers, or an injected 503/504. The layer logs nothing here and takes only its own lock, so the
// caller may hold the store's lock; it logs the item as its other items, with `fault` set. Without
// a registered layer every item runs.
std::optional<batch_item_refusal> admit_graph_batch_item(const http_request_data& batch_request,
                                                         std::string_view item_method);

// Called by the layer's constructor and destructor.
void register_batch_gate(traffic_layer* layer);

} // namespace emulator::traffic
