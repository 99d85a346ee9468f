#include "cloud/throttle_gate.h"

#include <algorithm>

#include "core/error.h"

namespace mailint::cloud {

namespace {
constexpr std::chrono::milliseconds poll_interval{100};

[[noreturn]] void throw_cancelled() {
    throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled while waiting to send.");
}
}  // namespace

throttle_gate::permit &throttle_gate::permit::operator=(permit &&other) noexcept {
    if (this != &other) {
        release();
        gate_ = other.gate_;
        other.gate_ = nullptr;
    }
    return *this;
}

void throttle_gate::permit::release() {
    if (gate_) gate_->release_slot();
    gate_ = nullptr;
}

throttle_gate::throttle_gate(throttle_options options, const auth::clock &time)
    : options_(options), clock_(time), limit_(std::max(1, options.max_concurrency)) {
    stats_.limit = limit_;
}

throttle_gate::permit throttle_gate::acquire(const std::function<bool()> &cancelled) {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (cancelled && cancelled()) throw_cancelled();
        const auto now = clock_.now();
        if (paused_until_ > now) {
            // Sleep outside the lock so answers of requests in flight can extend the pause.
            const auto remaining =
                std::chrono::duration_cast<std::chrono::milliseconds>(paused_until_ - now) + std::chrono::milliseconds(1);
            lock.unlock();
            clock_.sleep_for(std::min(remaining, poll_interval));
            lock.lock();
            continue;
        }
        if (in_flight_ < limit_) break;
        slot_freed_.wait_for(lock, poll_interval);
    }
    ++in_flight_;
    ++stats_.started;
    if (options_.observer) options_.observer({gate_event::kind::admitted, clock_.now(), paused_until_});
    stats_.in_flight = in_flight_;
    stats_.peak_in_flight = std::max(stats_.peak_in_flight, in_flight_);
    return permit(this);
}

void throttle_gate::release_slot() {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
        stats_.in_flight = in_flight_;
    }
    slot_freed_.notify_all();
}

void throttle_gate::pause_for(std::chrono::milliseconds wait) {
    std::lock_guard lock(mutex_);
    const auto until = clock_.now() + wait;
    if (until > paused_until_) paused_until_ = until;
    stats_.paused_total += wait;
    if (options_.observer) options_.observer({gate_event::kind::paused, clock_.now(), paused_until_});
}

void throttle_gate::on_throttled() {
    std::lock_guard lock(mutex_);
    ++stats_.throttled;
    successes_in_row_ = 0;
    if (options_.adaptive) limit_ = std::max(1, limit_ / 2);
    stats_.limit = limit_;
}

void throttle_gate::on_success() {
    {
        std::lock_guard lock(mutex_);
        if (!options_.adaptive || limit_ >= options_.max_concurrency) return;
        if (++successes_in_row_ < limit_) return;
        successes_in_row_ = 0;
        ++limit_;
        stats_.limit = limit_;
    }
    slot_freed_.notify_all();
}

throttle_stats throttle_gate::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

}  // namespace mailint::cloud
