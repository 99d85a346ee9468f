#pragma once
// Compact JWS (RFC 7515) as Entra uses it: client assertions arrive as RS256 or PS256 JWTs, access
// tokens leave as RS256 JWTs.
#include "entra/openssl_handles.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::entra {

struct jws_parts {
    json header;
    json payload;
    std::string signing_input;  // "<header b64>.<payload b64>", exactly as received
    std::vector<unsigned char> signature;
};

// nullopt when the text is not three base64url parts whose first two are JSON objects.
std::optional<jws_parts> parse_jws(std::string_view compact);

// Checks the signature for header.alg RS256 or PS256 (SHA-256, salt length = digest length, as
// RFC 7518 §3.5 requires); any other alg fails.
bool verify_jws(const jws_parts& parts, EVP_PKEY* public_key);

// RS256 over header and payload (header gets "alg":"RS256" if missing).
std::string sign_rs256(json header, const json& payload, EVP_PKEY* private_key);

} // namespace emulator::entra
