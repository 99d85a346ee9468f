#include "entra/signing_key.h"

#include "entra/digest.h"
#include "entra/jws.h"
#include "util/base64.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include <stdexcept>

namespace emulator::entra {
namespace {

void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("signing key: ") + what);
}

std::string bn_param(EVP_PKEY* key, const char* name)
{
    BIGNUM* value = nullptr;
    require(EVP_PKEY_get_bn_param(key, name, &value) == 1, "EVP_PKEY_get_bn_param");
    std::vector<unsigned char> bytes(static_cast<std::size_t>(BN_num_bytes(value)));
    BN_bn2bin(value, bytes.data());
    BN_free(value);
    return base64url_encode(bytes);
}

} // namespace

signing_key::signing_key()
{
    key_.reset(EVP_RSA_gen(2048));
    require(key_ != nullptr, "EVP_RSA_gen");
    cert_.reset(X509_new());
    require(cert_ != nullptr, "X509_new");
    X509_set_version(cert_.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert_.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert_.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert_.get()), 60L * 60 * 24 * 365);
    X509_NAME* name = X509_get_subject_name(cert_.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("accounts.accesscontrol.windows.net"), -1, -1, 0);
    X509_set_issuer_name(cert_.get(), name);
    require(X509_set_pubkey(cert_.get(), key_.get()) == 1, "X509_set_pubkey");
    require(X509_sign(cert_.get(), key_.get(), EVP_sha256()) > 0, "X509_sign");
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert_.get(), &der);
    require(length > 0, "i2d_X509");
    const std::vector<unsigned char> bytes(der, der + length);
    OPENSSL_free(der);
    kid_ = base64url_encode(sha1(bytes.data(), bytes.size()));
    der_base64_ = base64_encode(bytes);
}

std::string signing_key::sign(const json& claims) const
{
    return sign_rs256(json{{"typ", "JWT"}, {"alg", "RS256"}, {"x5t", kid_}, {"kid", kid_}}, claims, key_.get());
}

json signing_key::jwks() const
{
    return json{{"keys", json::array({json{{"kty", "RSA"},
                                           {"use", "sig"},
                                           {"kid", kid_},
                                           {"x5t", kid_},
                                           {"n", bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N)},
                                           {"e", bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E)},
                                           {"x5c", json::array({der_base64_})}}})}};
}

} // namespace emulator::entra
