#include "traffic/outcome.h"

namespace emulator::traffic {

std::string_view outcome_name(outcome o)
{
    switch (o) {
    case outcome::rate_limit: return "rateLimit";
    case outcome::concurrency_limit: return "concurrencyLimit";
    case outcome::during_retry_after: return "duringRetryAfter";
    case outcome::http429: return "http429";
    case outcome::http503: return "http503";
    case outcome::http504: return "http504";
    case outcome::transient_exception: return "transientException";
    case outcome::connection_reset: return "connectionReset";
    case outcome::stall: return "stall";
    case outcome::http504_processed: return "http504Processed";
    case outcome::connection_reset_processed: return "connectionResetProcessed";
    }
    return "unknown";
}

} // namespace emulator::traffic
