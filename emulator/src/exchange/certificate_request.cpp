#include "exchange/certificate_request.h"

#include "util/text.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <utility>

namespace emulator::exchange {
namespace {

struct key_free { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct req_free { void operator()(X509_REQ* r) const { X509_REQ_free(r); } };
struct bio_free { void operator()(BIO* b) const { BIO_free(b); } };
struct ext_free { void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); } };
struct exts_free { void operator()(STACK_OF(X509_EXTENSION)* s) const { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); } };

// Exchange's (and .NET's) attribute names to OpenSSL's.
const char* openssl_name(const std::string& attribute)
{
    const std::string a = to_lower(attribute);
    if (a == "c") return "C";
    if (a == "s" || a == "st") return "ST";
    if (a == "l") return "L";
    if (a == "o") return "O";
    if (a == "ou") return "OU";
    if (a == "cn") return "CN";
    return nullptr;
}

} // namespace

generated_request make_certificate_request(std::string_view subject_name, const std::vector<std::string>& domains, int key_bits)
{
    std::vector<std::pair<std::string, std::string>> parts;
    for (const auto& part : split(subject_name, ',')) {
        const auto t = std::string(trim(part));
        const auto eq = t.find('=');
        if (eq == std::string::npos || !openssl_name(std::string(trim(t.substr(0, eq)))))
            throw std::invalid_argument("The subject name '" + std::string(subject_name) + "' is not valid: '" + t + "' is not an attribute.");
        parts.emplace_back(std::string(trim(t.substr(0, eq))), std::string(trim(t.substr(eq + 1))));
    }
    std::unique_ptr<EVP_PKEY, key_free> key(EVP_RSA_gen(static_cast<unsigned>(key_bits)));
    std::unique_ptr<X509_REQ, req_free> req(X509_REQ_new());
    if (!key || !req || X509_REQ_set_version(req.get(), 0) != 1)
        throw std::runtime_error("OpenSSL could not make a key");
    X509_NAME* name = X509_REQ_get_subject_name(req.get());
    for (const auto& [attribute, value] : parts)
        if (X509_NAME_add_entry_by_txt(name, openssl_name(attribute), MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                       -1, -1, 0) != 1)
            throw std::invalid_argument("The subject name '" + std::string(subject_name) + "' is not valid: " + attribute + "=" + value + ".");
    if (!domains.empty()) {
        std::string sans;
        for (const auto& d : domains)
            sans += (sans.empty() ? "DNS:" : ",DNS:") + d;
        std::unique_ptr<X509_EXTENSION, ext_free> ext(X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, sans.c_str()));
        std::unique_ptr<STACK_OF(X509_EXTENSION), exts_free> exts(sk_X509_EXTENSION_new_null());
        if (!ext || !exts || !sk_X509_EXTENSION_push(exts.get(), ext.get()))
            throw std::invalid_argument("The domain names are not valid: " + sans);
        ext.release();
        X509_REQ_add_extensions(req.get(), exts.get());
    }
    if (X509_REQ_set_pubkey(req.get(), key.get()) != 1 || X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0)
        throw std::runtime_error("OpenSSL could not sign the request");

    generated_request out;
    std::unique_ptr<BIO, bio_free> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ_NEW(bio.get(), req.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    for (char c : std::string_view(data, static_cast<std::size_t>(len))) {
        if (c == '\n')
            out.pem += '\r';
        out.pem += c;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    X509_REQ_digest(req.get(), EVP_sha1(), digest, &digest_len);
    static const char* hex = "0123456789ABCDEF";
    for (unsigned i = 0; i < digest_len; ++i) {
        out.thumbprint += hex[digest[i] >> 4];
        out.thumbprint += hex[digest[i] & 15];
    }
    for (auto it = parts.rbegin(); it != parts.rend(); ++it)
        out.subject += (out.subject.empty() ? "" : ", ") + it->first + "=" + it->second;
    return out;
}

} // namespace emulator::exchange
