#pragma once
// How a service call is retried. The defaults are ExchangeOnlineManagement's (wire-apis.md §1.8):
// six attempts, 2 s × 2^n backoff when the service names no wait. Tests and the emulator shorten
// them; a Retry-After longer than max_retry_after is not waited for (the call fails instead, so a
// runbook is not parked for an hour by one answer).
#include <chrono>

namespace mailint::cloud {

struct retry_policy {
    int max_attempts = 6;
    std::chrono::milliseconds base_backoff{2000};
    std::chrono::milliseconds max_backoff{std::chrono::seconds(60)};
    std::chrono::milliseconds max_retry_after{std::chrono::minutes(5)};

    // The wait before attempt `attempt + 1` when the service said nothing: base × 2^(attempt-1),
    // capped. `attempt` counts from 1.
    std::chrono::milliseconds backoff(int attempt) const;
};

}  // namespace mailint::cloud
