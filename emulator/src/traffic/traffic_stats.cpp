#include "traffic/traffic_stats.h"

#include <algorithm>

namespace emulator::traffic {

void traffic_stats::count_request(const std::string& scope)
{
    ++total_.requests;
    ++scopes_[scope].requests;
}

void traffic_stats::count_admitted(const std::string& scope)
{
    ++total_.admitted;
    ++scopes_[scope].admitted;
}

void traffic_stats::count(const std::string& scope, outcome what)
{
    ++total_.outcomes[what];
    ++scopes_[scope].outcomes[what];
}

void traffic_stats::observe_in_flight(const std::string& scope, int scope_in_flight, int total_in_flight)
{
    auto& peak = scopes_[scope].peak_concurrent;
    peak = std::max(peak, scope_in_flight);
    total_.peak_concurrent = std::max(total_.peak_concurrent, total_in_flight);
}

void traffic_stats::clear(const std::map<std::string, int>& scope_in_flight, int total_in_flight)
{
    total_ = counters{};
    scopes_.clear();
    total_.peak_concurrent = total_in_flight;
    for (const auto& [scope, in_flight] : scope_in_flight)
        if (in_flight > 0)
            scopes_[scope].peak_concurrent = in_flight;
}

json traffic_stats::counters_json(const counters& c)
{
    const auto n = [&](outcome o) {
        const auto found = c.outcomes.find(o);
        return found == c.outcomes.end() ? std::uint64_t{0} : found->second;
    };
    const std::uint64_t throttled = n(outcome::rate_limit) + n(outcome::concurrency_limit) + n(outcome::during_retry_after);
    json faults = json::object();
    for (const auto o : {outcome::http429, outcome::http503, outcome::http504, outcome::transient_exception,
                         outcome::connection_reset, outcome::stall, outcome::http504_processed,
                         outcome::connection_reset_processed})
        faults[std::string(outcome_name(o))] = n(o);
    json throttled_by = json::object();
    for (const auto o : {outcome::rate_limit, outcome::concurrency_limit, outcome::during_retry_after})
        throttled_by[std::string(outcome_name(o))] = n(o);
    return json{{"requests", c.requests},
                {"admitted", c.admitted},
                {"throttled429", throttled},
                {"throttledBy", throttled_by},
                {"faults", faults},
                {"requestsDuringRetryAfter", n(outcome::during_retry_after)},
                {"peakConcurrent", c.peak_concurrent}};
}

json traffic_stats::to_json() const
{
    json scopes = json::object();
    for (const auto& [scope, c] : scopes_)
        scopes[scope] = counters_json(c);
    return json{{"total", counters_json(total_)}, {"scopes", scopes}};
}

} // namespace emulator::traffic
