#pragma once
// A PKCS#10 certificate request as New-ExchangeCertificate -GenerateRequest writes it (seed X6):
// base64 between "-----BEGIN NEW CERTIFICATE REQUEST-----" lines (Exchange 2013), the same with
// "CERTIFICATE REQUEST", or the bare base64 (Exchange 2010's output). Read with OpenSSL so the
// module can tell whether a request file on disk is the one asked for, without trusting its name.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailint::validate {

struct certificate_request_info {
    // Subject attributes by Exchange's short names (C, S, L, O, OU, CN), the values as written.
    std::map<std::string, std::string> subject;
    std::vector<std::string> dns_names;  // the subject alternative names' DNS entries, lower case, in order
    int key_bits = 0;                    // RSA modulus size (0 for another key type)
    bool signature_valid = false;        // signed with the key it carries: the requester holds that key
    std::string der_base64;              // the request itself, canonical base64 (no line breaks)
};

// nullopt when `text` holds no parseable request.
std::optional<certificate_request_info> read_certificate_request(std::string_view text);

// "C=US, S=Washington, L=Redmond, O=contoso, OU=contoso, CN=mail.contoso.com": New-ExchangeCertificate's
// -SubjectName, the attributes in that order, empty ones left out.
std::string exchange_subject_name(const std::map<std::string, std::string> &subject);

}  // namespace mailint::validate
