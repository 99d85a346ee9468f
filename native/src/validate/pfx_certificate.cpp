#include "validate/pfx_certificate.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "validate/message_text.h"

namespace mailint::validate {

namespace {

using sys_clock = std::chrono::system_clock;

// A .pfx with a certificate chain is a few kilobytes; anything far larger is the wrong file,
// and is not read into memory whole.
constexpr std::uintmax_t max_pfx_bytes = 1 << 20;

template <class T, void (*Free)(T *)>
struct openssl_deleter {
    void operator()(T *p) const { Free(p); }
};
template <class T, void (*Free)(T *)>
using openssl_ptr = std::unique_ptr<T, openssl_deleter<T, Free>>;

using pkcs12_ptr = openssl_ptr<PKCS12, PKCS12_free>;
using pkcs7_ptr = openssl_ptr<PKCS7, PKCS7_free>;
using x509_ptr = openssl_ptr<X509, X509_free>;
using pkey_ptr = openssl_ptr<EVP_PKEY, EVP_PKEY_free>;
using p8_ptr = openssl_ptr<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;
using md_ptr = openssl_ptr<EVP_MD, EVP_MD_free>;
using bio_ptr = openssl_ptr<BIO, BIO_free_all>;
using names_ptr = openssl_ptr<GENERAL_NAMES, GENERAL_NAMES_free>;

struct pkcs7_stack_deleter {
    void operator()(STACK_OF(PKCS7) * s) const { sk_PKCS7_pop_free(s, PKCS7_free); }
};
struct bag_stack_deleter {
    void operator()(STACK_OF(PKCS12_SAFEBAG) * s) const { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); }
};
using pkcs7_stack_ptr = std::unique_ptr<STACK_OF(PKCS7), pkcs7_stack_deleter>;
using bag_stack_ptr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), bag_stack_deleter>;

// A library context owned by one read. Objects made in it (keys, certificates) must be freed
// before it is, so it is declared before them wherever it is used.
class crypto_context {
public:
    explicit crypto_context(bool with_legacy) : ctx_(OSSL_LIB_CTX_new()) {
        if (!ctx_) return;
        load("default");
        if (with_legacy) legacy_loaded_ = load("legacy");
    }
    ~crypto_context() {
        for (auto it = providers_.rbegin(); it != providers_.rend(); ++it) OSSL_PROVIDER_unload(*it);
        OSSL_LIB_CTX_free(ctx_);
    }
    crypto_context(const crypto_context &) = delete;
    crypto_context &operator=(const crypto_context &) = delete;

    OSSL_LIB_CTX *get() const { return ctx_; }
    bool usable() const { return ctx_ != nullptr && !providers_.empty(); }
    bool legacy_loaded() const { return legacy_loaded_; }

private:
    bool load(const char *name) {
        OSSL_PROVIDER *p = OSSL_PROVIDER_load(ctx_, name);
        if (p) providers_.push_back(p);
        return p != nullptr;
    }
    OSSL_LIB_CTX *ctx_;
    std::vector<OSSL_PROVIDER *> providers_;
    bool legacy_loaded_ = false;
};

// The NUL-terminated copy OpenSSL's char* APIs need; zeroed when it goes.
class password_copy {
public:
    explicit password_copy(std::span<const unsigned char> bytes) : bytes_(bytes.size() + 1, '\0') {
        std::copy(bytes.begin(), bytes.end(), bytes_.begin());
    }
    ~password_copy() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
    password_copy(const password_copy &) = delete;
    password_copy &operator=(const password_copy &) = delete;

    const char *c_str() const { return bytes_.data(); }
    int size() const { return static_cast<int>(bytes_.size() - 1); }
    bool has_nul() const { return std::find(bytes_.begin(), bytes_.end() - 1, '\0') != bytes_.end() - 1; }

private:
    std::vector<char> bytes_;
};

// PKCS#12 tells "no password" (NULL) from "empty password" (""): they derive different keys.
// An administrator cannot tell them apart, so an empty password tries both, like PKCS12_parse.
struct password_candidate {
    const char *pass;
    int length;
};

// Keeps OpenSSL's per-thread error queue as the caller left it: failures here are findings,
// not errors for whoever calls OpenSSL next on this thread.
class error_queue_mark {
public:
    error_queue_mark() { ERR_set_mark(); }
    ~error_queue_mark() { ERR_pop_to_mark(); }
    error_queue_mark(const error_queue_mark &) = delete;
    error_queue_mark &operator=(const error_queue_mark &) = delete;
};

std::string last_openssl_reason() {
    unsigned long e = ERR_peek_last_error();
    const char *reason = e ? ERR_reason_error_string(e) : nullptr;
    return reason ? reason : "unknown OpenSSL error";
}

std::string upper_hex(const unsigned char *data, std::size_t size) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0F];
    }
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view without_trailing_dot(std::string_view s) {
    if (s.ends_with('.')) s.remove_suffix(1);
    return s;
}

// ---- MAC -----------------------------------------------------------------------------------

enum class mac_result { absent, match, mismatch, unsupported };

// The bytes the MAC covers: the content of the PFX's authSafe ContentInfo. Taken from OpenSSL's
// own DER re-encoding of the PFX, whose octet-string contents are the file's bytes even when the
// file was BER (Windows exports use indefinite lengths).
std::optional<std::vector<unsigned char>> authsafe_content(PKCS12 *p12) {
    unsigned char *der = nullptr;
    int der_len = i2d_PKCS12(p12, &der);
    if (der_len <= 0) return std::nullopt;
    std::unique_ptr<unsigned char, void (*)(unsigned char *)> owned(der, [](unsigned char *p) { OPENSSL_free(p); });
    const unsigned char *p = der;
    long len = 0;
    int tag = 0, cls = 0;
    // PFX ::= SEQUENCE { version INTEGER, authSafe ContentInfo, macData MacData OPTIONAL }
    if (ASN1_get_object(&p, &len, &tag, &cls, der_len) & 0x80 || tag != V_ASN1_SEQUENCE) return std::nullopt;
    const unsigned char *end = p + len;
    const unsigned char *version = p;
    if (ASN1_get_object(&p, &len, &tag, &cls, end - version) & 0x80 || tag != V_ASN1_INTEGER) return std::nullopt;
    p += len;
    pkcs7_ptr auth(d2i_PKCS7(nullptr, &p, end - p));
    if (!auth || !PKCS7_type_is_data(auth.get()) || !auth->d.data) return std::nullopt;
    const ASN1_OCTET_STRING *data = auth->d.data;
    return std::vector<unsigned char>(data->data, data->data + data->length);
}

// PKCS#12 v1.1 appendix B MAC (HMAC keyed by the PKCS#12 KDF), computed in `ctx`; PKCS12_verify_mac
// would use the process-wide default context.
mac_result verify_mac(PKCS12 *p12, const std::vector<unsigned char> &content, password_candidate pw,
                      OSSL_LIB_CTX *ctx) {
    const ASN1_OCTET_STRING *mac = nullptr;
    const X509_ALGOR *alg = nullptr;
    const ASN1_OCTET_STRING *salt = nullptr;
    const ASN1_INTEGER *iter = nullptr;
    PKCS12_get0_mac(&mac, &alg, &salt, &iter, p12);
    if (!mac || !alg) return mac_result::unsupported;
    const ASN1_OBJECT *obj = nullptr;
    X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
    md_ptr md(EVP_MD_fetch(ctx, OBJ_nid2sn(OBJ_obj2nid(obj)), nullptr));
    if (!md) return mac_result::unsupported;  // e.g. PBMAC1, which OpenSSL 3.0 cannot check
    int md_size = EVP_MD_get_size(md.get());
    long iterations = iter ? ASN1_INTEGER_get(iter) : 1;
    if (md_size <= 0 || iterations <= 0 || iterations > INT_MAX) return mac_result::unsupported;

    std::vector<unsigned char> key(static_cast<std::size_t>(md_size));
    std::vector<unsigned char> computed(EVP_MAX_MD_SIZE);
    std::size_t computed_len = 0;
    bool ok = PKCS12_key_gen_utf8_ex(pw.pass, pw.length, salt ? salt->data : nullptr,
                                     salt ? salt->length : 0, PKCS12_MAC_ID,
                                     static_cast<int>(iterations), md_size, key.data(), md.get(), ctx,
                                     nullptr) == 1 &&
              EVP_Q_mac(ctx, "HMAC", nullptr, EVP_MD_get0_name(md.get()), nullptr, key.data(),
                        key.size(), content.data(), content.size(), computed.data(),
                        computed.size(), &computed_len) != nullptr;
    OPENSSL_cleanse(key.data(), key.size());  // derived from the password
    if (!ok) return mac_result::unsupported;
    bool same = computed_len == static_cast<std::size_t>(mac->length) &&
                CRYPTO_memcmp(computed.data(), mac->data, computed_len) == 0;
    return same ? mac_result::match : mac_result::mismatch;
}

// ---- contents ------------------------------------------------------------------------------

enum class unpack_result { ok, decrypt_failed, malformed };

struct contents {
    std::vector<pkey_ptr> keys;
    std::vector<x509_ptr> certificates;
    std::string failure;  // OpenSSL's reason, when not ok
};

class unpacker {
public:
    unpacker(OSSL_LIB_CTX *ctx, password_candidate pw, contents &out) : ctx_(ctx), pw_(pw), out_(out) {}

    unpack_result run(PKCS12 *p12) {
        pkcs7_stack_ptr safes(PKCS12_unpack_authsafes(p12));
        if (!safes) return fail(unpack_result::malformed);
        for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
            PKCS7 *p7 = sk_PKCS7_value(safes.get(), i);
            bag_stack_ptr bags;
            switch (OBJ_obj2nid(p7->type)) {
            case NID_pkcs7_data:
                bags.reset(PKCS12_unpack_p7data(p7));
                if (!bags) return fail(unpack_result::malformed);
                break;
            case NID_pkcs7_encrypted: {
                // PKCS12_unpack_p7encdata would decrypt in the context the PFX was decoded with,
                // which d2i cannot set; this is the same call with ours.
                if (!p7->d.encrypted || !p7->d.encrypted->enc_data ||
                    !p7->d.encrypted->enc_data->enc_data)
                    return fail(unpack_result::malformed);
                PKCS7_ENC_CONTENT *enc = p7->d.encrypted->enc_data;
                bags.reset(static_cast<STACK_OF(PKCS12_SAFEBAG) *>(PKCS12_item_decrypt_d2i_ex(
                    enc->algorithm, ASN1_ITEM_rptr(PKCS12_SAFEBAGS), pw_.pass, pw_.length,
                    enc->enc_data, 1, ctx_, nullptr)));
                if (!bags) return fail(unpack_result::decrypt_failed);
                break;
            }
            default:
                // Public-key privacy mode (envelopedData): no password opens it.
                out_.failure = "uses public-key encryption, which is not supported";
                return unpack_result::malformed;
            }
            if (auto r = walk(bags.get()); r != unpack_result::ok) return r;
        }
        return unpack_result::ok;
    }

private:
    unpack_result fail(unpack_result r) {
        out_.failure = last_openssl_reason();
        return r;
    }

    unpack_result walk(const STACK_OF(PKCS12_SAFEBAG) * bags) {
        for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
            const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);
            switch (PKCS12_SAFEBAG_get_nid(bag)) {
            case NID_keyBag: {
                pkey_ptr key(EVP_PKCS82PKEY_ex(PKCS12_SAFEBAG_get0_p8inf(bag), ctx_, nullptr));
                if (!key) return fail(unpack_result::malformed);
                out_.keys.push_back(std::move(key));
                break;
            }
            case NID_pkcs8ShroudedKeyBag: {
                p8_ptr p8(PKCS12_decrypt_skey_ex(bag, pw_.pass, pw_.length, ctx_, nullptr));
                if (!p8) return fail(unpack_result::decrypt_failed);
                pkey_ptr key(EVP_PKCS82PKEY_ex(p8.get(), ctx_, nullptr));
                if (!key) return fail(unpack_result::malformed);
                out_.keys.push_back(std::move(key));
                break;
            }
            case NID_certBag: {
                if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) break;
                x509_ptr decoded(PKCS12_SAFEBAG_get1_cert(bag));
                if (!decoded) return fail(unpack_result::malformed);
                // Re-decode into a certificate bound to our context, so its public key and
                // signature checks do not fall back to the process-wide one.
                unsigned char *der = nullptr;
                int len = i2d_X509(decoded.get(), &der);
                if (len <= 0) return fail(unpack_result::malformed);
                x509_ptr cert(X509_new_ex(ctx_, nullptr));
                const unsigned char *p = der;
                X509 *target = cert.get();
                bool ok = cert && d2i_X509(&target, &p, len) != nullptr;
                OPENSSL_free(der);
                if (!ok) return fail(unpack_result::malformed);
                out_.certificates.push_back(std::move(cert));
                break;
            }
            case NID_safeContentsBag:
                if (auto r = walk(PKCS12_SAFEBAG_get0_safes(bag)); r != unpack_result::ok) return r;
                break;
            default:
                break;  // CRL and secret bags say nothing about the certificate
            }
        }
        return unpack_result::ok;
    }

    OSSL_LIB_CTX *ctx_;
    password_candidate pw_;
    contents &out_;
};

// ---- certificate facts ---------------------------------------------------------------------

sys_clock::time_point to_time_point(const ASN1_TIME *t) {
    std::tm tm{};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return sys_clock::time_point{};
    using namespace std::chrono;
    sys_days day = year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} /
                   static_cast<unsigned>(tm.tm_mday);
    sys_seconds at = day + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
    // 99991231235959Z ("no well-defined expiration", RFC 5280) is past what a nanosecond
    // system_clock can hold (year 2262): saturate instead of overflowing.
    const auto max_s = duration_cast<seconds>(sys_clock::time_point::max().time_since_epoch());
    const auto min_s = duration_cast<seconds>(sys_clock::time_point::min().time_since_epoch());
    if (at.time_since_epoch() >= max_s) return sys_clock::time_point::max();
    if (at.time_since_epoch() <= min_s) return sys_clock::time_point::min();
    return sys_clock::time_point(duration_cast<sys_clock::duration>(at.time_since_epoch()));
}

std::string name_text(const X509_NAME *name) {
    // RFC 2253 order reversed to most-specific first, ", " between parts as Windows prints, and
    // UTF-8 kept as is instead of \XX escapes.
    constexpr unsigned long flags =
        (XN_FLAG_RFC2253 & ~XN_FLAG_SEP_MASK & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC;
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return {};
    char *data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

// A DNS name with a NUL or control byte is malformed at best and a spoofing attempt at worst
// ("mail.contoso.com\0.evil.example"); such names cover nothing and are not echoed in messages.
bool printable(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u != 0x7F;
    });
}

std::vector<std::string> dns_names_of(X509 *cert) {
    std::vector<std::string> out;
    int critical = -1;
    names_ptr sans(static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, &critical, nullptr)));
    if (sans) {
        for (int i = 0; i < sk_GENERAL_NAME_num(sans.get()); ++i) {
            const GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans.get(), i);
            if (gn->type != GEN_DNS) continue;
            const ASN1_IA5STRING *s = gn->d.dNSName;
            std::string_view v(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)),
                               static_cast<std::size_t>(ASN1_STRING_length(s)));
            if (printable(v)) out.push_back(lower_ascii(v));
        }
        return out;
    }
    if (critical != -1) return out;  // a SAN extension we could not decode: claim no names
    const X509_NAME *subject = X509_get_subject_name(cert);
    for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
        unsigned char *utf8 = nullptr;
        int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
        if (len < 0) continue;
        std::string cn(reinterpret_cast<char *>(utf8), static_cast<std::size_t>(len));
        OPENSSL_free(utf8);
        if (printable(cn)) out.push_back(lower_ascii(cn));
    }
    return out;
}

std::optional<certificate_info> describe(contents &c, OSSL_LIB_CTX *ctx, std::string &why) {
    if (c.certificates.empty()) {
        why = "holds no certificate; export the certificate together with its private key";
        return std::nullopt;
    }
    // The certificate whose key is in the file; without a key, the first that is not a CA
    // (a chain exported along with it); else the first.
    X509 *chosen = nullptr;
    bool keyed = false;
    for (auto &cert : c.certificates) {
        for (auto &key : c.keys) {
            if (X509_check_private_key(cert.get(), key.get()) == 1) {
                chosen = cert.get();
                keyed = true;
                break;
            }
        }
        if (chosen) break;
    }
    if (!chosen) {
        for (auto &cert : c.certificates)
            if (X509_check_ca(cert.get()) == 0) {
                chosen = cert.get();
                break;
            }
    }
    if (!chosen) chosen = c.certificates.front().get();

    certificate_info info;
    unsigned char *der = nullptr;
    int der_len = i2d_X509(chosen, &der);
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_len = 0;
    bool digested = der_len > 0 && EVP_Q_digest(ctx, "SHA1", nullptr, der, static_cast<std::size_t>(der_len),
                                                digest, &digest_len) == 1;
    if (der_len > 0) info.der.assign(der, der + der_len);
    OPENSSL_free(der);
    for (auto &cert : c.certificates) {
        if (cert.get() == chosen) continue;
        unsigned char *other = nullptr;
        const int other_len = i2d_X509(cert.get(), &other);
        if (other_len > 0) info.chain_der.emplace_back(other, other + other_len);
        OPENSSL_free(other);
    }
    if (!digested) {
        why = "could not be fingerprinted (" + last_openssl_reason() + ")";
        return std::nullopt;
    }
    info.thumbprint = upper_hex(digest, digest_len);
    info.subject = name_text(X509_get_subject_name(chosen));
    info.issuer = name_text(X509_get_issuer_name(chosen));
    info.dns_names = dns_names_of(chosen);
    info.not_before = to_time_point(X509_get0_notBefore(chosen));
    info.not_after = to_time_point(X509_get0_notAfter(chosen));
    info.has_private_key = keyed;
    // Name, key identifiers and signature: X509_check_issued would also demand keyCertSign,
    // which a self-signed server certificate rightly lacks.
    info.self_signed = X509_self_signed(chosen, 1) == 1;
    return info;
}

enum class attempt_result { ok, decrypt_failed, malformed };

// One full read of the contents in a context; `info` is filled on success.
attempt_result attempt(PKCS12 *p12, const crypto_context &ctx, std::span<const password_candidate> candidates,
                       std::optional<certificate_info> &info, std::string &why) {
    for (const auto &pw : candidates) {
        contents c;  // freed before ctx: ctx outlives this function
        unpack_result r = unpacker(ctx.get(), pw, c).run(p12);
        if (r == unpack_result::malformed) {
            why = "is damaged or not a certificate export (" + c.failure + ")";
            return attempt_result::malformed;
        }
        if (r == unpack_result::decrypt_failed) {
            why = c.failure;
            continue;
        }
        info = describe(c, ctx.get(), why);
        return info ? attempt_result::ok : attempt_result::malformed;
    }
    return attempt_result::decrypt_failed;
}

bool starts_with(std::span<const unsigned char> bytes, std::string_view prefix) {
    return bytes.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                      [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
}

std::string not_pkcs12_detail(std::span<const unsigned char> bytes) {
    constexpr std::string_view fix = "export the certificate with its private key as a .pfx file";
    if (bytes.empty()) return "is empty; " + std::string(fix);
    if (starts_with(bytes, "-----BEGIN"))
        return "is a PEM file, not a PKCS#12 (.pfx) file; " + std::string(fix) +
               " (or convert it with 'openssl pkcs12 -export')";
    const unsigned char *p = bytes.data();
    if (x509_ptr cert{d2i_X509(nullptr, &p, static_cast<long>(bytes.size()))})
        return "is a certificate without its private key (.cer), not a .pfx file; " + std::string(fix);
    return "is not a PKCS#12 (.pfx) file; " + std::string(fix);
}

std::string format_utc(sys_clock::time_point t) {
    using namespace std::chrono;
    auto secs = floor<seconds>(t);
    auto day = floor<days>(secs);
    year_month_day ymd(day);
    hh_mm_ss hms(secs - day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d UTC", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string join(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

}  // namespace

bool certificate_name_covers(std::string_view certificate_name, std::string_view host) {
    std::string name = lower_ascii(without_trailing_dot(certificate_name));
    std::string h = lower_ascii(without_trailing_dot(host));
    if (name.empty() || h.empty()) return false;
    if (name == h) return true;
    if (!name.starts_with("*.")) return false;
    std::string_view base = std::string_view(name).substr(2);
    // "*.com" would cover every .com name: no CA issues it, and it is not honoured here.
    if (base.find('.') == std::string_view::npos || base.find('*') != std::string_view::npos)
        return false;
    auto dot = h.find('.');
    if (dot == std::string::npos || dot == 0) return false;
    return std::string_view(h).substr(dot + 1) == base;
}

bool certificate_info::covers(std::string_view host) const {
    return std::any_of(dns_names.begin(), dns_names.end(),
                       [&](const std::string &n) { return certificate_name_covers(n, host); });
}

pfx_read_result read_pfx(std::span<const unsigned char> pfx, std::span<const unsigned char> password) {
    pfx_read_result result;
    error_queue_mark mark;
    const pfx_status wrong_password =
        password.empty() ? pfx_status::password_missing : pfx_status::bad_password;

    if (pfx.size() > max_pfx_bytes) {
        result.detail = "is " + std::to_string(pfx.size()) + " bytes, far more than a .pfx file";
        return result;
    }
    const unsigned char *p = pfx.data();
    pkcs12_ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(pfx.size())));
    if (!p12) {
        result.detail = not_pkcs12_detail(pfx);
        return result;
    }

    password_copy pw(password);
    if (pw.has_nul()) {  // OpenSSL would silently cut the password at the NUL
        result.status = pfx_status::bad_password;
        return result;
    }
    std::vector<password_candidate> candidates;
    if (password.empty())
        candidates = {{nullptr, 0}, {"", 0}};
    else
        candidates = {{pw.c_str(), pw.size()}};

    crypto_context modern(false);
    if (!modern.usable()) {
        result.detail = "could not be read: OpenSSL's default provider is not available";
        return result;
    }

    // The MAC decides the password when there is one; without it only decryption can.
    bool mac_checked = false;
    if (PKCS12_mac_present(p12.get())) {
        auto content = authsafe_content(p12.get());
        if (!content) {
            result.detail = not_pkcs12_detail(pfx);
            return result;
        }
        mac_result verdict = mac_result::unsupported;
        for (auto it = candidates.begin(); it != candidates.end(); ++it) {
            verdict = verify_mac(p12.get(), *content, *it, modern.get());
            if (verdict == mac_result::match) {
                candidates = {*it};
                mac_checked = true;
                break;
            }
            if (verdict == mac_result::unsupported) break;
        }
        if (verdict == mac_result::mismatch) {
            result.status = wrong_password;
            return result;
        }
    }

    std::string why;
    auto r = attempt(p12.get(), modern, candidates, result.certificate, why);
    if (r == attempt_result::decrypt_failed) {
        // Older Windows exports encrypt with RC2-40; only the legacy provider has it.
        crypto_context legacy(true);
        if (legacy.usable() && legacy.legacy_loaded()) {
            std::string legacy_why;
            r = attempt(p12.get(), legacy, candidates, result.certificate, legacy_why);
            if (r == attempt_result::ok && result.certificate) result.certificate->legacy_format = true;
            why = legacy_why;
        } else if (mac_checked) {
            why += "; it may use a legacy cipher (RC2) and OpenSSL's legacy provider is not installed";
        }
    }
    switch (r) {
    case attempt_result::ok:
        result.status = pfx_status::ok;
        return result;
    case attempt_result::malformed:
        result.detail = why;
        return result;
    case attempt_result::decrypt_failed:
        if (!mac_checked) {
            result.status = wrong_password;
            return result;
        }
        result.detail = "could not be decrypted although the password is right (" + why + ")";
        return result;
    }
    return result;
}

pfx_read_result read_pfx_file(const std::filesystem::path &path,
                              std::span<const unsigned char> password) {
    pfx_read_result result;
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (st.type() == std::filesystem::file_type::not_found) {
        result.status = pfx_status::not_found;
        return result;
    }
    if (ec) {
        result.detail = "cannot be read (" + ec.message() + ")";
        return result;
    }
    if (std::filesystem::is_directory(st)) {
        result.detail = "is a folder; give the path of the .pfx file";
        return result;
    }
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_pfx_bytes) {
        result.detail = "is " + std::to_string(size) + " bytes, far more than a .pfx file";
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.detail = "cannot be opened; check that the account running this can read it";
        return result;
    }
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        result.detail = "could not be read to the end";
        return result;
    }
    return read_pfx(bytes, password);
}

std::optional<certificate_info> validate_pfx_certificate(const std::filesystem::path &path,
                                                         std::span<const unsigned char> password,
                                                         const certificate_requirements &req,
                                                         diagnostics &out) {
    const std::string &path_target = req.path_parameter;
    const std::string file = quote_input(path.string());
    auto r = read_pfx_file(path, password);
    switch (r.status) {
    case pfx_status::not_found:
        out.error("validation.certificate.not_found", path_target,
                  path_target + " " + file +
                      " does not exist; give the path of the .pfx file exported with its private key");
        return std::nullopt;
    case pfx_status::unreadable:
        out.error("validation.certificate.unreadable", path_target, path_target + " " + file + " " + r.detail);
        return std::nullopt;
    case pfx_status::bad_password:
        out.error("validation.certificate.bad_password", req.password_parameter,
                  req.password_parameter + " does not open " + file +
                      "; give the password the .pfx file was exported with");
        return std::nullopt;
    case pfx_status::password_missing:
        out.error("validation.certificate.password_missing", req.password_parameter,
                  path_target + " " + file + " is protected by a password; give it as " +
                      req.password_parameter);
        return std::nullopt;
    case pfx_status::ok:
        break;
    }

    const certificate_info &cert = *r.certificate;
    const std::string which = "The certificate in " + file + " (" + cert.subject + ", thumbprint " +
                              cert.thumbprint + ")";
    if (!cert.has_private_key)
        out.error("validation.certificate.no_private_key", path_target,
                  which + " comes without its private key; export it again with the private key "
                          "(\"Yes, export the private key\")");
    if (req.now < cert.not_before)
        out.error("validation.certificate.not_yet_valid", path_target,
                  which + " is not valid before " + format_utc(cert.not_before) +
                      "; wait until then or check this computer's clock");
    if (req.now > cert.not_after)
        out.error("validation.certificate.expired", path_target,
                  which + " expired on " + format_utc(cert.not_after) +
                      "; renew it and export the new certificate as a .pfx file");
    for (const auto &host : req.host_names) {
        if (cert.covers(host)) continue;
        std::string names = cert.dns_names.empty() ? "it names no DNS host"
                                                   : "it covers only " + join(cert.dns_names);
        out.error("validation.certificate.name_mismatch", path_target,
                  which + " does not cover " + host + "; " + names +
                      ". Use a certificate whose subject alternative names include " + host);
    }
    return r.certificate;
}

}  // namespace mailint::validate
