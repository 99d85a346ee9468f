#pragma once
// The parameters of ConfigureExchange.ps1 (seed X5), parsed and checked before anything is read
// or sent. Every check runs; all findings come back together.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "secret/secret_store.h"
#include "validate/pfx_certificate.h"

namespace mailint::exchange_onprem {

struct request {
    std::string domain_name;          // normalised: "contoso.com"
    std::string host_name;            // "mail.contoso.com"
    std::string cert_path;
    std::string cert_password_secret; // secret name, "" when the PFX has no password
    std::string server_ip;            // "192.168.0.10"
    std::string internal_ip_range;    // as given, once validated
    std::string server;               // Exchange server name: "EX01"
    std::string accepted_domain_name; // defaults to the domain name
    std::optional<validate::certificate_info> certificate;
};

// Fills `out` and returns the diagnostics; out is usable only when there is no error.
diagnostics parse_request(const nlohmann::json &parameters, const secret_store &secrets, request &out);

}  // namespace mailint::exchange_onprem
