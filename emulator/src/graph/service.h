#pragma once
// The Microsoft Graph personality (PROTOCOL.md "Microsoft Graph personality"): requests under
// /v1.0/, including $batch.
#include "entra/signing_key.h"
#include "graph/batch.h"
#include "http_types.h"
#include "store.h"

#include <mutex>

namespace emulator::graph {

class service {
public:
    // The hook starts as the traffic layer's batch gate (traffic/batch_gate.h), which lets every
    // item run while no traffic layer is registered.
    service(store& s, const entra::signing_key& key);

    // Whether the path is Graph's (/v1.0/…).
    static bool handles(const http_request_data& request);
    http_response_data handle(const http_request_data& request);

    // The traffic layer's hook, run before each $batch item (see item_hook).
    void set_before_item(item_hook hook);

private:
    store& store_;
    const entra::signing_key& key_;
    std::mutex hook_mutex_;
    item_hook before_item_;
};

} // namespace emulator::graph
