#pragma once
// What the request log keeps of a JSON body: everything but credentials. Any member whose name
// ends in "password" or "secret" or starts with "secret" (passwordProfile.password,
// oauthclientsecret, clientSecret, secretText …) becomes "********", at any depth.
#include "util/json.h"

namespace emulator {

json redact_secrets(json body);

} // namespace emulator
