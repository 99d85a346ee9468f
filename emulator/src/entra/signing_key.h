#pragma once
// The emulator's token-signing key: an RSA key and a self-signed certificate made at start-up, so
// tokens from one run never verify against another run's keys. Published as a JWKS the way Entra
// publishes its keys (kid = x5t = base64url SHA-1 of the certificate).
#include "entra/openssl_handles.h"
#include "util/json.h"

#include <string>

namespace emulator::entra {

class signing_key {
public:
    signing_key();

    // An RS256 JWT with header {"typ":"JWT","alg":"RS256","x5t","kid"}.
    std::string sign(const json& claims) const;
    json jwks() const;
    const std::string& kid() const { return kid_; }
    EVP_PKEY* key() const { return key_.get(); }

private:
    pkey_ptr key_;
    x509_ptr cert_;
    std::string kid_;
    std::string der_base64_;
};

} // namespace emulator::entra
