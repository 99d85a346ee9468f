#include <catch2/catch.hpp>

#include <algorithm>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>

#include "../support/pfx_factory.h"
#include "core/error.h"
#include "rsa_pfx.h"
#include "auth/base64url.h"
#include "auth/jwt_assertion.h"
#include "validate/pfx_key.h"

using namespace mailint;
using namespace mailint::auth;
using mailint::test::pfx_encryption;
using mailint::test::pfx_spec;

namespace {

std::span<const unsigned char> bytes_of(const std::string &s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

std::vector<unsigned char> decode(std::string_view part) {
    auto d = base64url_decode(part);
    REQUIRE(d.has_value());
    return *d;
}

nlohmann::json decode_json(std::string_view part) {
    auto d = decode(part);
    return nlohmann::json::parse(d.begin(), d.end());
}

// Independent checks: the certificate parsed from the factory's DER (not from the code under
// test), OpenSSL's verify with its public key, digests computed here.
bool verify_signature(const std::vector<unsigned char> &cert_der, std::string_view signing_input,
                      const std::vector<unsigned char> &sig, bool pss) {
    const unsigned char *p = cert_der.data();
    X509 *cert = d2i_X509(nullptr, &p, static_cast<long>(cert_der.size()));
    REQUIRE(cert != nullptr);
    EVP_PKEY *pub = X509_get_pubkey(cert);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), nullptr, pub) == 1;
    if (ok && pss)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1;
    ok = ok && EVP_DigestVerify(md, sig.data(), sig.size(), reinterpret_cast<const unsigned char *>(signing_input.data()),
                                signing_input.size()) == 1;
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(pub);
    X509_free(cert);
    return ok;
}

std::string b64url_digest(const EVP_MD *md, const std::vector<unsigned char> &der) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    REQUIRE(EVP_Digest(der.data(), der.size(), out, &len, md, nullptr) == 1);
    return base64url_encode(std::span<const unsigned char>(out, len));
}

struct jwt_parts {
    std::string signing_input;
    nlohmann::json header, claims;
    std::vector<unsigned char> signature;
};

jwt_parts split(std::string_view jwt) {
    auto a = jwt.find('.');
    auto b = jwt.find('.', a + 1);
    REQUIRE(b != std::string_view::npos);
    REQUIRE(jwt.find('.', b + 1) == std::string_view::npos);
    return {std::string(jwt.substr(0, b)), decode_json(jwt.substr(0, a)), decode_json(jwt.substr(a + 1, b - a - 1)),
            decode(jwt.substr(b + 1))};
}

}  // namespace

TEST_CASE("base64url round-trips without padding", "[auth][jwt]") {
    CHECK(base64url_encode(std::string_view("")) == "");
    CHECK(base64url_encode(std::string_view("f")) == "Zg");
    CHECK(base64url_encode(std::string_view("fo")) == "Zm8");
    CHECK(base64url_encode(std::string_view("foo")) == "Zm9v");
    const unsigned char hi[] = {0xfb, 0xff, 0xbf};
    CHECK(base64url_encode(std::span<const unsigned char>(hi, 3)) == "-_-_");
    CHECK(base64url_decode("-_-_") == std::vector<unsigned char>(hi, hi + 3));
    CHECK_FALSE(base64url_decode("a+b/").has_value());
    CHECK_FALSE(base64url_decode("abcde").has_value());
}

TEST_CASE("the client assertion verifies with the certificate's public key", "[auth][jwt]") {
    const bool legacy = GENERATE(false, true);
    auto made = test::make_rsa_pfx("Contoso-P@ss 1", legacy);
    // The file really uses RC2-40 (checked with the factory's independent reader).
    auto nids = test::pfx_encryption_nids(made.bytes);
    CHECK((std::find(nids.begin(), nids.end(), NID_pbe_WithSHA1And40BitRC2_CBC) != nids.end()) == legacy);
    auto loaded = validate::load_pfx_key(made.bytes, bytes_of("Contoso-P@ss 1"));
    REQUIRE(loaded.status == validate::pfx_status::ok);
    REQUIRE(loaded.key);
    CHECK(loaded.key->certificate_der() == made.certificate_der);
    CHECK(loaded.key->certificate().legacy_format == legacy);

    assertion_options o;
    o.client_id = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
    o.audience = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token";
    o.now = std::chrono::system_clock::time_point(std::chrono::seconds(1484592741));
    auto jwt = build_client_assertion(*loaded.key, o);
    auto parts = split(jwt.view());

    CHECK(parts.header["alg"] == "RS256");
    CHECK(parts.header["typ"] == "JWT");
    CHECK(parts.header["x5t"] == b64url_digest(EVP_sha1(), made.certificate_der));
    CHECK_FALSE(parts.header.contains("x5t#S256"));
    // x5t is the Windows thumbprint, in base64url instead of hex.
    auto x5t = decode(parts.header["x5t"].get<std::string>());
    std::string hex;
    for (unsigned char c : x5t) {
        static constexpr char d[] = "0123456789ABCDEF";
        hex += d[c >> 4];
        hex += d[c & 15];
    }
    CHECK(hex == test::sha1_hex(made.certificate_der));
    CHECK(hex == loaded.key->certificate().thumbprint);

    CHECK(parts.claims["aud"] == o.audience);
    CHECK(parts.claims["iss"] == o.client_id);
    CHECK(parts.claims["sub"] == o.client_id);
    CHECK(parts.claims["nbf"] == 1484592741);
    CHECK(parts.claims["iat"] == 1484592741);
    CHECK(parts.claims["exp"] == 1484592741 + 600);
    CHECK(parts.claims["jti"].get<std::string>().size() == 36);
    CHECK(verify_signature(made.certificate_der, parts.signing_input, parts.signature, false));

    // Tampering with the claims breaks the signature.
    std::string tampered = parts.signing_input;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(verify_signature(made.certificate_der, tampered, parts.signature, false));

    // Every assertion has its own jti.
    auto again = split(build_client_assertion(*loaded.key, o).view());
    CHECK(again.claims["jti"] != parts.claims["jti"]);
}

TEST_CASE("PS256 with x5t#S256, and both thumbprints", "[auth][jwt]") {
    auto made = test::make_rsa_pfx("pw");
    auto loaded = validate::load_pfx_key(made.bytes, bytes_of("pw"));
    REQUIRE(loaded.key);
    assertion_options o;
    o.client_id = "c";
    o.audience = "https://login.microsoftonline.com/t/oauth2/v2.0/token";
    o.algorithm = assertion_algorithm::ps256;
    o.thumbprints = thumbprint_headers::x5t_s256;
    o.jti = "fixed";
    auto parts = split(build_client_assertion(*loaded.key, o).view());
    CHECK(parts.header["alg"] == "PS256");
    CHECK(parts.header["x5t#S256"] == b64url_digest(EVP_sha256(), made.certificate_der));
    CHECK_FALSE(parts.header.contains("x5t"));
    CHECK(parts.claims["jti"] == "fixed");
    CHECK(verify_signature(made.certificate_der, parts.signing_input, parts.signature, true));
    CHECK_FALSE(verify_signature(made.certificate_der, parts.signing_input, parts.signature, false));

    o.thumbprints = thumbprint_headers::both;
    o.algorithm = assertion_algorithm::rs256;
    auto both = split(build_client_assertion(*loaded.key, o).view());
    CHECK(both.header.contains("x5t"));
    CHECK(both.header.contains("x5t#S256"));
}

TEST_CASE("the key of a CA-issued PFX is the end-entity's, not the CA's", "[auth][jwt]") {
    pfx_spec spec;
    spec.self_signed = false;
    auto made = test::make_pfx(spec);
    auto loaded = validate::load_pfx_key(made.bytes, bytes_of(*spec.password));
    REQUIRE(loaded.key);
    CHECK(loaded.key->certificate_der() == made.certificate_der);
    // pfx_factory's keys are EC: Entra takes RSA only, so signing refuses with a stable id.
    assertion_options o;
    o.client_id = "c";
    o.audience = "a";
    try {
        build_client_assertion(*loaded.key, o);
        FAIL("signed with an EC key");
    } catch (const error &e) {
        CHECK(e.id() == "auth.certificate.key_type");
        CHECK(e.code() == errc::unsupported);
    }
}

TEST_CASE("load_pfx_key reports the reader's statuses", "[auth][jwt]") {
    pfx_spec spec;
    auto made = test::make_pfx(spec);
    CHECK(validate::load_pfx_key(made.bytes, bytes_of("wrong")).status == validate::pfx_status::bad_password);
    CHECK(validate::load_pfx_key(made.bytes, {}).status == validate::pfx_status::password_missing);
    spec.include_private_key = false;
    auto no_key = test::make_pfx(spec);
    auto r = validate::load_pfx_key(no_key.bytes, bytes_of(*spec.password));
    CHECK(r.status == validate::pfx_status::unreadable);
    CHECK_FALSE(r.key);
    spec.include_private_key = true;
    spec.password = std::nullopt;
    auto open = test::make_pfx(spec);
    CHECK(validate::load_pfx_key(open.bytes, {}).key);
}
