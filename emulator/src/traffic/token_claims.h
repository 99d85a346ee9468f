#pragma once
// The claims of a request's bearer token, read without checking the signature: the traffic layer
// only needs them to decide which tenant's budget a request spends, and the service behind it still
// rejects a forged token. A request is throttled like the tenant it claims to be.
#include "http_types.h"
#include "util/json.h"

#include <optional>

namespace emulator::traffic {

// The JWT payload of "Authorization: Bearer <jwt>", or nothing when there is no readable one.
std::optional<json> unverified_bearer_claims(const http_request_data& request);

} // namespace emulator::traffic
