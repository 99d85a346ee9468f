#include "dns/dns_poll.h"

#include <algorithm>
#include <thread>

#include "core/error.h"

namespace mailint::dns {

poll_outcome poll_dns(std::chrono::seconds timeout, std::chrono::seconds interval,
                      const std::function<poll_look(int attempt)> &look,
                      const std::function<bool(int attempt)> &keep_waiting) {
    using clock = std::chrono::steady_clock;
    interval = std::max(interval, std::chrono::seconds(1));
    const auto deadline = clock::now() + timeout;
    poll_outcome out;
    for (int attempt = 1;; ++attempt) {
        out.attempts = attempt;
        auto seen = look(attempt);
        if (seen.seen) {
            out.seen = true;
            return out;
        }
        out.last_answered = std::move(seen.answered);
        if (clock::now() + interval > deadline) return out;
        if (keep_waiting && !keep_waiting(attempt))
            throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
        std::this_thread::sleep_for(interval);
    }
}

}  // namespace mailint::dns
