#include "validate/s2s_certificate.h"

#include <fstream>
#include <iterator>
#include <memory>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace mailint::validate {

namespace {

struct x509_free {
    void operator()(X509 *p) const { X509_free(p); }
};
using x509_ptr = std::unique_ptr<X509, x509_free>;

x509_ptr from_der(std::span<const unsigned char> der) {
    const unsigned char *p = der.data();
    return x509_ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

// A .cer is DER as Windows exports it, or base64 (PEM) when "Base-64 encoded X.509" was chosen.
x509_ptr read_cer(const std::vector<unsigned char> &bytes) {
    if (auto der = from_der(bytes)) return der;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), BIO_free);
    if (!bio) return nullptr;
    return x509_ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// The certificate's SubjectPublicKeyInfo as DER: equal keys compare equal whatever else differs.
std::vector<unsigned char> public_key_der(X509 *cert) {
    std::vector<unsigned char> out;
    X509_PUBKEY *key = X509_get_X509_PUBKEY(cert);
    unsigned char *der = nullptr;
    const int len = key ? i2d_X509_PUBKEY(key, &der) : -1;
    if (len > 0) out.assign(der, der + len);
    OPENSSL_free(der);
    return out;
}

}  // namespace

bool check_cer_matches(const std::filesystem::path &cer_path, std::span<const unsigned char> pfx_der,
                       const std::string &parameter, diagnostics &out) {
    ERR_set_mark();
    struct pop_mark {
        ~pop_mark() { ERR_pop_to_mark(); }
    } pop;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(cer_path, ec)) {
        out.error("validation.certificate.cer_not_found", parameter,
                  "The certificate file '" + cer_path.string() + "' does not exist; give the .cer exported from the .pfx "
                  "(the public key only).");
        return false;
    }
    std::ifstream in(cer_path, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto cer = bytes.size() <= (1u << 20) ? read_cer(bytes) : nullptr;
    if (!cer) {
        out.error("validation.certificate.cer_unreadable", parameter,
                  "'" + cer_path.string() + "' is not an X.509 certificate (DER or base64 .cer); export the certificate "
                  "of the .pfx without its private key.");
        return false;
    }
    auto pfx = from_der(pfx_der);
    if (!pfx || public_key_der(cer.get()) != public_key_der(pfx.get())) {
        out.error("validation.certificate.cer_mismatch", parameter,
                  "'" + cer_path.string() + "' holds another public key than the .pfx: give the .cer and .pfx of the same "
                  "certificate (Exchange Online would reject tokens signed with the .pfx's key).");
        return false;
    }
    return true;
}

std::string untrusted_reason(std::span<const unsigned char> der, const std::vector<std::vector<unsigned char>> &chain) {
    ERR_set_mark();
    struct pop_mark {
        ~pop_mark() { ERR_pop_to_mark(); }
    } pop;
    auto cert = from_der(der);
    if (!cert) return "the certificate cannot be read";
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509) *)> untrusted(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); });
    if (!store || !ctx || !untrusted) return "the trust check could not start";
    X509_STORE_set_default_paths(store.get());
    for (const auto &c : chain)
        if (auto x = from_der(c)) sk_X509_push(untrusted.get(), x.release());
    if (X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), untrusted.get()) != 1) return "the trust check could not start";
    if (X509_verify_cert(ctx.get()) == 1) return {};
    const char *why = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    return why ? why : "the chain does not verify";
}

}  // namespace mailint::validate
