#include "traffic/traffic_layer.h"

#include "traffic/batch_gate.h"
#include "traffic/error_shapes.h"
#include "traffic/latency_model.h"
#include "traffic/request_annotation.h"

#include <atomic>
#include <initializer_list>
#include <stdexcept>
#include <thread>

namespace emulator::traffic {
namespace {

using clock = std::chrono::steady_clock;

std::atomic<traffic_layer*> registered_layer{nullptr};

// The latency stream is kept apart from the fault stream, so changing a latency model does not
// change which requests fail.
constexpr std::uint64_t latency_stream = 0x9E3779B97F4A7C15ull;

http_response_data json_response(int status, const json& body) { return {status, dump_json(body), {}}; }

bool is(const http_request_data& request, std::string_view method, std::initializer_list<std::string_view> path)
{
    if (request.method != method || request.segments.size() != path.size())
        return false;
    auto segment = request.segments.begin();
    for (const auto part : path)
        if (*segment++ != part)
            return false;
    return true;
}

void sleep_wall_ms(double ms)
{
    if (ms > 0)
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(ms));
}

} // namespace

void register_batch_gate(traffic_layer* layer) { registered_layer.store(layer); }

std::optional<batch_item_refusal> admit_graph_batch_item(const http_request_data& batch_request,
                                                         std::string_view item_method)
{
    traffic_layer* layer = registered_layer.load();
    return layer ? layer->admit_batch_item(batch_request, item_method) : std::nullopt;
}

traffic_layer::traffic_layer(store& s, handler next) : store_(s), next_(std::move(next))
{
    install(traffic_profile{});
    register_batch_gate(this);
}

traffic_layer::~traffic_layer()
{
    traffic_layer* self = this;
    registered_layer.compare_exchange_strong(self, nullptr);
}

void traffic_layer::install(traffic_profile profile)
{
    std::lock_guard lock(mutex_);
    profile_ = std::move(profile);
    epoch_ = clock::now();
    fault_random_ = random_source(profile_.seed);
    latency_random_ = random_source(profile_.seed ^ latency_stream);
    // A new profile starts with full buckets and no pending Retry-After; what is in flight stays.
    for (auto& [key, state] : scopes_) {
        state.bucket.reset();
        state.retry_deadline.reset();
    }
}

http_response_data traffic_layer::handle(const http_request_data& request)
{
    if (auto answer = control(request))
        return *answer;
    const auto scope = scope_of(request);
    if (!scope)
        return next_(request);
    const std::string key = scope->key();
    scope_annotation annotation(key);
    decision d = decide(*scope, request, false);
    if (d.answer) {
        // Logged after the layer's lock is released: the store has its own, and the two are never
        // held together.
        log_refusal(*scope, request, *d.answer, *d.logged);
        return *d.answer;
    }
    // Released however the personality ends, exceptions included.
    struct in_flight_guard {
        traffic_layer& layer;
        const std::string& key;
        ~in_flight_guard() { layer.release(key); }
    } guard{*this, key};
    // Outside the lock, and before the personality takes the store's: a slow request holds no one up.
    sleep_wall_ms(d.wall_delay_ms);
    if (!d.after_processing)
        return next_(request);
    {
        lost_reply_annotation lost{std::string(outcome_name(*d.after_processing))};
        (void)next_(request);
    }
    // The service's answer is thrown away: the client sees the gateway's 504 or a reset.
    return fault_response(*scope,
                          *d.after_processing == outcome::http504_processed ? outcome::http504 : outcome::connection_reset,
                          request);
}

std::optional<batch_item_refusal> traffic_layer::admit_batch_item(const http_request_data& batch_request,
                                                                  std::string_view item_method)
{
    auto scope = scope_of(batch_request);
    if (!scope)
        return std::nullopt;
    scope->kind = item_method == "GET" || item_method == "HEAD" ? request_kind::read : request_kind::write;
    decision d = decide(*scope, batch_request, true);
    if (!d.answer)
        return std::nullopt;
    return batch_item_refusal{std::move(*d.answer), std::string(outcome_name(*d.logged))};
}

traffic_layer::decision traffic_layer::decide(const request_scope& scope, const http_request_data& request,
                                              bool batch_item)
{
    std::lock_guard lock(mutex_);
    const std::string key = scope.key();
    const auto now = clock::now();
    scope_state& state = scopes_[key];
    stats_.count_request(key);
    decision d;

    const auto refuse = [&](outcome what, http_response_data answer) {
        stats_.count(key, what);
        d.answer = std::move(answer);
        d.logged = what;
        return d;
    };

    const auto found = profile_.services.find(scope.service);
    const service_profile unshaped;
    const service_profile& profile = found == profile_.services.end() ? unshaped : found->second;

    // As real services do, a request during the wait is refused again with the time that remains.
    if (state.retry_deadline && now < *state.retry_deadline) {
        const double remaining = std::chrono::duration<double>(*state.retry_deadline - now).count();
        const auto wait = make_retry_after(scope.service, remaining / profile_.time_scale, profile_.time_scale);
        return refuse(outcome::during_retry_after,
                      throttled_response(scope, state.retry_reason, wait, profile, request));
    }
    if (!batch_item && profile.throttle.max_concurrent > 0 && state.in_flight >= profile.throttle.max_concurrent)
        return refuse(outcome::concurrency_limit, refuse_429(scope, state, outcome::concurrency_limit,
                                                             profile.retry_after_seconds, profile, request, now));
    // The items of a Graph $batch are counted one by one (admit_batch_item), not the envelope.
    const bool graph_batch = scope.service == service::graph && request.segments.size() == 2 &&
                             request.segments[1] == "$batch";
    if (profile.throttle.rate_per_second > 0 && (batch_item || !graph_batch)) {
        if (!state.bucket)
            state.bucket.emplace(profile.throttle.rate_per_second, profile.throttle.burst);
        const double virtual_now = std::chrono::duration<double>(now - epoch_).count() / profile_.time_scale;
        if (const double wait = state.bucket->take(virtual_now); wait > 0)
            return refuse(outcome::rate_limit,
                          refuse_429(scope, state, outcome::rate_limit, wait, profile, request, now));
    }
    if (found != profile_.services.end()) {
        // One draw per request reaching this point, whatever the rates: the sequence of decisions
        // depends only on the seed and the order of requests.
        const fault_spec& f = profile.faults;
        double u = fault_random_.uniform();
        const auto hit = [&](double rate) {
            const bool yes = u < rate;
            u -= rate;
            return yes;
        };
        if (hit(f.rate429))
            return refuse(outcome::http429,
                          refuse_429(scope, state, outcome::http429, profile.retry_after_seconds, profile, request, now));
        if (hit(f.rate503))
            return refuse(outcome::http503, fault_response(scope, outcome::http503, request));
        // Drawn only when a share is set, so profiles without one keep their sequence of decisions.
        const auto processed = [&] { return f.processed_share > 0 && fault_random_.uniform() < f.processed_share; };
        const auto strike_after = [&](outcome what) {
            stats_.count(key, what);
            d.after_processing = what;
        };
        if (hit(f.rate504)) {
            if (batch_item || !processed())
                return refuse(outcome::http504, fault_response(scope, outcome::http504, request));
            strike_after(outcome::http504_processed);
        }
        // A fault that struck (after_processing) ends the draw: u is spent.
        if (!d.after_processing && hit(f.rate_transient_exception) && !batch_item)
            return refuse(outcome::transient_exception, fault_response(scope, outcome::transient_exception, request));
        if (!d.after_processing && hit(f.rate_reset) && !batch_item) {
            if (!processed())
                return refuse(outcome::connection_reset, fault_response(scope, outcome::connection_reset, request));
            strike_after(outcome::connection_reset_processed);
        }
        if (!d.after_processing && hit(f.rate_stall) && !batch_item) {
            stats_.count(key, outcome::stall);
            d.wall_delay_ms += f.stall_ms;  // virtual until the latency is added below
        }
    }
    if (batch_item) {
        stats_.count_admitted(key);
        return d;  // an admitted item runs inside its $batch, which is already in flight
    }
    ++state.in_flight;
    ++in_flight_;
    stats_.count_admitted(key);
    stats_.observe_in_flight(key, state.in_flight, in_flight_);
    const latency_spec& latency = scope.kind == request_kind::write ? profile.write_latency : profile.read_latency;
    d.wall_delay_ms = (d.wall_delay_ms + sample_latency_ms(latency, latency_random_)) * profile_.time_scale;
    return d;
}

http_response_data traffic_layer::refuse_429(const request_scope& scope, scope_state& state, outcome reason,
                                             double virtual_seconds, const service_profile& profile,
                                             const http_request_data& request, clock::time_point now)
{
    const auto wait = make_retry_after(scope.service, virtual_seconds, profile_.time_scale);
    // The deadline is what the header says, so a client that waits exactly that long is polite.
    state.retry_deadline = now + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(wait.wall_seconds));
    state.retry_reason = reason;
    return throttled_response(scope, reason, wait, profile, request);
}

void traffic_layer::release(const std::string& key)
{
    std::lock_guard lock(mutex_);
    --scopes_[key].in_flight;
    --in_flight_;
}

void traffic_layer::log_refusal(const request_scope& scope, const http_request_data& request,
                                const http_response_data& answer, outcome what)
{
    request_record record;
    record.method = request.method;
    record.path = request.path;
    if (!scope.cmdlet.empty())
        record.cmdlet = scope.cmdlet;
    record.parameters = json::object();  // never parsed, so nothing secret can leak into the log
    record.write = false;                // nothing was written
    record.status = answer.status;
    record.fault = std::string(outcome_name(what));
    store_.record(std::move(record));
}

std::optional<http_response_data> traffic_layer::control(const http_request_data& request)
{
    if (request.segments.empty() || request.segments[0] != "control")
        return std::nullopt;
    if (is(request, "GET", {"control", "traffic"})) {
        std::lock_guard lock(mutex_);
        return json_response(200, to_json(profile_));
    }
    if (is(request, "POST", {"control", "traffic"})) {
        const json document = json::parse(request.body, nullptr, false);
        if (document.is_discarded())
            return json_response(400, json{{"error", {{"code", "BadRequest"}, {"message", "The body is not JSON."}}}});
        try {
            install(parse_profile(document));
        } catch (const std::invalid_argument& error) {
            return json_response(400, json{{"error", {{"code", "BadRequest"}, {"message", error.what()}}}});
        }
        std::lock_guard lock(mutex_);
        return json_response(200, to_json(profile_));
    }
    if (is(request, "GET", {"control", "traffic", "stats"})) {
        std::lock_guard lock(mutex_);
        return json_response(200, stats_.to_json());
    }
    const bool full_reset = is(request, "POST", {"control", "reset"});
    const bool stats_reset = full_reset || is(request, "POST", {"control", "counters", "reset"}) ||
                             is(request, "POST", {"control", "traffic", "stats", "reset"});
    if (!stats_reset)
        return std::nullopt;
    // The router's own reset first: if it fails, the traffic state stays as it was too.
    http_response_data answer = is(request, "POST", {"control", "traffic", "stats", "reset"})
                                    ? json_response(200, json{{"reset", true}})
                                    : next_(request);
    if (answer.status != 200)
        return answer;
    if (full_reset)
        install(traffic_profile{});
    std::lock_guard lock(mutex_);
    std::map<std::string, int> in_flight;
    for (const auto& [key, state] : scopes_)
        in_flight[key] = state.in_flight;
    stats_.clear(in_flight, in_flight_);
    return answer;
}

} // namespace emulator::traffic
