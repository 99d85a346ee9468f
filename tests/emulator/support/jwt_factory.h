#pragma once
// What a client of the Entra token endpoint holds: an RSA key with its self-signed certificate,
// and the client assertions (RS256 JWTs) it signs with them — built here with OpenSSL, independently
// of the emulator's code.
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace emutest {

using json = nlohmann::ordered_json;

struct rsa_identity {
    std::shared_ptr<void> key;  // EVP_PKEY*
    std::string certificate_pem;
    std::vector<unsigned char> certificate_der;
    std::string x5t;       // base64url SHA-1 of the DER
    std::string x5t_s256;  // base64url SHA-256 of the DER
};

rsa_identity make_rsa_identity(const std::string& common_name);

std::string base64url(const std::string& bytes);
std::string base64url_decode_text(const std::string& text);

// header and claims are signed as given; header.alg "PS256" signs RSASSA-PSS (salt = digest
// length, RFC 7518 §3.5), anything else RSASSA-PKCS1-v1_5 with SHA-256.
std::string sign_jwt(const rsa_identity& identity, const json& header, const json& claims);

// A fresh GUID-shaped jti.
std::string new_jti();

// The JWT's payload, decoded without checking anything.
json jwt_payload(const std::string& token);
json jwt_header(const std::string& token);

// Verifies an RS256 JWT against a JWKS document ({"keys":[{"kid","n","e",…}]}) by its header kid.
bool verify_with_jwks(const std::string& token, const json& jwks);

} // namespace emutest
