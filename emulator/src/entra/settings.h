#pragma once
// Tunables of the token service that tests shorten (POST /control/entra/settings) so that expiry,
// refresh and polling can be seen in seconds instead of an hour.
#include "util/json.h"

namespace emulator::entra {

struct settings {
    double access_token_lifetime = 3599;  // Entra's expires_in for app tokens
    double device_code_expires_in = 900;  // v2-oauth2-device-code: 15 minutes
    double device_code_interval = 5;
    double slow_down_increment = 5;       // RFC 8628 §3.5
    double clock_skew = 300;              // leeway on assertion nbf/exp (Entra allows 5 minutes)
    double refresh_token_lifetime = 90 * 24 * 3600.0;  // Entra's inactivity lifetime: 90 days

    json to_json() const;
    // Applies the members present; throws std::invalid_argument for a non-number, a negative one or
    // an unknown name (a typo must not pass silently as "no change").
    void apply(const json& changes);
};

} // namespace emulator::entra
