#pragma once
// What the Graph and Dataverse unit tests run on: the scripted fake http::client and fake clock
// of the token tests (auth/fake_http.h), a recorder that keeps every request whole (headers
// included, which fake_http does not), and a token source handing out one fixed token, so a
// service channel runs exactly as it does in a session without any Entra ID.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/fake_http.h"
#include "auth/token_cache.h"
#include "cloud/service_channel.h"
#include "cloud/token_source.h"
#include "http/http_client.h"

namespace mailint::test {

inline const std::string fixed_token_text = "eyJ0eXAiOiJKV1QifQ.fixed-test-token.c2lnbmF0dXJl";

class fixed_token_source final : public cloud::token_source {
public:
    auth::token_cache::token_ptr get() override {
        ++gets;
        auto t = std::make_shared<auth::access_token>();
        t->value = auth::sensitive_text(fixed_token_text);
        t->expires_at = std::chrono::system_clock::time_point::max();
        return t;
    }
    void reject(const auth::token_cache::token_ptr &) override { ++rejects; }
    int gets = 0;
    int rejects = 0;
};

// Records each request in full, then lets the scripted fake answer it.
class recording_http final : public http::client {
public:
    fake_http script;
    std::vector<http::request> seen;

    http::response send(const http::request &r) override {
        seen.push_back(r);
        return script.send(r);
    }

    void answer(int status, nlohmann::json body, std::vector<std::pair<std::string, std::string>> headers = {}) {
        script.answer(status, std::move(body), std::move(headers));
    }
    // An answer without a body (204 No Content), with headers.
    void answer_empty(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
        script.answers.push_back([=](const http::request &) {
            http::response r;
            r.status = status;
            for (const auto &[n, v] : headers) r.headers.set(n, v);
            return r;
        });
    }
    // An answer computed from the request (a $batch answer that echoes the ids it was sent).
    void answer_with(std::function<http::response(const http::request &)> handler) {
        script.answers.push_back(std::move(handler));
    }
};

// Fast retries: the fake clock makes waits free, but counting them stays meaningful.
inline cloud::retry_policy test_policy() {
    cloud::retry_policy p;
    p.max_attempts = 4;
    p.base_backoff = std::chrono::milliseconds(1000);
    p.max_backoff = std::chrono::milliseconds(8000);
    p.max_retry_after = std::chrono::seconds(120);
    return p;
}

struct channel_fixture {
    fake_clock clock;
    recording_http http;
    fixed_token_source tokens;
    cloud::service_channel channel;

    explicit channel_fixture(std::string name = "Microsoft Graph", cloud::retry_policy policy = test_policy())
        : channel(std::move(name), http, tokens, cloud::throttle_options{4, true, {}}, policy, clock) {}

    std::chrono::milliseconds slept() const {
        std::chrono::milliseconds total{0};
        for (auto d : clock.sleeps) total += d;
        return total;
    }
};

inline http::response json_response(int status, const nlohmann::json &body) {
    http::response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = body.dump();
    return r;
}

// Everything a failure exposes to a caller, as one text to search for secrets.
inline std::string exposed_text(const error &e) { return std::string(e.what()) + "\n" + e.detail().dump(); }

}  // namespace mailint::test
