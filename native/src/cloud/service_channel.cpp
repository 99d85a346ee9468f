#include "cloud/service_channel.h"

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
    for (int attempt = 1;; ++attempt) {
        if (is_cancelled(options))
            throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled.");
        const auto token = tokens_.get();
        r.headers.set("Authorization", std::string(token->token_type) + " " + std::string(token->value.view()));

        http::response answer;
        {
            auto permit = gate_.acquire(cancelled);
            requests_.fetch_add(1, std::memory_order_relaxed);
            if (attempt > 1) retries_.fetch_add(1, std::memory_order_relaxed);
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
        }

        if (answer.status == 401 && !reauthenticated) {
            // The token was revoked, expired early or its claims changed: one fresh token, once.
            reauthenticated = true;
            reauthentications_.fetch_add(1, std::memory_order_relaxed);
            tokens_.reject(token);
            --attempt;  // a re-authentication is not a throttling retry
            continue;
        }

        const bool transient = retryable_status(answer.status) || (options.transient && options.transient(answer));
        if (!transient) {
            gate_.on_success();
            return answer;
        }
        if (attempt >= policy_.max_attempts) return answer;

        const auto header = answer.headers.find("Retry-After");
        const auto asked = header ? http::parse_retry_after(*header, clock_.now()) : std::nullopt;
        if (asked && *asked > policy_.max_retry_after) return answer;
        const auto wait = asked.value_or(policy_.backoff(attempt));
        if (answer.status == 429 || (answer.status == 503 && asked)) {
            // The service throttles the tenant or app, not this request: the whole transport waits.
            gate_.on_throttled();
            gate_.pause_for(wait);
        } else {
            sleep_cancellable(clock_, wait, options);
        }
    }
}

channel_stats service_channel::stats() const {
    return {requests_.load(), retries_.load(), reauthentications_.load(), gate_.stats()};
}

}  // namespace mailint::cloud
