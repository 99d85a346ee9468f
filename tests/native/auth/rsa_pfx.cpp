#include "rsa_pfx.h"

#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

namespace mailint::test {

rsa_pfx make_rsa_pfx(const std::string &password, bool legacy_rc2_40) {
    OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new();
    OSSL_PROVIDER *def = OSSL_PROVIDER_load(ctx, "default");
    OSSL_PROVIDER *legacy = legacy_rc2_40 ? OSSL_PROVIDER_load(ctx, "legacy") : nullptr;
    if (!def || (legacy_rc2_40 && !legacy)) throw std::runtime_error("providers");
    rsa_pfx out;
    {
        EVP_PKEY *key = EVP_PKEY_Q_keygen(ctx, nullptr, "RSA", static_cast<size_t>(2048));
        X509 *cert = X509_new_ex(ctx, nullptr);
        if (!key || !cert) throw std::runtime_error("keygen");
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 4242);
        X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
        X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 86400);
        X509_set_pubkey(cert, key);
        X509_NAME *name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("mailint-app"), -1,
                                   -1, 0);
        X509_set_issuer_name(cert, name);
        if (X509_sign(cert, key, EVP_sha256()) <= 0) throw std::runtime_error("sign");
        unsigned char *der = nullptr;
        int len = i2d_X509(cert, &der);
        out.certificate_der.assign(der, der + len);
        OPENSSL_free(der);

        int cert_nid = legacy_rc2_40 ? NID_pbe_WithSHA1And40BitRC2_CBC : NID_aes_256_cbc;
        int key_nid = legacy_rc2_40 ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : NID_aes_256_cbc;
        PKCS12 *p12 = PKCS12_create_ex(password.c_str(), "mailint-app", key, cert, nullptr, key_nid, cert_nid, 2048,
                                       2048, 0, ctx, nullptr);
        if (!p12) throw std::runtime_error("PKCS12_create_ex");
        unsigned char *p = nullptr;
        len = i2d_PKCS12(p12, &p);
        out.bytes.assign(p, p + len);
        OPENSSL_free(p);
        PKCS12_free(p12);
        X509_free(cert);
        EVP_PKEY_free(key);
    }
    if (legacy) OSSL_PROVIDER_unload(legacy);
    OSSL_PROVIDER_unload(def);
    OSSL_LIB_CTX_free(ctx);
    return out;
}

}  // namespace mailint::test
