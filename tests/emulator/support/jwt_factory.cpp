#include "support/jwt_factory.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>
#include <stdexcept>

namespace emutest {
namespace {

void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("OpenSSL: ") + what);
}

std::string digest_b64url(const EVP_MD* md, const std::vector<unsigned char>& data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    require(EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) == 1, "EVP_Digest");
    return base64url(std::string(reinterpret_cast<char*>(out), length));
}

std::string encode_base64(const std::string& bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

} // namespace

std::string base64url(const std::string& bytes)
{
    std::string out = encode_base64(bytes);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (char& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::string base64url_decode_text(const std::string& text)
{
    std::string standard = text;
    for (char& c : standard)
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (standard.size() % 4 != 0)
        standard.push_back('=');
    std::string out(standard.size() * 3 / 4 + 1, '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(standard.data()), static_cast<int>(standard.size()));
    require(length >= 0, "EVP_DecodeBlock");
    std::size_t padding = 0;
    for (auto it = standard.rbegin(); it != standard.rend() && *it == '='; ++it)
        ++padding;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

rsa_identity make_rsa_identity(const std::string& common_name)
{
    EVP_PKEY* key = EVP_RSA_gen(2048);
    require(key != nullptr, "EVP_RSA_gen");
    rsa_identity identity;
    identity.key = std::shared_ptr<void>(key, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); });
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                               -1, 0);
    X509_set_issuer_name(cert, name);
    require(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign");
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert, &der);
    identity.certificate_der.assign(der, der + length);
    OPENSSL_free(der);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    const long pem_length = BIO_get_mem_data(bio, &data);
    identity.certificate_pem.assign(data, static_cast<std::size_t>(pem_length));
    BIO_free(bio);
    X509_free(cert);
    identity.x5t = digest_b64url(EVP_sha1(), identity.certificate_der);
    identity.x5t_s256 = digest_b64url(EVP_sha256(), identity.certificate_der);
    return identity;
}

std::string sign_jwt(const rsa_identity& identity, const json& header, const json& claims)
{
    const std::string input = base64url(header.dump()) + "." + base64url(claims.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    auto* key = static_cast<EVP_PKEY*>(identity.key.get());
    EVP_PKEY_CTX* pkey_ctx = nullptr;
    require(EVP_DigestSignInit(ctx, &pkey_ctx, EVP_sha256(), nullptr, key) == 1, "EVP_DigestSignInit");
    if (header.value("alg", "") == "PS256")
        require(EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                    EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) == 1,
                "PSS padding");
    require(EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
            "EVP_DigestSign");
    std::string signature(length, '\0');
    require(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
            "EVP_DigestSign");
    EVP_MD_CTX_free(ctx);
    signature.resize(length);
    return input + "." + base64url(signature);
}

std::string new_jti()
{
    unsigned char b[16];
    RAND_bytes(b, sizeof b);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

json jwt_payload(const std::string& token)
{
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    return json::parse(base64url_decode_text(token.substr(first + 1, second - first - 1)));
}

json jwt_header(const std::string& token) { return json::parse(base64url_decode_text(token.substr(0, token.find('.')))); }

bool verify_with_jwks(const std::string& token, const json& jwks)
{
    const json header = jwt_header(token);
    for (const auto& jwk : jwks.at("keys")) {
        if (jwk.at("kid") != header.at("kid"))
            continue;
        const std::string n = base64url_decode_text(jwk.at("n"));
        const std::string e = base64url_decode_text(jwk.at("e"));
        BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
        BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
        OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn_n);
        OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bn_e);
        OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
        EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
        EVP_PKEY* key = nullptr;
        EVP_PKEY_fromdata_init(from);
        EVP_PKEY_fromdata(from, &key, EVP_PKEY_PUBLIC_KEY, params);
        const auto last_dot = token.rfind('.');
        const std::string input = token.substr(0, last_dot);
        const std::string signature = base64url_decode_text(token.substr(last_dot + 1));
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        const bool ok = key && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
        EVP_MD_CTX_free(ctx);
        EVP_PKEY_free(key);
        EVP_PKEY_CTX_free(from);
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(builder);
        BN_free(bn_n);
        BN_free(bn_e);
        return ok;
    }
    return false;
}

} // namespace emutest
