#pragma once
// Runs many independent service calls at once, bounded, for the bulk paths (a Set-Mailbox over
// 10,000 mailboxes). Worker threads only do the calls; everything that may reach the caller —
// progress, PowerShell callbacks, the journal — happens on the calling thread in on_done, because
// the C ABI promises callbacks only on the thread that called in (mailint.h).
//
// The bound here is the number of threads; the transport's throttle gate still decides how many
// of them may have a request in flight, so a generous worker count is safe.
#include <atomic>
#include <cstddef>
#include <functional>

namespace mailint::cloud {

struct bounded_parallel_hooks {
    // Called on the calling thread for each finished job, in completion order.
    std::function<void(std::size_t index)> on_done;
    // Asked on the calling thread between completions; true stops new jobs from starting and sets
    // the flag the running ones were given. run_bounded then throws transport.cancelled.
    std::function<bool()> should_cancel;
};

// job(index, cancelled) for every index in [0, count) on at most `workers` threads (at least 1).
// A job is expected to record its own failures (bulk runs continue past them); an exception that
// escapes a job stops new jobs and is rethrown once the running ones have finished.
void run_bounded(std::size_t count, int workers,
                 const std::function<void(std::size_t index, const std::atomic<bool> &cancelled)> &job,
                 const bounded_parallel_hooks &hooks = {});

}  // namespace mailint::cloud
