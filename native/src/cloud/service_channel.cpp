#include "cloud/service_channel.h"

#include <optional>

#include "core/error.h"
#include "http/retry_after.h"

namespace mailint::cloud {

namespace {

bool is_cancelled(const call_options &options) {
    return options.cancelled && options.cancelled->load(std::memory_order_relaxed);
}

void sleep_cancellable(const auth::clock &clock, std::chrono::milliseconds wait, const call_options &options) {
    constexpr std::chrono::milliseconds slice{100};
    while (wait.count() > 0) {
        if (is_cancelled(options))
            throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled while waiting to retry.");
        const auto step = std::min(wait, slice);
        clock.sleep_for(step);
        wait -= step;
    }
}

}  // namespace

bool retryable_status(int status) { return status == 429 || status == 503 || status == 504; }

service_channel::service_channel(std::string name, http::client &http, token_source &tokens, throttle_options throttle,
                                 retry_policy policy, const auth::clock &time)
    : name_(std::move(name)), http_(http), tokens_(tokens), gate_(throttle, time), policy_(policy), clock_(time) {}

http::response service_channel::send(http::request r, const call_options &options) {
    const std::function<bool()> cancelled = [&options] { return is_cancelled(options); };
    bool reauthenticated = false;
    bool retry_next = false;  // the next attempt re-sends after a 401
    for (int attempt = 1;; ++attempt) {
        if (is_cancelled(options))
            throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled.");
        const auto token = tokens_.get();
        r.headers.set("Authorization", std::string(token->token_type) + " " + std::string(token->value.view()));

        http::response answer;
        std::optional<std::chrono::milliseconds> asked;  // the answer's Retry-After
        bool throttled = false;                           // it paused the transport
        {
            auto permit = gate_.acquire(cancelled);
            requests_.fetch_add(1, std::memory_order_relaxed);
            if (attempt > 1 || retry_next) retries_.fetch_add(1, std::memory_order_relaxed);
            retry_next = false;
            try {
                answer = http_.send(r);
            } catch (const error &e) {
                const bool connection_failure = e.code() == errc::unavailable || e.code() == errc::timeout;
                if (!connection_failure) throw;
                permit.release();
                if (!options.idempotent)
                    throw error(e.code(), e.id(),
                                name_ + ": the connection failed while a change was being sent; it may or may not "
                                        "have been applied (" + e.what() + ").",
                                {{"outcomeUnknown", true}, {"service", name_}});
                if (attempt >= policy_.max_attempts) throw;
                sleep_cancellable(clock_, policy_.backoff(attempt), options);
                continue;
            }
            const auto header = answer.headers.find("Retry-After");
            if (header) asked = http::parse_retry_after(*header, clock_.now());
            // The service throttles the tenant or app, not this request: the whole transport
            // waits — also when this request has used up its attempts, because the other requests
            // of the transport are bound by the same Retry-After. The pause is set before the slot
            // is given back: a request waiting for the slot would otherwise be sent in between,
            // straight into the wait the service just asked for.
            throttled = (answer.status == 429 || (answer.status == 503 && asked)) &&
                        !(asked && *asked > policy_.max_retry_after);
            if (throttled) {
                gate_.on_throttled();
                gate_.pause_for(asked.value_or(policy_.backoff(attempt)));
            }
        }

        if (answer.status == 401 && !reauthenticated) {
            // The token was revoked, expired early or its claims changed: one fresh token, once.
            reauthenticated = true;
            reauthentications_.fetch_add(1, std::memory_order_relaxed);
            tokens_.reject(token);
            // A re-authentication is not a throttling retry: it does not use up an attempt (the
            // stats still count the re-send among the retries, as documented).
            retry_next = true;
            --attempt;
            continue;
        }

        // A 504 means a gateway gave up waiting for the service, which may still have run the
        // request: for a create that is the same unknown outcome as a dropped connection, and a
        // replayed New-* "fails as a duplicate" (wire-apis.md §1.8). So it is returned, not resent.
        const bool unknown_outcome = answer.status == 504 && !options.idempotent;
        const bool transient = !unknown_outcome && (retryable_status(answer.status) ||
                                                    (options.transient && options.transient(answer)));
        if (!transient) {
            gate_.on_success();
            return answer;
        }

        // A longer wait than the policy allows is not waited for: the call fails instead.
        if (asked && *asked > policy_.max_retry_after) return answer;
        if (attempt >= policy_.max_attempts) return answer;
        // Throttled: the gate holds this request back with the others. Otherwise only this
        // request waits.
        if (!throttled) sleep_cancellable(clock_, asked.value_or(policy_.backoff(attempt)), options);
    }
}

channel_stats service_channel::stats() const {
    return {requests_.load(), retries_.load(), reauthentications_.load(), gate_.stats()};
}

}  // namespace mailint::cloud
