#include "pfx_factory.h"

#include <fstream>
#include <memory>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace mailint::test {

namespace {

[[noreturn]] void fail(const std::string &what) {
    unsigned long e = ERR_get_error();
    char buf[256] = "";
    if (e) ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    throw std::runtime_error("pfx_factory: " + what + (e ? std::string(": ") + buf : std::string()));
}

template <class T, void (*Free)(T *)>
struct deleter {
    void operator()(T *p) const { Free(p); }
};
using x509_ptr = std::unique_ptr<X509, deleter<X509, X509_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using name_ptr = std::unique_ptr<X509_NAME, deleter<X509_NAME, X509_NAME_free>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using p12_ptr = std::unique_ptr<PKCS12, deleter<PKCS12, PKCS12_free>>;

class context {
public:
    explicit context(bool legacy) : ctx_(OSSL_LIB_CTX_new()) {
        if (!ctx_) fail("OSSL_LIB_CTX_new");
        load("default");
        if (legacy) load("legacy");
    }
    ~context() {
        for (auto it = providers_.rbegin(); it != providers_.rend(); ++it) OSSL_PROVIDER_unload(*it);
        OSSL_LIB_CTX_free(ctx_);
    }
    OSSL_LIB_CTX *get() const { return ctx_; }

private:
    void load(const char *name) {
        OSSL_PROVIDER *p = OSSL_PROVIDER_load(ctx_, name);
        if (!p) fail(std::string("load provider ") + name);
        providers_.push_back(p);
    }
    OSSL_LIB_CTX *ctx_;
    std::vector<OSSL_PROVIDER *> providers_;
};

name_ptr make_name(const std::string &cn, const std::string &org) {
    name_ptr name(X509_NAME_new());
    auto add = [&](const char *field, const std::string &value) {
        if (!X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char *>(value.c_str()), -1, -1, 0))
            fail(std::string("name entry ") + field);
    };
    add("C", "US");
    if (!org.empty()) add("O", org);
    if (!cn.empty()) add("CN", cn);
    return name;
}

void add_extension(X509 *cert, X509 *issuer, int nid, const std::string &value) {
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer, cert, nullptr, nullptr, 0);
    ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str()));
    if (!ext || !X509_add_ext(cert, ext.get(), -1)) fail("extension " + value);
}

void set_time(ASN1_TIME *t, std::chrono::sys_seconds at) {
    if (!ASN1_TIME_set(t, static_cast<time_t>(at.time_since_epoch().count()))) fail("ASN1_TIME_set");
}

struct cert_request {
    std::string cn;
    std::string org;
    std::vector<std::string> dns_names;
    std::chrono::sys_seconds not_before;
    std::chrono::sys_seconds not_after;
    bool ca = false;
};

// Signed by issuer_key with issuer_cert's name, or self-signed when issuer_cert is null.
x509_ptr make_certificate(OSSL_LIB_CTX *ctx, const cert_request &req, EVP_PKEY *key,
                          X509 *issuer_cert, EVP_PKEY *issuer_key) {
    x509_ptr cert(X509_new_ex(ctx, nullptr));
    if (!cert || !X509_set_version(cert.get(), X509_VERSION_3)) fail("X509_new_ex");
    unsigned char serial[16];
    if (RAND_bytes_ex(ctx, serial, sizeof serial, 0) != 1) fail("RAND_bytes_ex");
    serial[0] &= 0x7F;  // positive
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    bool serial_ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    if (!serial_ok) fail("serial");
    name_ptr subject = make_name(req.cn, req.org);
    if (!X509_set_subject_name(cert.get(), subject.get())) fail("subject");
    if (!X509_set_issuer_name(cert.get(), issuer_cert ? X509_get_subject_name(issuer_cert) : subject.get()))
        fail("issuer");
    set_time(X509_getm_notBefore(cert.get()), req.not_before);
    set_time(X509_getm_notAfter(cert.get()), req.not_after);
    if (!X509_set_pubkey(cert.get(), key)) fail("X509_set_pubkey");

    X509 *issuer = issuer_cert ? issuer_cert : cert.get();
    add_extension(cert.get(), issuer, NID_basic_constraints, req.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_extension(cert.get(), issuer, NID_key_usage,
                  req.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
    add_extension(cert.get(), issuer, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
    if (!req.dns_names.empty()) {
        std::string san;
        for (const auto &n : req.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + n;
        add_extension(cert.get(), issuer, NID_subject_alt_name, san);
    }
    if (!X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256())) fail("X509_sign");
    return cert;
}

std::vector<unsigned char> der_of(X509 *cert) {
    unsigned char *der = nullptr;
    int len = i2d_X509(cert, &der);
    if (len <= 0) fail("i2d_X509");
    std::vector<unsigned char> out(der, der + len);
    OPENSSL_free(der);
    return out;
}

}  // namespace

made_pfx make_pfx(const pfx_spec &spec) {
    context ctx(spec.encryption == pfx_encryption::legacy_rc2_40);
    made_pfx out;

    pkey_ptr key(EVP_PKEY_Q_keygen(ctx.get(), nullptr, "EC", "P-256"));
    if (!key) fail("EC key");
    cert_request leaf_req{spec.common_name, spec.organization, spec.dns_names, spec.not_before,
                          spec.not_after, false};

    x509_ptr ca_cert;
    pkey_ptr ca_key;
    if (!spec.self_signed) {
        ca_key.reset(EVP_PKEY_Q_keygen(ctx.get(), nullptr, "EC", "P-256"));
        if (!ca_key) fail("CA key");
        auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        cert_request ca_req{"Contoso Test CA", spec.organization, {}, now - std::chrono::hours(24 * 30),
                            now + std::chrono::hours(24 * 3650), true};
        ca_cert = make_certificate(ctx.get(), ca_req, ca_key.get(), nullptr, nullptr);
        out.ca_der = der_of(ca_cert.get());
    }
    x509_ptr cert = make_certificate(ctx.get(), leaf_req, key.get(), ca_cert.get(), ca_key.get());
    out.certificate_der = der_of(cert.get());

    int nid_key = 0, nid_cert = 0;  // 0: OpenSSL 3's defaults, PBES2 with AES-256-CBC
    switch (spec.encryption) {
    case pfx_encryption::modern:
        nid_key = nid_cert = NID_aes_256_cbc;
        break;
    case pfx_encryption::legacy_rc2_40:
        nid_key = NID_pbe_WithSHA1And3_Key_TripleDES_CBC;
        nid_cert = NID_pbe_WithSHA1And40BitRC2_CBC;
        break;
    case pfx_encryption::none:
        nid_key = nid_cert = -1;
        break;
    }
    STACK_OF(X509) *ca_stack = nullptr;
    if (ca_cert) {
        ca_stack = sk_X509_new_null();
        if (!ca_stack || !sk_X509_push(ca_stack, ca_cert.get())) fail("CA stack");
    }
    const char *pass = spec.password ? spec.password->c_str() : nullptr;
    p12_ptr p12(PKCS12_create_ex(pass, "MailIntegration test", spec.include_private_key ? key.get() : nullptr,
                                 cert.get(), ca_stack, nid_key, nid_cert, 0, spec.mac ? 0 : -1, 0,
                                 ctx.get(), nullptr));
    sk_X509_free(ca_stack);  // the stack only; ca_cert is still owned above
    if (!p12) fail("PKCS12_create_ex");
    unsigned char *der = nullptr;
    int len = i2d_PKCS12(p12.get(), &der);
    if (len <= 0) fail("i2d_PKCS12");
    out.bytes.assign(der, der + len);
    OPENSSL_free(der);
    return out;
}

std::filesystem::path write_pfx(const std::filesystem::path &dir, std::string_view file_name,
                                const pfx_spec &spec) {
    auto path = dir / file_name;
    write_file(path, make_pfx(spec).bytes);
    return path;
}

std::vector<int> pfx_encryption_nids(const std::vector<unsigned char> &pfx) {
    std::vector<int> nids;
    const unsigned char *p = pfx.data();
    p12_ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(pfx.size())));
    if (!p12) fail("d2i_PKCS12");
    STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12.get());
    if (!safes) fail("PKCS12_unpack_authsafes");
    std::vector<const PKCS12_SAFEBAG *> plain_bags;
    std::vector<STACK_OF(PKCS12_SAFEBAG) *> owned;
    for (int i = 0; i < sk_PKCS7_num(safes); ++i) {
        PKCS7 *p7 = sk_PKCS7_value(safes, i);
        if (OBJ_obj2nid(p7->type) == NID_pkcs7_encrypted) {
            const ASN1_OBJECT *alg = nullptr;
            X509_ALGOR_get0(&alg, nullptr, nullptr, p7->d.encrypted->enc_data->algorithm);
            nids.push_back(OBJ_obj2nid(alg));
        } else if (OBJ_obj2nid(p7->type) == NID_pkcs7_data) {
            STACK_OF(PKCS12_SAFEBAG) *bags = PKCS12_unpack_p7data(p7);
            if (bags) owned.push_back(bags);
        }
    }
    // Shrouded keys sit in the plain safes; their algorithm is that of the X509_SIG.
    for (auto *bags : owned) {
        for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
            const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
            if (PKCS12_SAFEBAG_get_nid(bag) != NID_pkcs8ShroudedKeyBag) continue;
            const X509_ALGOR *algor = nullptr;
            X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &algor, nullptr);
            const ASN1_OBJECT *alg = nullptr;
            X509_ALGOR_get0(&alg, nullptr, nullptr, algor);
            nids.push_back(OBJ_obj2nid(alg));
        }
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
    sk_PKCS7_pop_free(safes, PKCS7_free);
    return nids;
}

std::string sha1_hex(const std::vector<unsigned char> &der) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(der.data(), der.size(), md, &len, EVP_sha1(), nullptr)) fail("EVP_Digest");
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += digits[md[i] >> 4];
        out += digits[md[i] & 0xF];
    }
    return out;
}

void write_file(const std::filesystem::path &path, const std::vector<unsigned char> &bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

void write_file(const std::filesystem::path &path, std::string_view text) {
    write_file(path, std::vector<unsigned char>(text.begin(), text.end()));
}

}  // namespace mailint::test
