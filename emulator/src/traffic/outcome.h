#pragma once
// What the traffic layer did with a request instead of (or before) passing it on. The names are
// the `fault` member of the request log and the keys of the statistics.
#include <string_view>

namespace emulator::traffic {

enum class outcome {
    rate_limit,           // 429: the scope's token bucket was empty
    concurrency_limit,    // 429: the scope had maxConcurrent requests in flight
    during_retry_after,   // 429: the request came before the scope's last Retry-After had passed
    http429,              // injected faults …
    http503,
    http504,
    transient_exception,  // 500 with DCOverloadedException (Exchange)
    connection_reset,
    stall,                // delayed, then served normally
    http504_processed,    // the service ran the request, then the client got a 504 (processedShare)
    connection_reset_processed,  // the service ran the request, then the connection was reset
};

// "rateLimit", "concurrencyLimit", "duringRetryAfter", "http429", "http503", "http504",
// "transientException", "connectionReset", "stall", "http504Processed", "connectionResetProcessed".
std::string_view outcome_name(outcome o);

} // namespace emulator::traffic
