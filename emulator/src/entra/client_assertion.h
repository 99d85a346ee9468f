#pragma once
// Checks a client assertion (certificate credential, wire-apis.md §2.1) against the app it claims
// to be: certificate named by x5t / x5t#S256, signature, iss, sub, aud, exp, nbf, jti present.
// Replay of the jti is the caller's check, because it needs memory across requests.
#include "entra/token_error.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace emulator::entra {

struct assertion_context {
    const json& app;                             // the app registration (stored form)
    std::string client_id;                       // the client_id form field
    std::vector<std::string> accepted_audiences;  // token endpoint URLs that aud may be
    double now = 0;                              // seconds since the epoch
    double clock_skew = 300;
};

struct checked_assertion {
    std::string jti;
    double expires_at = 0;  // exp, so the caller can forget the jti once it could no longer be replayed
};

// The assertion's jti and exp when every check passes, else the Entra error to answer with.
std::variant<checked_assertion, token_error> check_client_assertion(std::string_view assertion,
                                                                    const assertion_context& context);

} // namespace emulator::entra
