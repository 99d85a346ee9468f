#pragma once
// In-memory http::client and clock for the token tests: answers are queued (or computed by a
// handler), every request is recorded, and time moves only when the code under test sleeps.
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/clock.h"
#include "core/error.h"
#include "http/http_client.h"

namespace mailint::test {

struct recorded_request {
    std::string method;
    std::string url;
    std::string body;
    std::string content_type;
};

class fake_http final : public http::client {
public:
    // Each entry answers one request, in order; a handler, when set, answers instead.
    std::deque<std::function<http::response(const http::request &)>> answers;
    std::vector<recorded_request> requests;

    void answer(int status, nlohmann::json body, std::vector<std::pair<std::string, std::string>> headers = {}) {
        answers.push_back([=](const http::request &) {
            http::response r;
            r.status = status;
            r.body = body.dump();
            r.headers.set("Content-Type", "application/json; charset=utf-8");
            for (const auto &[n, v] : headers) r.headers.set(n, v);
            return r;
        });
    }
    void fail(errc code, std::string id) {
        answers.push_back([=](const http::request &) -> http::response { throw error(code, id, "fake transport failure"); });
    }

    http::response send(const http::request &r) override {
        requests.push_back({r.method, r.url, r.body, r.headers.find("content-type").value_or("")});
        if (answers.empty()) throw error(errc::internal, "test.no_answer", "no answer queued for " + r.url);
        auto next = std::move(answers.front());
        answers.pop_front();
        return next(r);
    }
};

class fake_clock final : public auth::clock {
public:
    std::chrono::system_clock::time_point t =
        std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
    mutable std::vector<std::chrono::milliseconds> sleeps;
    mutable std::chrono::system_clock::time_point current = t;

    std::chrono::system_clock::time_point now() const override { return current; }
    void sleep_for(std::chrono::milliseconds d) const override {
        sleeps.push_back(d);
        current += d;
    }
    void advance(std::chrono::seconds s) { current += s; }
};

// The form fields of an x-www-form-urlencoded body, decoded.
inline std::map<std::string, std::string> form_fields(const std::string &body) {
    auto decode = [](std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else if (s[i] == '+') {
                out += ' ';
            } else {
                out += s[i];
            }
        }
        return out;
    };
    std::map<std::string, std::string> out;
    std::string_view rest = body;
    while (!rest.empty()) {
        auto amp = rest.find('&');
        auto part = rest.substr(0, amp);
        auto eq = part.find('=');
        out[decode(part.substr(0, eq))] = eq == std::string_view::npos ? "" : decode(part.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return out;
}

}  // namespace mailint::test
