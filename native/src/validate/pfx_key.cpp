#include "validate/pfx_key.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "core/error.h"

namespace mailint::validate {

namespace {

struct provider_unload {
    void operator()(OSSL_PROVIDER *p) const { OSSL_PROVIDER_unload(p); }
};
struct ctx_free {
    void operator()(OSSL_LIB_CTX *c) const { OSSL_LIB_CTX_free(c); }
};
struct pkey_free {
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct x509_free {
    void operator()(X509 *x) const { X509_free(x); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;

class error_queue_mark {
public:
    error_queue_mark() { ERR_set_mark(); }
    ~error_queue_mark() { ERR_pop_to_mark(); }
};

// The NUL-terminated password copy OpenSSL wants; zeroed when it goes.
class password_copy {
public:
    explicit password_copy(std::span<const unsigned char> bytes) : bytes_(bytes.size() + 1, '\0') {
        std::copy(bytes.begin(), bytes.end(), bytes_.begin());
    }
    ~password_copy() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
    const char *c_str() const { return bytes_.data(); }
    int size() const { return static_cast<int>(bytes_.size() - 1); }

private:
    std::vector<char> bytes_;
};

std::vector<unsigned char> der_of(X509 *cert) {
    unsigned char *der = nullptr;
    int len = i2d_X509(cert, &der);
    if (len <= 0) return {};
    std::vector<unsigned char> out(der, der + len);
    OPENSSL_free(der);
    return out;
}

// Compared as encoded SubjectPublicKeyInfo: the key lives in our context and the certificate in
// the default one, and comparing key objects across contexts needs a provider export.
bool same_public_key(X509 *cert, EVP_PKEY *key) {
    unsigned char *a = nullptr, *b = nullptr;
    int la = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &a);
    int lb = i2d_PUBKEY(key, &b);
    bool same = la > 0 && la == lb && CRYPTO_memcmp(a, b, static_cast<std::size_t>(la)) == 0;
    OPENSSL_free(a);
    OPENSSL_free(b);
    return same;
}

}  // namespace

struct pfx_key::state {
    // Declared first so it is freed last: the key and certificate belong to it.
    std::unique_ptr<OSSL_LIB_CTX, ctx_free> ctx;
    std::vector<std::unique_ptr<OSSL_PROVIDER, provider_unload>> providers;
    pkey_ptr key;
    std::vector<unsigned char> der;
    certificate_info info;

    ~state() {
        key.reset();
        providers.clear();
    }
};

namespace {

// Collects keys and certificates from the safe bags. The file already opened with this password
// in read_pfx, so any failure here is reported as unreadable rather than diagnosed again.
struct collector {
    OSSL_LIB_CTX *ctx;
    const char *pass;
    int pass_len;
    std::vector<pkey_ptr> keys;
    std::vector<x509_ptr> certs;

    bool walk(const STACK_OF(PKCS12_SAFEBAG) * bags) {
        for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
            const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
            switch (PKCS12_SAFEBAG_get_nid(bag)) {
            case NID_keyBag: {
                pkey_ptr k(EVP_PKCS82PKEY_ex(PKCS12_SAFEBAG_get0_p8inf(bag), ctx, nullptr));
                if (!k) return false;
                keys.push_back(std::move(k));
                break;
            }
            case NID_pkcs8ShroudedKeyBag: {
                PKCS8_PRIV_KEY_INFO *p8 = PKCS12_decrypt_skey_ex(bag, pass, pass_len, ctx, nullptr);
                if (!p8) return false;
                pkey_ptr k(EVP_PKCS82PKEY_ex(p8, ctx, nullptr));
                PKCS8_PRIV_KEY_INFO_free(p8);
                if (!k) return false;
                keys.push_back(std::move(k));
                break;
            }
            case NID_certBag: {
                if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) break;
                x509_ptr c(PKCS12_SAFEBAG_get1_cert(bag));
                if (!c) return false;
                certs.push_back(std::move(c));
                break;
            }
            case NID_safeContentsBag:
                if (!walk(PKCS12_SAFEBAG_get0_safes(bag))) return false;
                break;
            default:
                break;
            }
        }
        return true;
    }

    bool run(PKCS12 *p12) {
        STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
        if (!safes) return false;
        bool ok = true;
        for (int i = 0; ok && i < sk_PKCS7_num(safes); ++i) {
            PKCS7 *p7 = sk_PKCS7_value(safes, i);
            STACK_OF(PKCS12_SAFEBAG) *bags = nullptr;
            int nid = OBJ_obj2nid(p7->type);
            if (nid == NID_pkcs7_data) {
                bags = PKCS12_unpack_p7data(p7);
            } else if (nid == NID_pkcs7_encrypted && p7->d.encrypted && p7->d.encrypted->enc_data &&
                       p7->d.encrypted->enc_data->enc_data) {
                // As in pfx_certificate.cpp: decrypt in our context, not the PFX's default one.
                PKCS7_ENC_CONTENT *enc = p7->d.encrypted->enc_data;
                bags = static_cast<STACK_OF(PKCS12_SAFEBAG) *>(PKCS12_item_decrypt_d2i_ex(
                    enc->algorithm, ASN1_ITEM_rptr(PKCS12_SAFEBAGS), pass, pass_len, enc->enc_data, 1, ctx, nullptr));
            }
            ok = bags != nullptr && walk(bags);
            if (bags) sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
        }
        sk_PKCS7_pop_free(safes, PKCS7_free);
        return ok;
    }
};

}  // namespace

pfx_key::pfx_key(std::unique_ptr<state> s) : state_(std::move(s)) {}
pfx_key::~pfx_key() = default;

const std::vector<unsigned char> &pfx_key::certificate_der() const { return state_->der; }
const certificate_info &pfx_key::certificate() const { return state_->info; }

std::vector<unsigned char> pfx_key::sign(std::span<const unsigned char> data, signature_scheme scheme) const {
    error_queue_mark mark;
    EVP_PKEY *key = state_->key.get();
    if (!EVP_PKEY_is_a(key, "RSA"))
        throw error(errc::unsupported, "auth.certificate.key_type",
                    "The certificate's key is not an RSA key; Entra ID signs client assertions with RSA only.");
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    std::vector<unsigned char> sig;
    bool ok = md && EVP_DigestSignInit_ex(md, &pctx, "SHA256", state_->ctx.get(), nullptr, key, nullptr) == 1;
    if (ok && scheme == signature_scheme::rsa_pss_sha256)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    std::size_t len = 0;
    if (ok) ok = EVP_DigestSign(md, nullptr, &len, data.data(), data.size()) == 1;
    if (ok) {
        sig.resize(len);
        ok = EVP_DigestSign(md, sig.data(), &len, data.data(), data.size()) == 1;
        sig.resize(len);
    }
    EVP_MD_CTX_free(md);
    if (!ok) throw error(errc::internal, "auth.certificate.sign_failed", "Signing with the certificate's key failed.");
    return sig;
}

pfx_key_result load_pfx_key(std::span<const unsigned char> pfx, std::span<const unsigned char> password) {
    pfx_key_result result;
    pfx_read_result read = read_pfx(pfx, password);
    result.status = read.status;
    result.detail = read.detail;
    if (read.status != pfx_status::ok) return result;
    if (!read.certificate->has_private_key) {
        result.status = pfx_status::unreadable;
        result.detail = "has no private key; export the certificate again with its private key";
        return result;
    }

    error_queue_mark mark;
    auto s = std::make_unique<pfx_key::state>();
    s->ctx.reset(OSSL_LIB_CTX_new());
    for (const char *name : {"default", "legacy"}) {
        if (std::string_view(name) == "legacy" && !read.certificate->legacy_format) break;
        if (OSSL_PROVIDER *p = s->ctx ? OSSL_PROVIDER_load(s->ctx.get(), name) : nullptr) s->providers.emplace_back(p);
    }
    const unsigned char *p = pfx.data();
    std::unique_ptr<PKCS12, void (*)(PKCS12 *)> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(pfx.size())),
                                                    PKCS12_free);
    password_copy pw(password);
    // read_pfx accepted this password; an empty one may mean "none" (NULL) or "" - try both.
    std::vector<std::pair<const char *, int>> candidates;
    if (password.empty())
        candidates = {{nullptr, 0}, {"", 0}};
    else
        candidates = {{pw.c_str(), pw.size()}};
    collector found{s->ctx.get(), nullptr, 0, {}, {}};
    bool ok = false;
    for (auto [pass, len] : candidates) {
        if (!p12 || s->providers.empty()) break;
        found = collector{s->ctx.get(), pass, len, {}, {}};
        if ((ok = found.run(p12.get()))) break;
    }
    // The certificate read_pfx described is the one matching a key: find that pair again.
    if (!ok) found.keys.clear();
    for (auto &k : found.keys) {
        for (auto &c : found.certs) {
            if (!same_public_key(c.get(), k.get())) continue;
            s->der = der_of(c.get());
            s->key = std::move(k);
            break;
        }
        if (s->key) break;
    }
    found.keys.clear();
    found.certs.clear();
    if (!s->key || s->der.empty()) {
        result.status = pfx_status::unreadable;
        result.detail = "holds no private key that matches its certificate";
        return result;
    }
    s->info = *read.certificate;
    result.key = std::make_shared<const pfx_key>(std::move(s));
    return result;
}

pfx_key_result load_pfx_key_file(const std::filesystem::path &path, std::span<const unsigned char> password) {
    // read_pfx_file's checks (missing, folder, size) first, so messages match the validator's.
    pfx_read_result pre = read_pfx_file(path, password);
    if (pre.status != pfx_status::ok) return {pre.status, nullptr, pre.detail};
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return load_pfx_key(bytes, password);
}

}  // namespace mailint::validate
