#pragma once
// Test doubles for the cloud layer: an http::client that answers from a script and records every
// request with its headers (the service clients' contract is mostly headers), a clock that moves
// only when the code sleeps, and a token source that counts what the channel asks of it. All
// three are thread-safe, because the gate and the bulk paths are exercised from several threads.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/clock.h"
#include "cloud/token_source.h"
#include "core/error.h"
#include "http/http_client.h"

namespace mailint::test {

class manual_clock final : public auth::clock {
public:
    std::chrono::system_clock::time_point now() const override {
        std::lock_guard lock(mutex_);
        return current_;
    }
    void sleep_for(std::chrono::milliseconds d) const override {
        std::lock_guard lock(mutex_);
        sleeps_.push_back(d);
        if (d.count() > 0) current_ += d;
    }
    void advance(std::chrono::milliseconds d) {
        std::lock_guard lock(mutex_);
        current_ += d;
    }
    std::chrono::milliseconds slept() const {
        std::lock_guard lock(mutex_);
        std::chrono::milliseconds total{0};
        for (auto d : sleeps_) total += d;
        return total;
    }
    static constexpr std::chrono::system_clock::time_point start{std::chrono::seconds(1'800'000'000)};

private:
    mutable std::mutex mutex_;
    mutable std::chrono::system_clock::time_point current_ = start;
    mutable std::vector<std::chrono::milliseconds> sleeps_;
};

struct sent_request {
    std::string method;
    std::string url;
    std::string body;
    http::header_map headers;
    std::chrono::system_clock::time_point at;  // on the test clock, when one was given
    std::thread::id thread;
};

inline http::response make_response(int status, std::string body,
                                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::response r;
    r.status = status;
    r.body = std::move(body);
    if (!r.body.empty() && r.body.front() == '{') r.headers.set("Content-Type", "application/json; charset=utf-8");
    for (auto &[n, v] : headers) r.headers.set(n, v);
    return r;
}

class scripted_http final : public http::client {
public:
    using handler = std::function<http::response(const http::request &)>;

    explicit scripted_http(const auth::clock *clock = nullptr) : clock_(clock) {}

    // Queued answers are used first, in order; then the fallback handler, if any.
    void push(handler h) {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(h));
    }
    void answer(int status, std::string body = {}, std::vector<std::pair<std::string, std::string>> headers = {}) {
        push([=](const http::request &) { return make_response(status, body, headers); });
    }
    void answer_json(int status, const nlohmann::json &body, std::vector<std::pair<std::string, std::string>> headers = {}) {
        answer(status, body.dump(), std::move(headers));
    }
    void fail(errc code, std::string id) {
        push([=](const http::request &) -> http::response { throw error(code, id, "scripted transport failure"); });
    }
    void fallback(handler h) {
        std::lock_guard lock(mutex_);
        fallback_ = std::move(h);
    }

    http::response send(const http::request &r) override {
        handler next;
        {
            std::lock_guard lock(mutex_);
            sent_.push_back({r.method, r.url, r.body, r.headers, clock_ ? clock_->now() : std::chrono::system_clock::now(),
                             std::this_thread::get_id()});
            if (!queue_.empty()) {
                next = std::move(queue_.front());
                queue_.pop_front();
            } else {
                next = fallback_;
            }
        }
        if (!next) throw error(errc::internal, "test.no_answer", "no answer scripted for " + r.url);
        return next(r);  // outside the lock: handlers of concurrent tests may block
    }

    std::vector<sent_request> sent() const {
        std::lock_guard lock(mutex_);
        return sent_;
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return sent_.size();
    }
    std::size_t pending() const {
        std::lock_guard lock(mutex_);
        return queue_.size();
    }

private:
    const auth::clock *clock_;
    mutable std::mutex mutex_;
    std::deque<handler> queue_;
    handler fallback_;
    std::vector<sent_request> sent_;
};

// Hands out "token-1", then "token-2" after a rejection, and so on.
class counting_tokens final : public cloud::token_source {
public:
    auth::token_cache::token_ptr get() override {
        std::lock_guard lock(mutex_);
        ++gets;
        if (!current_) {
            auto t = std::make_shared<auth::access_token>();
            t->value = auth::sensitive_text("token-" + std::to_string(++issued));
            t->expires_at = std::chrono::system_clock::time_point::max();
            current_ = t;
        }
        return current_;
    }
    void reject(const auth::token_cache::token_ptr &token) override {
        std::lock_guard lock(mutex_);
        ++rejects;
        if (current_ == token) current_.reset();
    }
    int gets = 0, rejects = 0, issued = 0;

private:
    std::mutex mutex_;
    auth::token_cache::token_ptr current_;
};

}  // namespace mailint::test
