#include "entra/app_certificate.h"
#include "util/asn1_time.h"

#include "entra/digest.h"
#include "util/base64.h"
#include "util/text.h"

#include <openssl/bio.h>
#include <openssl/pem.h>

#include <ctime>

namespace emulator::entra {
namespace {

x509_ptr from_der(const std::vector<unsigned char>& der)
{
    const unsigned char* cursor = der.data();
    x509_ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
    // Trailing bytes mean the caller sent something else that happens to start like a certificate.
    if (cert && cursor != der.data() + der.size())
        return nullptr;
    return cert;
}

std::string one_line_name(const X509_NAME* name)
{
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return text;
}

} // namespace

std::optional<json> describe_certificate(std::string_view text)
{
    const std::string_view trimmed = trim(text);
    std::vector<unsigned char> der;
    if (trimmed.starts_with("-----BEGIN")) {
        BIO* bio = BIO_new_mem_buf(trimmed.data(), static_cast<int>(trimmed.size()));
        x509_ptr cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
        BIO_free(bio);
        if (!cert)
            return std::nullopt;
        unsigned char* out = nullptr;
        const int length = i2d_X509(cert.get(), &out);
        if (length <= 0)
            return std::nullopt;
        der.assign(out, out + length);
        OPENSSL_free(out);
    } else {
        auto decoded = base64_decode(trimmed);
        if (!decoded || decoded->empty())
            return std::nullopt;
        der = std::move(*decoded);
    }
    const x509_ptr cert = from_der(der);
    if (!cert)
        return std::nullopt;
    const auto sha1_digest = sha1(der.data(), der.size());
    const auto sha256_digest = sha256(der.data(), der.size());
    return json{{"thumbprint", hex_upper(sha1_digest)},
                {"x5t", base64url_encode(sha1_digest)},
                {"x5tS256", base64url_encode(sha256_digest)},
                {"subject", one_line_name(X509_get_subject_name(cert.get()))},
                {"notBefore", iso_time(X509_get0_notBefore(cert.get()))},
                {"notAfter", iso_time(X509_get0_notAfter(cert.get()))},
                {"der", base64_encode(der)}};
}

pkey_ptr certificate_public_key(const json& certificate)
{
    const auto der_text = certificate.find("der");
    if (der_text == certificate.end() || !der_text->is_string())
        return nullptr;
    const auto der = base64_decode(der_text->get<std::string>());
    if (!der)
        return nullptr;
    const x509_ptr cert = from_der(*der);
    return cert ? pkey_ptr(X509_get_pubkey(cert.get())) : nullptr;
}

} // namespace emulator::entra
