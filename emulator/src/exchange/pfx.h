#pragma once
// Reads a PKCS#12 file the way Import-ExchangeCertificate does, with OpenSSL. The legacy provider
// is loaded so that RC2-40 files (what Windows exported for years) open too.
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

struct certificate_info {
    std::string thumbprint;  // upper-case hex SHA-1 of the DER
    std::string subject;     // .NET order and separators: "CN=mail.contoso.com, O=Contoso, C=US"
    std::string issuer;
    std::vector<std::string> domains;  // SAN DNS names, else the CN
    std::string not_before;            // ISO 8601 UTC
    std::string not_after;
    bool has_private_key = false;
    bool is_self_signed = false;
    std::string der_base64;  // the certificate itself, as Get-CrmCertificate's Data prints it
};

class pfx_error : public std::runtime_error {
public:
    enum class kind { wrong_password, unreadable };
    pfx_error(kind k, const std::string& message) : std::runtime_error(message), kind_(k) {}
    kind which() const { return kind_; }

private:
    kind kind_;
};

certificate_info read_pfx(std::span<const unsigned char> file, std::string_view password);

} // namespace emulator::exchange
