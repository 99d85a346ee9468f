#pragma once
// Microsoft Graph JSON batching (wire-apis.md §2.5, service-limits.md §3.2): many requests in
// POST /v1.0/$batch envelopes of at most 20, each item answered (and throttled) on its own.
//
// What the caller gets is one result per request, in the caller's order, whatever happened:
//   - requests tied by dependsOn travel in the same envelope (Graph requires it), so a list is
//     split between whole dependency groups, never inside one;
//   - items answered 429/503/504 are sent again in a later envelope, after the longest
//     Retry-After among them; the wait goes through the channel's throttle gate, so every Graph
//     request of the connection waits too (Graph keeps charging a client that sends while
//     throttled) — up to the channel policy's max attempts per item;
//   - an item answered 424 (its dependency failed) is sent again with that dependency when the
//     dependency is being retried, and reported as graph.dependency_failed when it failed for good;
//   - a failed item carries the graph.* error of its status and body (graph_error.h).
// Batching saves round trips, not throttling budget: each item still costs what it costs alone.
#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "graph/graph_client.h"
#include "secret/secret_store.h"

namespace mailint::graph {

struct batch_request {
    // Unique among the requests of one call; empty: the request's 1-based position as text.
    std::string id;
    std::string method = "GET";
    // Relative to the version, as $batch wants it: "/users", "/domains/contoso.com/verify"
    // (a leading "/v1.0" is dropped).
    std::string url;
    std::optional<nlohmann::json> body;
    // Content-Type: application/json is added for a body unless given here.
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::string> depends_on;  // ids of requests of the same call

    batch_request() = default;
    batch_request(const batch_request &) = default;
    batch_request(batch_request &&) = default;
    batch_request &operator=(const batch_request &) = default;
    batch_request &operator=(batch_request &&) = default;
    // Bodies of user creates hold passwords: overwritten when dropped.
    ~batch_request();
};

struct batch_result {
    std::string id;
    int status = 0;  // the last answer's status; 0 when the item was never answered
    nlohmann::json headers = nlohmann::json::object();
    std::optional<nlohmann::json> body;
    std::optional<mailint::error> failure;  // set unless the final status is 2xx
    int attempts = 0;                       // times the item was actually run by Graph

    bool ok() const { return !failure.has_value(); }
};

struct batch_options {
    int max_per_batch = 20;  // Graph's limit; smaller values are for tests
    int max_attempts = 0;    // per item; 0: the channel policy's max_attempts
    // Every stored secret is cut out of failure messages (Graph echoes request text in some
    // errors, and user creates carry passwords).
    const secret_store *secrets = nullptr;
    const std::atomic<bool> *cancelled = nullptr;
};

// Throws mailint::error invalid_argument (graph.batch.invalid) for duplicate ids, a dependsOn
// naming no request of the call, a dependency cycle or a dependency group larger than an
// envelope, and transport.cancelled; every other failure is reported per item.
std::vector<batch_result> run_batch(graph_client &client, const std::vector<batch_request> &requests,
                                    const batch_options &options = {});

}  // namespace mailint::graph
