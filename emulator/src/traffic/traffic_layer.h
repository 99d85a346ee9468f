#pragma once
// The layer in front of the personalities: every service request passes it before the router
// runs a personality, and it may answer instead (throttling, injected faults) or hold the request
// (latency, stalls) first. Configured at run time through /control/traffic (PROTOCOL.md,
// "Traffic shaping"). Faults are decided before the personality runs, so a refused request never
// changes the state; only the processedShare of 504s and resets strike after it ran.
#include "http_types.h"
#include "store.h"
#include "traffic/batch_gate.h"
#include "traffic/outcome.h"
#include "traffic/profile.h"
#include "traffic/random_source.h"
#include "traffic/request_scope.h"
#include "traffic/retry_after.h"
#include "traffic/token_bucket.h"
#include "traffic/traffic_stats.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace emulator::traffic {

class traffic_layer {
public:
    using handler = std::function<http_response_data(const http_request_data&)>;

    // `next` is the router. The layer answers /control/traffic… itself and watches /control/reset
    // and /control/counters/reset on their way to the router, to reset itself with them.
    traffic_layer(store& s, handler next);
    ~traffic_layer();
    traffic_layer(const traffic_layer&) = delete;
    traffic_layer& operator=(const traffic_layer&) = delete;

    http_response_data handle(const http_request_data& request);

    // One item of a Graph $batch, throttled on its own as Graph does (wire-apis.md §2.5): the
    // scope's Retry-After, its token bucket (one token per item; the $batch request itself takes
    // none) and the injected 429/503/504. See batch_gate.h.
    std::optional<batch_item_refusal> admit_batch_item(const http_request_data& batch_request,
                                                       std::string_view item_method);

private:
    struct scope_state {
        int in_flight = 0;
        std::optional<token_bucket> bucket;
        std::optional<std::chrono::steady_clock::time_point> retry_deadline;
        outcome retry_reason = outcome::http429;  // why the last 429 was sent, for the repeats' shape
    };

    // What the layer decided under its lock: an answer instead of the service, or a delay before it.
    struct decision {
        std::optional<http_response_data> answer;
        std::optional<outcome> logged;  // the fault member of the request log
        double wall_delay_ms = 0;       // latency plus stall, scaled
        // Admitted, but the reply is replaced by this fault after the personality ran.
        std::optional<outcome> after_processing;
    };

    std::optional<http_response_data> control(const http_request_data& request);
    decision decide(const request_scope& scope, const http_request_data& request, bool batch_item);
    http_response_data refuse_429(const request_scope& scope, scope_state& state, outcome reason,
                                  double virtual_seconds, const service_profile& profile,
                                  const http_request_data& request, std::chrono::steady_clock::time_point now);
    void install(traffic_profile profile);
    void release(const std::string& key);
    void log_refusal(const request_scope& scope, const http_request_data& request, const http_response_data& answer,
                     outcome what);

    store& store_;
    handler next_;

    std::mutex mutex_;
    traffic_profile profile_;
    std::chrono::steady_clock::time_point epoch_;  // virtual time 0 of the current profile
    random_source fault_random_;
    random_source latency_random_;
    std::map<std::string, scope_state> scopes_;
    int in_flight_ = 0;
    traffic_stats stats_;
};

} // namespace emulator::traffic
