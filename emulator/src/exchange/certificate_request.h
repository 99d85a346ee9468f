#pragma once
// What New-ExchangeCertificate -GenerateRequest makes (seed X6): a new RSA key kept by the server
// and a real PKCS#10 request signed with it, printed the way Exchange 2013 prints it, so a client
// can check the request with OpenSSL as a certification authority would.
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

struct generated_request {
    std::string pem;         // "-----BEGIN NEW CERTIFICATE REQUEST-----" … CR LF line ends
    std::string thumbprint;  // upper-case hex SHA-1 of the request's DER: the pending request's Thumbprint
    std::string subject;     // most specific first, as Get-ExchangeCertificate prints it: "CN=…, OU=…, C=US"
};

// `subject_name` as -SubjectName takes it ("C=US, S=Washington, L=Redmond, O=contoso, CN=mail.contoso.com");
// throws std::invalid_argument naming what is wrong with it.
generated_request make_certificate_request(std::string_view subject_name, const std::vector<std::string>& domains, int key_bits);

} // namespace emulator::exchange
