#pragma once
// The pacing of one transport (Exchange Online, Graph, or one Dataverse organisation) for one
// connection. Every request of the transport passes through acquire(), which enforces two things
// the services' throttling expects of a client (service-limits.md §1.8, §3.2, §4):
//   - at most `limit` requests in flight. With `adaptive`, the limit halves on each throttled
//     answer and grows by one after `limit` successes in a row (AIMD), so a client finds the
//     service's hidden concurrency budget instead of hard-coding it;
//   - while the service has asked for a pause (Retry-After on a 429 or 503), no request of the
//     transport starts, not just the one that was refused: a service that throttles a tenant
//     throttles all its requests, and sending more during the wait extends the penalty (Dataverse
//     says so explicitly, Graph keeps charging).
// Time comes from an auth::clock so unit tests run pauses without waiting.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "auth/clock.h"

namespace mailint::cloud {

// What the gate did, as the gate saw it: a request let through, or a pause begun or extended.
struct gate_event {
    enum class kind { admitted, paused };
    kind what = kind::admitted;
    std::chrono::system_clock::time_point at;     // the gate's clock when it happened
    std::chrono::system_clock::time_point until;  // paused: the end of the pause now in force
};

struct throttle_options {
    int max_concurrency = 4;
    bool adaptive = true;
    // Told of every admission and every pause, under the gate's lock and so in the order the gate
    // saw them. This is how a test proves, from the gate's own timeline, that no request was let
    // through while a pause the client knew of was in force; a verbose log can use it too. It
    // must be quick and must not call back into the gate.
    std::function<void(const gate_event &)> observer{};
};

struct throttle_stats {
    int limit = 0;          // current concurrency limit
    int in_flight = 0;
    int peak_in_flight = 0;
    std::uint64_t started = 0;    // requests let through
    std::uint64_t throttled = 0;  // answers that asked for a pause or a slowdown
    std::chrono::milliseconds paused_total{0};  // sum of the pauses requested
};

class throttle_gate {
public:
    explicit throttle_gate(throttle_options options = {}, const auth::clock &time = auth::system_time());
    throttle_gate(const throttle_gate &) = delete;
    throttle_gate &operator=(const throttle_gate &) = delete;

    // Holds one in-flight slot until destroyed.
    class permit {
    public:
        permit() = default;
        explicit permit(throttle_gate *gate) : gate_(gate) {}
        permit(permit &&other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
        permit &operator=(permit &&other) noexcept;
        permit(const permit &) = delete;
        permit &operator=(const permit &) = delete;
        ~permit() { release(); }
        void release();

    private:
        throttle_gate *gate_ = nullptr;
    };

    // Blocks until no pause is in force and a slot is free. `cancelled` is asked at least every
    // 100 ms while waiting; when it answers true, throws mailint::error cancelled
    // (transport.cancelled).
    permit acquire(const std::function<bool()> &cancelled = {});

    // The service asked this transport to wait `wait` from now. Pauses only extend: a shorter
    // wait arriving later does not shorten one in force.
    void pause_for(std::chrono::milliseconds wait);
    // A throttled answer: counts it and, when adaptive, halves the concurrency limit.
    void on_throttled();
    // A successful answer: when adaptive, regrows the limit.
    void on_success();

    throttle_stats stats() const;

private:
    void release_slot();

    const throttle_options options_;
    const auth::clock &clock_;
    mutable std::mutex mutex_;
    std::condition_variable slot_freed_;
    int limit_;
    int in_flight_ = 0;
    int successes_in_row_ = 0;
    std::chrono::system_clock::time_point paused_until_{};
    throttle_stats stats_;
};

}  // namespace mailint::cloud
