#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cloud/bounded_parallel.h"
#include "core/error.h"

using namespace mailint;
using namespace mailint::cloud;
using namespace std::chrono_literals;

TEST_CASE("run_bounded: every index once, on_done on the calling thread, bounded threads", "[cloud]") {
    constexpr std::size_t count = 300;
    std::vector<std::atomic<int>> ran(count);
    std::mutex mutex;
    std::set<std::thread::id> worker_threads;
    std::vector<std::size_t> done;
    std::atomic<int> running{0}, peak{0};
    const auto caller = std::this_thread::get_id();
    bool all_on_caller = true;

    run_bounded(
        count, 4,
        [&](std::size_t i, const std::atomic<bool> &) {
            const int now = ++running;
            int seen = peak.load();
            while (now > seen && !peak.compare_exchange_weak(seen, now)) {}
            ++ran[i];
            {
                std::lock_guard lock(mutex);
                worker_threads.insert(std::this_thread::get_id());
            }
            if (i % 7 == 0) std::this_thread::sleep_for(1ms);
            --running;
        },
        {.on_done =
             [&](std::size_t i) {
                 all_on_caller = all_on_caller && std::this_thread::get_id() == caller;
                 done.push_back(i);
             },
         .should_cancel = {}});

    for (std::size_t i = 0; i < count; ++i) CHECK(ran[i].load() == 1);
    CHECK(done.size() == count);
    CHECK(std::set<std::size_t>(done.begin(), done.end()).size() == count);
    CHECK(all_on_caller);
    CHECK(peak.load() <= 4);
    CHECK(worker_threads.size() <= 4);
    CHECK(worker_threads.count(caller) == 0);  // the caller only collects
}

TEST_CASE("run_bounded: nothing to do, and fewer jobs than workers", "[cloud]") {
    int calls = 0;
    run_bounded(0, 4, [&](std::size_t, const std::atomic<bool> &) { ++calls; });
    CHECK(calls == 0);
    std::atomic<int> n{0};
    run_bounded(2, 16, [&](std::size_t, const std::atomic<bool> &) { ++n; });
    CHECK(n == 2);
    run_bounded(3, 0, [&](std::size_t, const std::atomic<bool> &) { ++n; });  // at least one worker
    CHECK(n == 5);
}

TEST_CASE("run_bounded: should_cancel stops new jobs and tells running ones", "[cloud]") {
    constexpr std::size_t count = 1000;
    std::vector<std::atomic<int>> ran(count);
    std::atomic<int> saw_flag{0};
    std::size_t finished = 0;
    try {
        run_bounded(
            count, 3,
            [&](std::size_t i, const std::atomic<bool> &cancelled) {
                ++ran[i];
                for (int k = 0; k < 20 && !cancelled.load(); ++k) std::this_thread::sleep_for(1ms);
                if (cancelled.load()) ++saw_flag;
            },
            {.on_done = [&](std::size_t) { ++finished; }, .should_cancel = [&] { return finished >= 5; }});
        FAIL("not cancelled");
    } catch (const error &e) {
        CHECK(e.code() == errc::cancelled);
        CHECK(e.id() == "transport.cancelled");
    }
    std::size_t started = 0;
    for (auto &r : ran) {
        CHECK(r.load() <= 1);
        started += static_cast<std::size_t>(r.load());
    }
    CHECK(started >= 5);
    CHECK(started < 20);  // stopped early, not after all 1000
    CHECK(saw_flag.load() >= 1);
}

TEST_CASE("run_bounded: an exception from a job stops the run and is rethrown", "[cloud]") {
    std::atomic<int> started{0};
    CHECK_THROWS_WITH(run_bounded(10000, 4,
                                  [&](std::size_t i, const std::atomic<bool> &) {
                                      ++started;
                                      if (i == 7) throw std::runtime_error("job 7 failed");
                                      std::this_thread::sleep_for(200us);
                                  }),
                      "job 7 failed");
    CHECK(started.load() < 10000);

    // A mailint::error keeps its type and id.
    try {
        run_bounded(5, 2, [](std::size_t i, const std::atomic<bool> &) {
            if (i == 3) throw error(errc::conflict, "test.conflict", "conflict");
        });
        FAIL("no exception");
    } catch (const error &e) {
        CHECK(e.id() == "test.conflict");
    }
}

TEST_CASE("run_bounded: an exception from on_done is rethrown after the workers stop", "[cloud]") {
    std::atomic<int> started{0};
    CHECK_THROWS_WITH(run_bounded(
                          10000, 2,
                          [&](std::size_t, const std::atomic<bool> &) {
                              ++started;
                              std::this_thread::sleep_for(200us);
                          },
                          {.on_done = [](std::size_t) { throw std::runtime_error("progress callback failed"); },
                           .should_cancel = {}}),
                      "progress callback failed");
    CHECK(started.load() < 10000);
}
