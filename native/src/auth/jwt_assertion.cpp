#include "auth/jwt_assertion.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "auth/base64url.h"
#include "core/error.h"

namespace mailint::auth {

namespace {

std::vector<unsigned char> digest(const char *name, const std::vector<unsigned char> &data) {
    std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
    std::size_t len = 0;
    // EVP_Q_digest with a NULL context fetches from the default context; a digest of public data
    // needs nothing from the legacy provider and changes no global state.
    if (EVP_Q_digest(nullptr, name, nullptr, data.data(), data.size(), out.data(), &len) != 1)
        throw error(errc::internal, "auth.certificate.digest_failed", "Hashing the certificate failed.");
    out.resize(len);
    return out;
}

}  // namespace

std::string random_guid() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        throw error(errc::internal, "core.random.unavailable", "No random source is available.");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

sensitive_text build_client_assertion(const validate::pfx_key &key, const assertion_options &o) {
    if (o.client_id.empty() || o.audience.empty())
        throw error(errc::invalid_argument, "auth.assertion.incomplete",
                    "A client assertion needs the client id and the token endpoint.");
    const auto &der = key.certificate_der();
    nlohmann::json header = {{"alg", o.algorithm == assertion_algorithm::rs256 ? "RS256" : "PS256"}, {"typ", "JWT"}};
    if (o.thumbprints != thumbprint_headers::x5t_s256) header["x5t"] = base64url_encode(digest("SHA1", der));
    if (o.thumbprints != thumbprint_headers::x5t) header["x5t#S256"] = base64url_encode(digest("SHA256", der));

    const long long now = std::chrono::duration_cast<std::chrono::seconds>(o.now.time_since_epoch()).count();
    nlohmann::json claims = {
        {"aud", o.audience},
        {"iss", o.client_id},
        {"sub", o.client_id},
        {"jti", o.jti.empty() ? random_guid() : o.jti},
        {"nbf", now},
        {"iat", now},
        {"exp", now + o.lifetime.count()},
    };
    std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    auto sig = key.sign(std::span(reinterpret_cast<const unsigned char *>(signing_input.data()), signing_input.size()),
                        o.algorithm == assertion_algorithm::rs256 ? validate::signature_scheme::rsa_pkcs1_sha256
                                                                  : validate::signature_scheme::rsa_pss_sha256);
    signing_input += ".";
    signing_input += base64url_encode(sig);
    return sensitive_text(std::move(signing_input));
}

}  // namespace mailint::auth
