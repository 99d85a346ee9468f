#include "exchange/pfx.h"
#include "util/base64.h"
#include "util/asn1_time.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <mutex>

namespace emulator::exchange {
namespace {

template <auto free_fn>
struct deleter {
    template <class T>
    void operator()(T* p) const { free_fn(p); }
};
using pkcs12_ptr = std::unique_ptr<PKCS12, deleter<PKCS12_free>>;
using x509_ptr = std::unique_ptr<X509, deleter<X509_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY_free>>;
using bio_ptr = std::unique_ptr<BIO, deleter<BIO_free>>;

void load_providers()
{
    // Loading any provider explicitly stops OpenSSL from loading "default" implicitly, so both.
    static std::once_flag once;
    std::call_once(once, [] {
        OSSL_PROVIDER_load(nullptr, "legacy");
        OSSL_PROVIDER_load(nullptr, "default");
    });
}

std::string openssl_errors()
{
    std::string text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text += (text.empty() ? "" : "; ") + std::string(buffer);
    }
    return text;
}

std::string dotnet_attribute_name(int nid, const ASN1_OBJECT* object)
{
    switch (nid) {
    case NID_commonName: return "CN";
    case NID_organizationName: return "O";
    case NID_organizationalUnitName: return "OU";
    case NID_localityName: return "L";
    case NID_stateOrProvinceName: return "S";
    case NID_countryName: return "C";
    case NID_pkcs9_emailAddress: return "E";
    case NID_domainComponent: return "DC";
    case NID_streetAddress: return "STREET";
    case NID_serialNumber: return "SERIALNUMBER";
    case NID_givenName: return "G";
    case NID_surname: return "SN";
    case NID_title: return "T";
    default: {
        char buffer[128];
        OBJ_obj2txt(buffer, sizeof buffer, object, 1);
        return "OID." + std::string(buffer);
    }
    }
}

std::string utf8_value(const ASN1_STRING* value)
{
    unsigned char* text = nullptr;
    const int length = ASN1_STRING_to_UTF8(&text, value);
    if (length < 0)
        return {};
    std::string result(reinterpret_cast<char*>(text), static_cast<std::size_t>(length));
    OPENSSL_free(text);
    return result;
}

// X500DistinguishedName.Name: most specific RDN first, ", " between them, values quoted when
// they hold a separator.
std::string dotnet_name(const X509_NAME* name)
{
    std::string result;
    for (int i = X509_NAME_entry_count(name) - 1; i >= 0; --i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
        std::string value = utf8_value(X509_NAME_ENTRY_get_data(entry));
        const bool quote = value.find_first_of(",+=\"\n<>#;") != std::string::npos ||
                           (!value.empty() && (value.front() == ' ' || value.back() == ' '));
        if (quote) {
            std::string escaped;
            for (const char c : value)
                escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
            value = "\"" + escaped + "\"";
        }
        result += (result.empty() ? "" : ", ") + dotnet_attribute_name(OBJ_obj2nid(object), object) + "=" + value;
    }
    return result;
}

std::string thumbprint(X509* cert)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(cert, EVP_sha1(), digest, &length);
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 15];
    }
    return text;
}

std::vector<std::string> certificate_domains(X509* cert)
{
    std::vector<std::string> domains;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (names) {
        for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
            if (name->type == GEN_DNS)
                domains.push_back(utf8_value(name->d.dNSName));
        }
        GENERAL_NAMES_free(names);
    }
    if (domains.empty()) {
        const X509_NAME* subject = X509_get_subject_name(cert);
        const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
        if (index >= 0)
            domains.push_back(utf8_value(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index))));
    }
    return domains;
}

bool self_signed(X509* cert)
{
    if (X509_check_issued(cert, cert) != X509_V_OK)
        return false;
    EVP_PKEY* key = X509_get0_pubkey(cert);
    return key && X509_verify(cert, key) == 1;
}

} // namespace

certificate_info read_pfx(std::span<const unsigned char> file, std::string_view password)
{
    load_providers();
    ERR_clear_error();
    bio_ptr bio(BIO_new_mem_buf(file.data(), static_cast<int>(file.size())));
    pkcs12_ptr p12(d2i_PKCS12_bio(bio.get(), nullptr));
    if (!p12) {
        ERR_clear_error();
        throw pfx_error(pfx_error::kind::unreadable, "ASN1 corrupted data.");
    }
    std::string pass(password);
    struct wipe_on_exit {
        std::string& text;
        ~wipe_on_exit() { OPENSSL_cleanse(text.data(), text.size()); }
    } wipe{pass};
    // An empty password may have been applied as "" or as no password at all.
    const char* pass_arg = pass.c_str();
    if (PKCS12_mac_present(p12.get())) {
        if (PKCS12_verify_mac(p12.get(), pass_arg, -1) != 1) {
            if (!pass.empty() || PKCS12_verify_mac(p12.get(), nullptr, 0) != 1) {
                ERR_clear_error();
                throw pfx_error(pfx_error::kind::wrong_password, "The PKCS12 password is incorrect.");
            }
            pass_arg = nullptr;
        }
    }
    EVP_PKEY* raw_key = nullptr;
    X509* raw_cert = nullptr;
    STACK_OF(X509)* chain = nullptr;
    const int parsed = PKCS12_parse(p12.get(), pass_arg, &raw_key, &raw_cert, &chain);
    pkey_ptr key(raw_key);
    x509_ptr cert(raw_cert);
    if (parsed != 1) {
        if (chain)
            sk_X509_pop_free(chain, X509_free);
        throw pfx_error(pfx_error::kind::unreadable, "The PKCS12 file cannot be read: " + openssl_errors());
    }
    if (!cert && chain && sk_X509_num(chain) > 0)
        cert.reset(X509_dup(sk_X509_value(chain, 0)));
    if (chain)
        sk_X509_pop_free(chain, X509_free);
    ERR_clear_error();
    if (!cert)
        throw pfx_error(pfx_error::kind::unreadable, "The PKCS12 file holds no certificate.");

    certificate_info info;
    info.thumbprint = thumbprint(cert.get());
    info.subject = dotnet_name(X509_get_subject_name(cert.get()));
    info.issuer = dotnet_name(X509_get_issuer_name(cert.get()));
    info.domains = certificate_domains(cert.get());
    info.not_before = iso_time(X509_get0_notBefore(cert.get()));
    info.not_after = iso_time(X509_get0_notAfter(cert.get()));
    info.has_private_key = key != nullptr;
    info.is_self_signed = self_signed(cert.get());
    {
        unsigned char* der = nullptr;
        const int length = i2d_X509(cert.get(), &der);
        if (length > 0) {
            info.der_base64 = base64_encode(der, static_cast<std::size_t>(length));
            OPENSSL_free(der);
        }
    }
    return info;
}

} // namespace emulator::exchange
