#pragma once
// The client assertion of OAuth2 client credentials with a certificate (wire-apis.md §2.1): a JWT
// that the app signs with its certificate's private key instead of sending a secret. It is a
// bearer credential for its lifetime, so it is returned as sensitive_text.
#include <chrono>
#include <string>

#include "auth/sensitive_text.h"
#include "validate/pfx_key.h"

namespace mailint::auth {

enum class assertion_algorithm {
    rs256,  // with "x5t" (base64url SHA-1 of the DER): the client-credentials doc's own example
    ps256,  // with "x5t#S256": what the current certificate-credentials doc describes
};

enum class thumbprint_headers { x5t, x5t_s256, both };

struct assertion_options {
    std::string client_id;  // iss and sub
    std::string audience;   // the token endpoint URL, "{authority}/{tenant}/oauth2/v2.0/token"
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();  // nbf and iat
    std::chrono::seconds lifetime{600};  // exp = now + lifetime; Entra recommends 5-10 minutes
    assertion_algorithm algorithm = assertion_algorithm::rs256;
    thumbprint_headers thumbprints = thumbprint_headers::x5t;
    std::string jti;  // empty: a random GUID, so Entra's replay check never trips on a retry
};

// header.claims.signature, each base64url. Throws mailint::error from pfx_key::sign.
sensitive_text build_client_assertion(const validate::pfx_key &key, const assertion_options &options);

// A random version-4 GUID in lower case ("22b3bb26-e046-42df-9c96-65dbd72c1c81").
std::string random_guid();

}  // namespace mailint::auth
