#include "validate/certificate_request.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace mailint::validate {

namespace {

struct bio_free { void operator()(BIO *b) const { BIO_free(b); } };
struct req_free { void operator()(X509_REQ *r) const { X509_REQ_free(r); } };
struct key_free { void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); } };
struct exts_free { void operator()(STACK_OF(X509_EXTENSION) *s) const { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); } };
struct names_free { void operator()(GENERAL_NAMES *n) const { GENERAL_NAMES_free(n); } };

std::string base64_only(std::string_view text) {
    std::string out;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=') out += c;
    return out;
}

// The PEM body, whichever header it has; the whole text when it has none.
std::string pem_body(std::string_view text) {
    const auto begin = text.find("-----BEGIN");
    if (begin == std::string_view::npos) return base64_only(text);
    const auto body = text.find('\n', begin);
    const auto end = text.find("-----END", begin);
    if (body == std::string_view::npos || end == std::string_view::npos || end < body) return {};
    return base64_only(text.substr(body, end - body));
}

std::optional<std::vector<unsigned char>> decode(const std::string &b64) {
    if (b64.empty() || b64.size() % 4 != 0) return std::nullopt;
    std::vector<unsigned char> out(b64.size() / 4 * 3 + 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char *>(b64.data()), static_cast<int>(b64.size()));
    if (n < 0) return std::nullopt;
    std::size_t len = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (auto it = b64.rbegin(); it != b64.rend() && *it == '='; ++it) --len;
    out.resize(len);
    return out;
}

std::string encode(const unsigned char *data, int len) {
    std::string out(static_cast<std::size_t>((len + 2) / 3 * 4) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), data, len);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string utf8(const ASN1_STRING *s) {
    unsigned char *data = nullptr;
    const int len = ASN1_STRING_to_UTF8(&data, s);
    if (len < 0) return {};
    std::string out(reinterpret_cast<char *>(data), static_cast<std::size_t>(len));
    OPENSSL_free(data);
    return out;
}

std::string short_name(int nid) {
    switch (nid) {
        case NID_countryName: return "C";
        case NID_stateOrProvinceName: return "S";  // Exchange's and .NET's name for ST
        case NID_localityName: return "L";
        case NID_organizationName: return "O";
        case NID_organizationalUnitName: return "OU";
        case NID_commonName: return "CN";
        default: return OBJ_nid2sn(nid) ? OBJ_nid2sn(nid) : "?";
    }
}

}  // namespace

std::optional<certificate_request_info> read_certificate_request(std::string_view text) {
    const auto der = decode(pem_body(text));
    if (!der || der->empty()) return std::nullopt;
    const unsigned char *p = der->data();
    std::unique_ptr<X509_REQ, req_free> req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der->size())));
    if (!req || p != der->data() + der->size()) return std::nullopt;

    certificate_request_info info;
    const X509_NAME *name = X509_REQ_get_subject_name(req.get());
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        const X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
        info.subject[short_name(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)))] = utf8(X509_NAME_ENTRY_get_data(e));
    }
    std::unique_ptr<STACK_OF(X509_EXTENSION), exts_free> exts(X509_REQ_get_extensions(req.get()));
    if (exts) {
        for (int i = 0; i < sk_X509_EXTENSION_num(exts.get()); ++i) {
            X509_EXTENSION *ext = sk_X509_EXTENSION_value(exts.get(), i);
            if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) != NID_subject_alt_name) continue;
            std::unique_ptr<GENERAL_NAMES, names_free> names(static_cast<GENERAL_NAMES *>(X509V3_EXT_d2i(ext)));
            for (int j = 0; names && j < sk_GENERAL_NAME_num(names.get()); ++j) {
                const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names.get(), j);
                if (gn->type != GEN_DNS) continue;
                auto dns = utf8(gn->d.dNSName);
                std::transform(dns.begin(), dns.end(), dns.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                info.dns_names.push_back(dns);
            }
        }
    }
    std::unique_ptr<EVP_PKEY, key_free> key(X509_REQ_get_pubkey(req.get()));
    if (key) {
        if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) info.key_bits = EVP_PKEY_get_bits(key.get());
        info.signature_valid = X509_REQ_verify(req.get(), key.get()) == 1;
    }
    info.der_base64 = encode(der->data(), static_cast<int>(der->size()));
    return info;
}

std::string exchange_subject_name(const std::map<std::string, std::string> &subject) {
    std::string out;
    for (const char *attribute : {"C", "S", "L", "O", "OU", "CN"}) {
        const auto it = subject.find(attribute);
        if (it == subject.end() || it->second.empty()) continue;
        out += (out.empty() ? "" : ", ") + std::string(attribute) + "=" + it->second;
    }
    return out;
}

}  // namespace mailint::validate
