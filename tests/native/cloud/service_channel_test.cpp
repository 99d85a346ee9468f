#include <catch2/catch.hpp>

#include "cloud/service_channel.h"
#include "core/error.h"
#include "scripted_http.h"

using namespace mailint;
using namespace mailint::cloud;
using namespace std::chrono_literals;

namespace {

call_options create_call() {
    call_options o;
    o.idempotent = false;
    return o;
}

struct rig {
    test::manual_clock clock;
    test::scripted_http http{&clock};
    test::counting_tokens tokens;
    service_channel channel;

    explicit rig(retry_policy policy = {}, throttle_options throttle = {4, true})
        : channel("Exchange Online", http, tokens, throttle, policy, clock) {}

    http::response send(const call_options &options = {}) {
        http::request r;
        r.method = "POST";
        r.url = "https://outlook.office365.com/adminapi/beta/t/InvokeCommand";
        r.body = "{}";
        return channel.send(r, options);
    }
    std::chrono::milliseconds at(std::size_t i) const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(http.sent().at(i).at - test::manual_clock::start);
    }
};

}  // namespace

TEST_CASE("service_channel: sends the bearer token", "[cloud]") {
    rig t;
    t.http.answer(200, "{}");
    CHECK(t.send().status == 200);
    REQUIRE(t.http.count() == 1);
    CHECK(t.http.sent()[0].headers.find("Authorization") == "Bearer token-1");
    CHECK(t.channel.stats().requests == 1);
    CHECK(t.channel.stats().retries == 0);
}

TEST_CASE("service_channel: a 401 re-acquires the token once, then the 401 is returned", "[cloud]") {
    rig t;
    t.http.answer(401, R"({"error":{"code":"InvalidAuthenticationToken"}})");
    t.http.answer(401, R"({"error":{"code":"InvalidAuthenticationToken"}})");
    t.http.answer(200, "{}");  // must not be reached
    CHECK(t.send().status == 401);
    REQUIRE(t.http.count() == 2);
    CHECK(t.http.sent()[0].headers.find("Authorization") == "Bearer token-1");
    CHECK(t.http.sent()[1].headers.find("Authorization") == "Bearer token-2");
    CHECK(t.tokens.rejects == 1);
    CHECK(t.channel.stats().reauthentications == 1);
    CHECK(t.channel.stats().retries == 1);
    CHECK(t.clock.slept() == 0ms);  // no backoff for a re-authentication

    rig ok;
    ok.http.answer(401, "");
    ok.http.answer(200, "{}");
    CHECK(ok.send().status == 200);
    CHECK(ok.tokens.issued == 2);
}

TEST_CASE("service_channel: 429 with Retry-After 1.5 pauses the transport for 1500 ms", "[cloud]") {
    rig t;
    t.http.answer(429, "", {{"Retry-After", "1.5"}});
    t.http.answer(200, "{}");
    CHECK(t.send().status == 200);
    REQUIRE(t.http.count() == 2);
    CHECK(t.at(0) == 0ms);
    CHECK(t.at(1) >= 1500ms);
    CHECK(t.at(1) < 1600ms);
    const auto s = t.channel.stats();
    CHECK(s.gate.throttled == 1);
    CHECK(s.gate.paused_total == 1500ms);
    CHECK(s.gate.limit == 2);  // halved from 4
    CHECK(s.retries == 1);

    // The pause is the transport's: a request of another caller started during it waits too.
    t.http.answer(429, "", {{"retry-after", "3"}});
    t.http.answer(200, "{}");
    t.http.answer(200, "{}");
    CHECK(t.send({.idempotent = true, .transient = {}, .cancelled = nullptr}).status == 200);
    const auto before = t.clock.now();
    t.channel.gate().pause_for(2s);
    CHECK(t.send().status == 200);
    CHECK(t.clock.now() - before >= 2s);
}

TEST_CASE("service_channel: 503 and 504 are retried with backoff 2 s, 4 s …", "[cloud]") {
    for (int status : {503, 504}) {
        rig t;
        t.http.answer(status, "");
        t.http.answer(status, "");
        t.http.answer(status, "");
        t.http.answer(200, "{}");
        CHECK(t.send().status == 200);
        REQUIRE(t.http.count() == 4);
        CHECK(t.at(1) - t.at(0) == 2s);
        CHECK(t.at(2) - t.at(1) == 4s);
        CHECK(t.at(3) - t.at(2) == 8s);
        CHECK(t.channel.stats().gate.throttled == 0);  // no Retry-After: only this request waited
    }
    // A 503 that names a wait is throttling: the transport pauses.
    rig named;
    named.http.answer(503, "", {{"Retry-After", "2"}});
    named.http.answer(200, "{}");
    CHECK(named.send().status == 200);
    CHECK(named.at(1) >= 2s);
    CHECK(named.channel.stats().gate.throttled == 1);
}

TEST_CASE("service_channel: 400, 403 and 404 are returned without a retry", "[cloud]") {
    for (int status : {400, 403, 404, 409}) {
        rig t;
        t.http.answer(status, "{}");
        t.http.answer(200, "{}");
        CHECK(t.send().status == status);
        CHECK(t.http.count() == 1);
        CHECK(t.clock.slept() == 0ms);
    }
}

TEST_CASE("service_channel: connection failures are retried only for idempotent calls", "[cloud]") {
    rig t;
    t.http.fail(errc::unavailable, "transport.http.unavailable");
    t.http.fail(errc::timeout, "transport.http.timeout");
    t.http.answer(200, "{}");
    CHECK(t.send().status == 200);
    CHECK(t.http.count() == 3);
    CHECK(t.at(1) - t.at(0) == 2s);

    rig create;
    create.http.fail(errc::unavailable, "transport.http.unavailable");
    create.http.answer(200, "{}");
    try {
        create.send(create_call());
        FAIL("a create was resent after a connection failure");
    } catch (const error &e) {
        CHECK(e.code() == errc::unavailable);
        CHECK(e.id() == "transport.http.unavailable");
        CHECK(e.detail()["outcomeUnknown"] == true);
    }
    CHECK(create.http.count() == 1);

    // Errors that are not about the connection are not retried at all.
    rig other;
    other.http.fail(errc::failed_precondition, "transport.tls.insecure_refused");
    CHECK_THROWS_AS(other.send(), error);
    CHECK(other.http.count() == 1);
}

TEST_CASE("service_channel: a 504 answer to a create is not resent", "[cloud]") {
    rig t;
    t.http.answer(504, "");
    t.http.answer(200, "{}");
    CHECK(t.send(create_call()).status == 504);
    CHECK(t.http.count() == 1);
    // ... but a 503 or 429 is: the service refused before doing anything.
    rig u;
    u.http.answer(503, "");
    u.http.answer(429, "", {{"Retry-After", "1"}});
    u.http.answer(200, "{}");
    CHECK(u.send(create_call()).status == 200);
    CHECK(u.http.count() == 3);
}

TEST_CASE("service_channel: max_attempts is honoured", "[cloud]") {
    retry_policy p;
    p.max_attempts = 3;
    rig t(p);
    for (int i = 0; i < 5; ++i) t.http.answer(503, "");
    CHECK(t.send().status == 503);
    CHECK(t.http.count() == 3);
    CHECK(t.channel.stats().retries == 2);

    rig conn(p);
    for (int i = 0; i < 5; ++i) conn.http.fail(errc::unavailable, "transport.http.unavailable");
    CHECK_THROWS_AS(conn.send(), error);
    CHECK(conn.http.count() == 3);

    // Default: six attempts (§1.8).
    rig d;
    for (int i = 0; i < 8; ++i) d.http.answer(429, "", {{"Retry-After", "0.01"}});
    CHECK(d.send().status == 429);
    CHECK(d.http.count() == 6);
}

TEST_CASE("service_channel: a Retry-After above max_retry_after is not waited for", "[cloud]") {
    retry_policy p;
    p.max_retry_after = 60s;
    rig t(p);
    t.http.answer(429, "", {{"Retry-After", "600"}});
    t.http.answer(200, "{}");
    CHECK(t.send().status == 429);
    CHECK(t.http.count() == 1);
    CHECK(t.clock.slept() == 0ms);
    CHECK(t.channel.stats().gate.paused_total == 0ms);
}

TEST_CASE("service_channel: the last 429 still pauses the transport for the other requests", "[cloud]") {
    retry_policy p;
    p.max_attempts = 1;
    rig t(p);
    t.http.answer(429, "", {{"Retry-After", "2"}});
    t.http.answer(200, "{}");
    CHECK(t.send().status == 429);
    CHECK(t.http.count() == 1);
    CHECK(t.send().status == 200);
    CHECK(t.at(1) >= 2s);
}

TEST_CASE("service_channel: answers the service client calls transient are retried", "[cloud]") {
    rig t;
    t.http.answer(500, R"({"error":"DCOverloadedException"})");
    t.http.answer(500, R"({"error":"DCOverloadedException"})");
    t.http.answer(200, "{}");
    call_options o;
    o.transient = [](const http::response &r) { return r.body.find("DCOverloaded") != std::string::npos; };
    CHECK(t.send(o).status == 200);
    CHECK(t.http.count() == 3);
    CHECK(t.at(2) - t.at(1) == 4s);

    rig plain;
    plain.http.answer(500, R"({"error":"DCOverloadedException"})");
    CHECK(plain.send().status == 500);  // without the classifier a 500 is final
    CHECK(plain.http.count() == 1);
}

TEST_CASE("service_channel: cancellation stops before sending and while waiting", "[cloud]") {
    rig t;
    std::atomic<bool> cancelled{true};
    t.http.answer(200, "{}");
    CHECK_THROWS_AS(t.send({.idempotent = true, .transient = {}, .cancelled = &cancelled}), error);
    CHECK(t.http.count() == 0);

    rig w;
    cancelled = false;
    w.http.push([&](const http::request &) {
        cancelled = true;  // the user presses Ctrl+C while the request is out
        return test::make_response(503, "");
    });
    try {
        w.send({.idempotent = true, .transient = {}, .cancelled = &cancelled});
        FAIL("not cancelled");
    } catch (const error &e) {
        CHECK(e.id() == "transport.cancelled");
    }
    CHECK(w.http.count() == 1);
}

TEST_CASE("service_channel: a 429 pauses the transport before its slot is given back", "[cloud]") {
    // One slot; a second caller is queued at the gate while the first request is out. When the
    // first is answered 429, the queued request must not slip through the freed slot before the
    // pause is in force (it would reach the service inside the wait it just asked for).
    for (int round = 0; round < 20; ++round) {
        rig t({}, {1, false});
        std::atomic<bool> second_queued{false};
        t.http.push([&](const http::request &) {
            for (int i = 0; i < 500 && !second_queued; ++i) std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(10ms);  // the second caller is now blocked in acquire
            return test::make_response(429, "", {{"Retry-After", "1"}});
        });
        t.http.fallback([](const http::request &) { return test::make_response(200, "{}"); });
        std::thread first([&] { CHECK(t.send().status == 200); });
        while (t.http.count() == 0) std::this_thread::sleep_for(1ms);
        std::thread second([&] {
            second_queued = true;
            CHECK(t.send().status == 200);
        });
        first.join();
        second.join();
        const auto sent = t.http.sent();
        REQUIRE(sent.size() == 3);
        CHECK(t.at(0) == 0ms);
        CHECK(t.at(1) >= 1s);  // whichever went next, it waited for the Retry-After
        CHECK(t.at(2) >= 1s);
    }
}
