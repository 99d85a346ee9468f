#pragma once
// Test certificates: a fresh key and self-signed certificate, exported as PKCS#12 either with
// OpenSSL 3's defaults (AES-256, PBKDF2) or in the legacy RC2-40 format through the openssl CLI.
#include <string>
#include <vector>

namespace emutest {

struct test_certificate {
    std::vector<unsigned char> pfx;
    std::string thumbprint;  // upper-case hex SHA-1 of the DER
    std::string not_before;  // ISO 8601 UTC, as the emulator prints it
    std::string not_after;
};

// subject: "/C=US/O=Contoso/CN=mail.contoso.com"; dns_names go into the SAN (none: no SAN).
test_certificate make_modern_pfx(const std::string& subject, const std::vector<std::string>& dns_names,
                                 const std::string& password);
test_certificate make_legacy_pfx(const std::string& subject, const std::vector<std::string>& dns_names,
                                 const std::string& password);

std::string base64(const std::vector<unsigned char>& bytes);

} // namespace emutest
