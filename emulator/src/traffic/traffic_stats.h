#pragma once
// The counters of GET /control/traffic/stats, per scope and for the whole emulator. Not
// thread-safe: the traffic layer updates them under its own mutex.
#include "traffic/outcome.h"
#include "util/json.h"

#include <cstdint>
#include <map>
#include <string>

namespace emulator::traffic {

class traffic_stats {
public:
    void count_request(const std::string& scope);
    void count_admitted(const std::string& scope);
    // A 429 of the throttle (rate_limit, concurrency_limit, during_retry_after) or an injected fault.
    void count(const std::string& scope, outcome what);
    void observe_in_flight(const std::string& scope, int scope_in_flight, int total_in_flight);

    // Everything back to zero; the peaks restart from what is in flight now.
    void clear(const std::map<std::string, int>& scope_in_flight, int total_in_flight);

    // {"total":{…},"scopes":{"<service>/<tenant>":{…}}}
    json to_json() const;

private:
    struct counters {
        std::uint64_t requests = 0;
        std::uint64_t admitted = 0;
        std::map<outcome, std::uint64_t> outcomes;
        int peak_concurrent = 0;
    };
    static json counters_json(const counters& c);

    counters total_;
    std::map<std::string, counters> scopes_;
};

} // namespace emulator::traffic
