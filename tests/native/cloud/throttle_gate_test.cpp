#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "cloud/throttle_gate.h"
#include "core/error.h"
#include "scripted_http.h"

using namespace mailint;
using namespace mailint::cloud;
using namespace std::chrono_literals;

TEST_CASE("throttle_gate: no more than the limit in flight; a release lets the next one in", "[cloud]") {
    test::manual_clock clock;
    throttle_gate gate({2, false}, clock);
    auto a = gate.acquire();
    auto b = gate.acquire();
    CHECK(gate.stats().in_flight == 2);

    std::atomic<bool> got{false};
    std::thread third([&] {
        auto c = gate.acquire();
        got = true;
    });
    std::this_thread::sleep_for(150ms);
    CHECK_FALSE(got.load());  // both slots taken
    a.release();
    third.join();
    CHECK(got.load());
    const auto s = gate.stats();
    CHECK(s.peak_in_flight == 2);
    CHECK(s.started == 3);
    CHECK(s.in_flight == 1);  // b only: the third permit went with its thread
}

TEST_CASE("throttle_gate: AIMD halves on throttling and grows by one after `limit` successes", "[cloud]") {
    test::manual_clock clock;
    throttle_gate gate({8, true}, clock);
    CHECK(gate.stats().limit == 8);
    gate.on_throttled();
    CHECK(gate.stats().limit == 4);
    gate.on_throttled();
    gate.on_throttled();
    CHECK(gate.stats().limit == 1);
    gate.on_throttled();
    CHECK(gate.stats().limit == 1);  // never below one
    CHECK(gate.stats().throttled == 4);

    gate.on_success();  // one success at limit 1
    CHECK(gate.stats().limit == 2);
    gate.on_success();
    CHECK(gate.stats().limit == 2);
    gate.on_success();  // two in a row at limit 2
    CHECK(gate.stats().limit == 3);

    // A throttled answer resets the run of successes.
    gate.on_success();
    gate.on_success();
    gate.on_throttled();
    CHECK(gate.stats().limit == 1);
    for (int i = 0; i < 100; ++i) gate.on_success();
    CHECK(gate.stats().limit == 8);  // back to the configured maximum, not beyond

    throttle_gate fixed({4, false}, clock);
    fixed.on_throttled();
    CHECK(fixed.stats().limit == 4);  // not adaptive: counted only
    CHECK(fixed.stats().throttled == 1);
}

TEST_CASE("throttle_gate: a pause blocks acquire until the clock passes it", "[cloud]") {
    test::manual_clock clock;
    throttle_gate gate({4, true}, clock);
    const auto start = clock.now();
    gate.pause_for(1500ms);
    { auto p = gate.acquire(); }
    const auto waited = clock.now() - start;
    CHECK(waited >= 1500ms);
    CHECK(waited < 1500ms + 110ms);
    CHECK(gate.stats().paused_total == 1500ms);

    // No pause in force: no wait at all.
    const auto before = clock.now();
    { auto p = gate.acquire(); }
    CHECK(clock.now() == before);
}

TEST_CASE("throttle_gate: pauses only extend", "[cloud]") {
    test::manual_clock clock;
    throttle_gate gate({4, true}, clock);
    auto start = clock.now();
    gate.pause_for(3s);
    gate.pause_for(1s);  // shorter: does not cut the 3 s short
    { auto p = gate.acquire(); }
    CHECK(clock.now() - start >= 3s);
    CHECK(clock.now() - start < 3s + 110ms);

    start = clock.now();
    gate.pause_for(1s);
    gate.pause_for(2500ms);  // longer: extends
    { auto p = gate.acquire(); }
    CHECK(clock.now() - start >= 2500ms);
    CHECK(clock.now() - start < 2500ms + 110ms);
}

TEST_CASE("throttle_gate: cancellation while paused or full", "[cloud]") {
    test::manual_clock clock;
    throttle_gate gate({1, false}, clock);
    gate.pause_for(std::chrono::minutes(10));
    int asked = 0;
    try {
        gate.acquire([&] { return ++asked > 3; });
        FAIL("acquired during a pause");
    } catch (const error &e) {
        CHECK(e.id() == "transport.cancelled");
        CHECK(e.code() == errc::cancelled);
    }
    CHECK(clock.now() - test::manual_clock::start < std::chrono::minutes(1));

    throttle_gate full({1, false}, clock);
    auto only = full.acquire();
    std::atomic<bool> stop{false};
    std::thread waiter([&] {
        CHECK_THROWS_AS(full.acquire([&] { return stop.load(); }), error);
    });
    std::this_thread::sleep_for(50ms);
    stop = true;
    waiter.join();
    CHECK(full.stats().in_flight == 1);
}

TEST_CASE("throttle_gate: the observer sees admissions and pauses in the gate's order", "[cloud]") {
    test::manual_clock clock;  // its sleep_for advances it: a pause costs no wall time here
    std::vector<gate_event> events;
    throttle_options options{2, false};
    options.observer = [&](const gate_event &e) { events.push_back(e); };
    throttle_gate gate(options, clock);

    auto first = gate.acquire();
    gate.pause_for(2s);
    first.release();
    { auto second = gate.acquire(); }  // waits out the pause on the manual clock

    REQUIRE(events.size() == 3);
    CHECK(events[0].what == gate_event::kind::admitted);
    CHECK(events[1].what == gate_event::kind::paused);
    CHECK(events[1].until == events[1].at + 2s);
    CHECK(events[2].what == gate_event::kind::admitted);
    CHECK(events[2].at >= events[1].until);  // let through only once the pause had passed
}
