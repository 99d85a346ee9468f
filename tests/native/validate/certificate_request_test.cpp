#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "validate/certificate_request.h"

using namespace mailint::validate;

namespace {

struct made_request {
    std::string pem;  // "-----BEGIN CERTIFICATE REQUEST-----" as OpenSSL writes it
    std::string body; // the base64 alone, one line
};

// A real PKCS#10 request, made with OpenSSL the way Exchange makes one: RSA key, subject, SANs, SHA-256.
made_request make_request(const std::vector<std::pair<std::string, std::string>> &subject, const std::vector<std::string> &dns, int bits,
                          bool corrupt_signature = false) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(static_cast<unsigned>(bits)), EVP_PKEY_free);
    REQUIRE(key);
    std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(X509_REQ_new(), X509_REQ_free);
    X509_NAME *name = X509_REQ_get_subject_name(req.get());
    for (const auto &[field, value] : subject)
        REQUIRE(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(value.c_str()), -1, -1, 0));
    if (!dns.empty()) {
        std::string san;
        for (const auto &d : dns) san += (san.empty() ? "DNS:" : ",DNS:") + d;
        STACK_OF(X509_EXTENSION) *exts = sk_X509_EXTENSION_new_null();
        sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, san.c_str()));
        X509_REQ_add_extensions(req.get(), exts);
        sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    }
    X509_REQ_set_pubkey(req.get(), key.get());
    REQUIRE(X509_REQ_sign(req.get(), key.get(), EVP_sha256()) > 0);
    unsigned char *der = nullptr;
    int len = i2d_X509_REQ(req.get(), &der);
    REQUIRE(len > 0);
    if (corrupt_signature) der[len - 1] ^= 0x01;  // the last byte is the signature's
    std::string body(static_cast<std::size_t>((len + 2) / 3 * 4) + 1, '\0');
    body.resize(static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char *>(body.data()), der, len)));
    OPENSSL_free(der);
    std::string pem = "-----BEGIN CERTIFICATE REQUEST-----\n";
    for (std::size_t i = 0; i < body.size(); i += 64) pem += body.substr(i, 64) + "\n";
    pem += "-----END CERTIFICATE REQUEST-----\n";
    return {pem, body};
}

const std::vector<std::pair<std::string, std::string>> kSubject = {
    {"C", "US"}, {"ST", "Washington"}, {"L", "Redmond"}, {"O", "Contoso"}, {"OU", "IT"}, {"CN", "mail.contoso.com"}};

}  // namespace

TEST_CASE("a request is read: subject by Exchange's names, SANs, key size, a valid signature", "[validate][csr]") {
    const auto made = make_request(kSubject, {"mail.contoso.com", "AutoDiscover.Contoso.com"}, 2048);
    const auto info = read_certificate_request(made.pem);
    REQUIRE(info);
    CHECK(info->subject == std::map<std::string, std::string>{
                               {"C", "US"}, {"S", "Washington"}, {"L", "Redmond"}, {"O", "Contoso"}, {"OU", "IT"}, {"CN", "mail.contoso.com"}});
    CHECK(info->dns_names == std::vector<std::string>{"mail.contoso.com", "autodiscover.contoso.com"});
    CHECK(info->key_bits == 2048);
    CHECK(info->signature_valid);
    CHECK(info->der_base64 == made.body);
    CHECK(exchange_subject_name(info->subject) == "C=US, S=Washington, L=Redmond, O=Contoso, OU=IT, CN=mail.contoso.com");
}

TEST_CASE("Exchange 2013's header, CRLF lines and Exchange 2010's bare base64 read the same request", "[validate][csr]") {
    const auto made = make_request(kSubject, {"mail.contoso.com"}, 2048);
    std::string exchange2013 = "-----BEGIN NEW CERTIFICATE REQUEST-----\r\n";
    for (std::size_t i = 0; i < made.body.size(); i += 64) exchange2013 += made.body.substr(i, 64) + "\r\n";
    exchange2013 += "-----END NEW CERTIFICATE REQUEST-----\r\n";
    for (const std::string &text : {made.pem, exchange2013, made.body, "\xEF\xBB\xBF" + made.body + "\r\n"}) {
        const auto info = read_certificate_request(text);
        REQUIRE(info);
        CHECK(info->der_base64 == made.body);
        CHECK(info->signature_valid);
    }
}

TEST_CASE("a request whose signature does not match its key is read but not valid", "[validate][csr]") {
    const auto made = make_request(kSubject, {"mail.contoso.com"}, 2048, true);
    const auto info = read_certificate_request(made.pem);
    REQUIRE(info);
    CHECK_FALSE(info->signature_valid);
}

TEST_CASE("a 4096-bit key is measured; a request without SANs has none", "[validate][csr]") {
    const auto made = make_request({{"CN", "mail.contoso.com"}}, {}, 4096);
    const auto info = read_certificate_request(made.pem);
    REQUIRE(info);
    CHECK(info->key_bits == 4096);
    CHECK(info->dns_names.empty());
    CHECK(exchange_subject_name(info->subject) == "CN=mail.contoso.com");
}

TEST_CASE("text that is no request is refused", "[validate][csr]") {
    const auto made = make_request(kSubject, {"mail.contoso.com"}, 2048);
    CHECK_FALSE(read_certificate_request(""));
    CHECK_FALSE(read_certificate_request("hello world, this is not a request"));
    CHECK_FALSE(read_certificate_request("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n"));
    // Cut short, and with bytes after the request: neither is the request.
    CHECK_FALSE(read_certificate_request(made.body.substr(0, made.body.size() / 2 / 4 * 4)));
    CHECK_FALSE(read_certificate_request(made.body.substr(0, made.body.size() - 4) + "AAAAAAAA"));
}

TEST_CASE("the -SubjectName is in Exchange's order and leaves out empty parts", "[validate][csr]") {
    CHECK(exchange_subject_name({{"CN", "mail.contoso.com"}, {"O", "Contoso"}, {"C", "FR"}, {"L", ""}}) == "C=FR, O=Contoso, CN=mail.contoso.com");
    CHECK(exchange_subject_name({}).empty());
}
