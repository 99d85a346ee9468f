#pragma once
// New-ExchangeCertificateRequest's plan (seed X6): the request for a public certification
// authority, as the document's
//   New-ExchangeCertificate -GenerateRequest -SubjectName "C=US, S=Washington, L=Redmond, O=contoso,
//     OU=contoso, CN=mail.contoso.com" -DomainName mail.contoso.com -PrivateKeyExportable $true
//     | Set-Content -path "c:\Docs\MyCertRequest.req"
// with the subject built from its parts, through the host session's Exchange cmdlets. The request
// Exchange returns is written to the file once the step has succeeded (atomically). Nothing to do
// when the file already holds a request for that subject and those names, signed by its key, whose
// pending request Exchange still keeps with an exportable private key.
//
//   create  New-ExchangeCertificate -GenerateRequest … (the file absent, another request, or
//           Exchange no longer holding its key)
//   noop    the file and Exchange's pending request match
//
// parameters: {"HostName": [..] (the first is the subject's CN), "Country", "State"?, "City"?,
//   "Organization"?, "OrganizationalUnit"?, "RequestFile", "KeySize"? (2048|4096), "Server"?}
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/host_scenarios.h"
#include "core/diagnostic.h"

namespace mailint::exchange_certificate_request {

inline constexpr const char *kScenario = "exchange-certificate-request";

struct request {
    std::vector<std::string> host_names;        // normalised, first = CN
    std::map<std::string, std::string> subject;  // C, S, L, O, OU, CN
    std::string subject_name;                    // New-ExchangeCertificate's -SubjectName
    std::filesystem::path request_file;
    int key_size = 2048;
    std::string server;
};

// exchange.csr.host_missing, validation.domain.* (HostName), exchange.csr.country_invalid,
// exchange.csr.field_invalid (a part with , = + " \ < > # ; or a control character, or over 64
// characters), exchange.csr.file_missing, exchange.csr.folder_missing, exchange.csr.key_size,
// exchange.csr.file_not_request (the file exists and is something else: never overwritten).
diagnostics parse_request(const nlohmann::json &parameters, request &out);

host_scenarios::built build_plan(const request &r, host_scenarios::context &ctx);

}  // namespace mailint::exchange_certificate_request
