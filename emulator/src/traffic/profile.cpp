#include "traffic/profile.h"

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace emulator::traffic {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what)
{
    throw std::invalid_argument(where + ": " + what);
}

const json& object_at(const json& value, const std::string& where)
{
    if (!value.is_object())
        fail(where, "must be an object");
    return value;
}

// A misspelt member would otherwise silently mean "no shaping"; refuse it instead.
void only_members(const json& object, const std::string& where, std::initializer_list<std::string_view> allowed)
{
    for (const auto& [name, value] : object.items()) {
        bool known = false;
        for (const auto candidate : allowed)
            known = known || candidate == name;
        if (!known)
            fail(where, "unknown member \"" + name + "\"");
    }
}

double number_at(const json& object, const char* name, const std::string& where, double fallback, double minimum,
                 double maximum)
{
    const auto found = object.find(name);
    if (found == object.end())
        return fallback;
    const std::string path = where + "." + name;
    if (!found->is_number())
        fail(path, "must be a number");
    const double value = found->get<double>();
    if (!std::isfinite(value) || value < minimum || value > maximum)
        fail(path, "must be from " + json(minimum).dump() + " to " + json(maximum).dump());
    return value;
}

constexpr double max_ms = 24.0 * 3600 * 1000;  // a day: longer is a typo, and would hang a test

latency_spec parse_latency_spec(const json& object, const std::string& where, const latency_spec& fallback)
{
    const auto distribution = object.find("distribution");
    if (distribution == object.end()) {
        if (object.contains("ms") || object.contains("medianMs") || object.contains("p95Ms"))
            fail(where, "needs \"distribution\"");
        return fallback;
    }
    if (!distribution->is_string())
        fail(where + ".distribution", "must be \"fixed\", \"lognormal\" or \"none\"");
    latency_spec spec;
    const std::string name = distribution->get<std::string>();
    if (name == "none") {
        spec.kind = latency_spec::distribution::none;
    } else if (name == "fixed") {
        spec.kind = latency_spec::distribution::fixed;
        if (!object.contains("ms"))
            fail(where, "a fixed latency needs \"ms\"");
        spec.ms = number_at(object, "ms", where, 0, 0, max_ms);
    } else if (name == "lognormal") {
        spec.kind = latency_spec::distribution::lognormal;
        if (!object.contains("medianMs") || !object.contains("p95Ms"))
            fail(where, "a lognormal latency needs \"medianMs\" and \"p95Ms\"");
        // The logarithm of 0 has no distribution around it.
        spec.median_ms = number_at(object, "medianMs", where, 0, 0.001, max_ms);
        spec.p95_ms = number_at(object, "p95Ms", where, 0, 0.001, max_ms);
        if (spec.p95_ms < spec.median_ms)
            fail(where + ".p95Ms", "must not be below medianMs");
    } else {
        fail(where + ".distribution", "must be \"fixed\", \"lognormal\" or \"none\"");
    }
    return spec;
}

void parse_latency(const json& value, const std::string& where, service_profile& profile)
{
    const json& object = object_at(value, where);
    only_members(object, where, {"distribution", "ms", "medianMs", "p95Ms", "read", "write"});
    // The top-level model is the default of both kinds; "read"/"write" replace it for one kind.
    const latency_spec both = parse_latency_spec(object, where, latency_spec{});
    profile.read_latency = profile.write_latency = both;
    for (const auto& [kind, target] : {std::pair{"read", &profile.read_latency}, std::pair{"write", &profile.write_latency}}) {
        const auto found = object.find(kind);
        if (found == object.end())
            continue;
        const std::string path = where + "." + kind;
        const json& kind_object = object_at(*found, path);
        only_members(kind_object, path, {"distribution", "ms", "medianMs", "p95Ms"});
        if (!kind_object.contains("distribution"))
            fail(path, "needs \"distribution\"");
        *target = parse_latency_spec(kind_object, path, both);
    }
}

void parse_throttle(const json& value, const std::string& where, throttle_spec& throttle)
{
    const json& object = object_at(value, where);
    only_members(object, where, {"ratePerSecond", "burst", "maxConcurrent"});
    throttle.rate_per_second = number_at(object, "ratePerSecond", where, 0, 0, 1e9);
    if (object.contains("burst") && throttle.rate_per_second == 0)
        fail(where + ".burst", "needs ratePerSecond");
    // A bucket smaller than one token could never admit a request.
    throttle.burst = throttle.rate_per_second > 0 ? number_at(object, "burst", where, 1, 1, 1e9) : 0;
    const double cap = number_at(object, "maxConcurrent", where, 0, 0, 1e6);
    if (cap != std::floor(cap))
        fail(where + ".maxConcurrent", "must be a whole number");
    throttle.max_concurrent = static_cast<int>(cap);
}

void parse_faults(const json& value, const std::string& where, service s, fault_spec& faults)
{
    const json& object = object_at(value, where);
    only_members(object, where,
                 {"rate429", "rate503", "rate504", "rateTransientException", "rateReset", "rateStall", "stallMs",
                  "processedShare"});
    faults.rate429 = number_at(object, "rate429", where, 0, 0, 1);
    faults.rate503 = number_at(object, "rate503", where, 0, 0, 1);
    faults.rate504 = number_at(object, "rate504", where, 0, 0, 1);
    faults.rate_transient_exception = number_at(object, "rateTransientException", where, 0, 0, 1);
    faults.rate_reset = number_at(object, "rateReset", where, 0, 0, 1);
    faults.rate_stall = number_at(object, "rateStall", where, 0, 0, 1);
    faults.stall_ms = number_at(object, "stallMs", where, 0, 0, max_ms);
    faults.processed_share = number_at(object, "processedShare", where, 0, 0, 1);
    if (faults.rate_transient_exception > 0 && s != service::exchange_online && s != service::exchange_onprem)
        fail(where + ".rateTransientException", "only Exchange (exchangeOnline, exchangeOnPrem) has DCOverloadedException");
    if (faults.rate_stall > 0 && !object.contains("stallMs"))
        fail(where, "rateStall needs stallMs");
    const double sum = faults.rate429 + faults.rate503 + faults.rate504 + faults.rate_transient_exception +
                       faults.rate_reset + faults.rate_stall;
    if (sum > 1 + 1e-9)
        fail(where, "the fault rates add up to more than 1");
}

service_profile parse_service(const json& value, const std::string& where, service s)
{
    const json& object = object_at(value, where);
    only_members(object, where, {"latency", "throttle", "faults", "retryAfterSeconds"});
    service_profile profile;
    profile.retry_after_seconds = number_at(object, "retryAfterSeconds", where, 1, 0, 24.0 * 3600);
    if (const auto found = object.find("latency"); found != object.end())
        parse_latency(*found, where + ".latency", profile);
    if (const auto found = object.find("throttle"); found != object.end())
        parse_throttle(*found, where + ".throttle", profile.throttle);
    if (const auto found = object.find("faults"); found != object.end())
        parse_faults(*found, where + ".faults", s, profile.faults);
    return profile;
}

json latency_json(const latency_spec& spec)
{
    switch (spec.kind) {
    case latency_spec::distribution::fixed: return json{{"distribution", "fixed"}, {"ms", spec.ms}};
    case latency_spec::distribution::lognormal:
        return json{{"distribution", "lognormal"}, {"medianMs", spec.median_ms}, {"p95Ms", spec.p95_ms}};
    case latency_spec::distribution::none: break;
    }
    return json{{"distribution", "none"}};
}

} // namespace

traffic_profile parse_profile(const json& document)
{
    const json& object = object_at(document, "profile");
    only_members(object, "profile", {"seed", "timeScale", "services"});
    traffic_profile profile;
    if (const auto seed = object.find("seed"); seed != object.end()) {
        if (!seed->is_number_unsigned())
            fail("profile.seed", "must be a non-negative whole number");
        profile.seed = seed->get<std::uint64_t>();
    }
    // Below 1e-6 a day of virtual time is a tenth of a second and every wait rounds to nothing.
    profile.time_scale = number_at(object, "timeScale", "profile", 1, 1e-6, 1000);
    if (profile.time_scale <= 0)
        fail("profile.timeScale", "must be above 0");
    if (const auto services = object.find("services"); services != object.end()) {
        const json& map = object_at(*services, "profile.services");
        for (const auto& [name, value] : map.items()) {
            const auto s = service_from_name(name);
            if (!s)
                fail("profile.services", "unknown service \"" + name +
                                             "\" (exchangeOnline, graph, dataverse, exchangeOnPrem, entra)");
            profile.services[*s] = parse_service(value, "profile.services." + name, *s);
        }
    }
    return profile;
}

json to_json(const traffic_profile& profile)
{
    json services = json::object();
    for (const auto& [s, p] : profile.services) {
        json throttle = json::object();
        if (p.throttle.rate_per_second > 0) {
            throttle["ratePerSecond"] = p.throttle.rate_per_second;
            throttle["burst"] = p.throttle.burst;
        }
        throttle["maxConcurrent"] = p.throttle.max_concurrent;
        json faults = {{"rate429", p.faults.rate429},
                       {"rate503", p.faults.rate503},
                       {"rate504", p.faults.rate504}};
        if (s == service::exchange_online || s == service::exchange_onprem)
            faults["rateTransientException"] = p.faults.rate_transient_exception;
        faults["rateReset"] = p.faults.rate_reset;
        faults["rateStall"] = p.faults.rate_stall;
        faults["stallMs"] = p.faults.stall_ms;
        faults["processedShare"] = p.faults.processed_share;
        services[std::string(service_name(s))] = json{
            {"retryAfterSeconds", p.retry_after_seconds},
            {"latency", {{"read", latency_json(p.read_latency)}, {"write", latency_json(p.write_latency)}}},
            {"throttle", throttle},
            {"faults", faults}};
    }
    return json{{"seed", profile.seed}, {"timeScale", profile.time_scale}, {"services", services}};
}

} // namespace emulator::traffic
