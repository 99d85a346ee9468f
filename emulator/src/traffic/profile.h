#pragma once
// The traffic profile of POST /control/traffic: per service a latency model, a throttle (token
// bucket and concurrency cap) and fault probabilities, plus the seed of the random decisions and
// the time scale (PROTOCOL.md, "Traffic shaping"). Times in a profile are virtual: the time scale
// turns them into wall time.
#include "traffic/request_scope.h"
#include "util/json.h"

#include <cstdint>
#include <map>

namespace emulator::traffic {

struct latency_spec {
    enum class distribution { none, fixed, lognormal };
    distribution kind = distribution::none;
    double ms = 0;         // fixed
    double median_ms = 0;  // lognormal
    double p95_ms = 0;     // lognormal
};

struct throttle_spec {
    double rate_per_second = 0;  // token bucket refill; 0: no bucket
    double burst = 0;            // bucket size
    int max_concurrent = 0;      // requests in flight per scope; 0: no cap
};

// Probabilities per request, drawn once each in this order; their sum is at most 1.
struct fault_spec {
    double rate429 = 0;
    double rate503 = 0;
    double rate504 = 0;
    double rate_transient_exception = 0;  // Exchange only: 500 with DCOverloadedException
    double rate_reset = 0;
    double rate_stall = 0;
    double stall_ms = 0;
    // The share of the injected 504s and connection resets that strike after the service ran the
    // request: the state changed and the reply is lost, as when a gateway gives up on a backend
    // that still finishes. The rest strike before (nothing ran). A client that resends a create
    // after such a failure creates twice; one that reads first does not.
    double processed_share = 0;
};

struct service_profile {
    latency_spec read_latency;
    latency_spec write_latency;
    throttle_spec throttle;
    fault_spec faults;
    // The wait a 429 asks for when nothing computes one (concurrency cap, injected 429).
    double retry_after_seconds = 1;
};

struct traffic_profile {
    std::uint64_t seed = 0;
    double time_scale = 1;  // wall time = virtual time × time_scale
    std::map<service, service_profile> services;  // a service not named is not shaped
};

// Validates a control document; std::invalid_argument names the offending member.
traffic_profile parse_profile(const json& document);
// The profile in the control document's shape, every default written out (posting it back gives
// the same profile).
json to_json(const traffic_profile& profile);

} // namespace emulator::traffic
