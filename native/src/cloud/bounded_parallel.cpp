#include "cloud/bounded_parallel.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

namespace mailint::cloud {

void run_bounded(std::size_t count, int workers,
                 const std::function<void(std::size_t, const std::atomic<bool> &)> &job,
                 const bounded_parallel_hooks &hooks) {
    if (count == 0) return;
    const std::size_t threads = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, workers)));

    std::atomic<bool> cancelled{false};
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::size_t> finished;  // guarded by mutex
    std::size_t running = threads;      // guarded by mutex
    std::exception_ptr failure;         // guarded by mutex

    auto worker = [&] {
        for (;;) {
            if (cancelled.load()) break;
            const std::size_t index = next.fetch_add(1);
            if (index >= count) break;
            try {
                job(index, cancelled);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure) failure = std::current_exception();
                cancelled.store(true);
            }
            {
                std::lock_guard lock(mutex);
                finished.push_back(index);
            }
            changed.notify_one();
        }
        {
            std::lock_guard lock(mutex);
            --running;
        }
        changed.notify_one();
    };

    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);

    bool cancelled_by_caller = false;
    std::exception_ptr hook_failure;
    for (;;) {
        std::deque<std::size_t> batch;
        bool done = false;
        {
            std::unique_lock lock(mutex);
            changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return !finished.empty() || running == 0; });
            batch.swap(finished);
            done = running == 0;
        }
        for (const auto index : batch) {
            if (hook_failure || !hooks.on_done) continue;
            try {
                hooks.on_done(index);
            } catch (...) {
                hook_failure = std::current_exception();
                cancelled.store(true);
            }
        }
        // Not asked once everything has finished: a cancel that stops nothing must not turn a
        // completed run into a transport.cancelled failure.
        if (!done && !cancelled.load() && hooks.should_cancel && hooks.should_cancel()) {
            cancelled_by_caller = true;
            cancelled.store(true);
        }
        if (done) break;
    }
    pool.clear();  // joins

    if (hook_failure) std::rethrow_exception(hook_failure);
    if (failure) std::rethrow_exception(failure);
    if (cancelled_by_caller)
        throw error(errc::cancelled, "transport.cancelled", "The operation was cancelled; requests already sent completed.");
}

}  // namespace mailint::cloud
