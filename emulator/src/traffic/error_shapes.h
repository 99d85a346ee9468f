#pragma once
// What a refusal by the traffic layer looks like on the wire, in the shape of the service that
// "refused" (PROTOCOL.md, "Traffic shaping", lists every body): a client must not be able to tell
// the emulator's throttling from the service's own by its shape.
#include "http_types.h"
#include "traffic/outcome.h"
#include "traffic/profile.h"
#include "traffic/request_scope.h"
#include "traffic/retry_after.h"

namespace emulator::traffic {

// A 429. `reason` is why the scope was throttled (rate_limit, concurrency_limit or http429); a
// request during a Retry-After gets the body of the 429 that started the wait.
http_response_data throttled_response(const request_scope& scope, outcome reason, const retry_after& wait,
                                      const service_profile& profile, const http_request_data& request);

// http503, http504, transient_exception (500) or connection_reset (a 502 whose connection the
// server drops after the status line; see http_response_data::drop_connection).
http_response_data fault_response(const request_scope& scope, outcome fault, const http_request_data& request);

} // namespace emulator::traffic
