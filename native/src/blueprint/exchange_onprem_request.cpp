#include "blueprint/exchange_onprem_request.h"

#include "validate/domain_name.h"
#include "validate/ip_range.h"
#include "validate/ipv4.h"

namespace mailint::exchange_onprem {

namespace {

using json = nlohmann::json;

// A parameter's text; a value of another JSON type is a caller bug reported like bad input.
std::string text_parameter(const json &parameters, const std::string &name, diagnostics &d) {
    auto it = parameters.find(name);
    if (it == parameters.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    d.error("request.parameter.type", name, name + " must be a string.");
    return {};
}

}  // namespace

diagnostics parse_request(const json &parameters, const secret_store &secrets, request &out) {
    diagnostics d;

    auto domain = validate::validate_domain_name(text_parameter(parameters, "DomainName", d), "DomainName", d);
    if (domain) {
        out.domain_name = *domain;
        out.host_name = "mail." + *domain;
    }

    auto server_ip = validate::validate_ipv4(text_parameter(parameters, "ServerIpAddress", d), "ServerIpAddress", d);
    if (server_ip) out.server_ip = server_ip->to_string();

    auto range_text = text_parameter(parameters, "InternalIpRange", d);
    if (auto range = validate::validate_ip_range(range_text, "InternalIpRange", server_ip, "ServerIpAddress", d))
        out.internal_ip_range = range->to_string();

    out.server = text_parameter(parameters, "Server", d);
    if (out.server.empty()) {
        d.error("validation.server.empty", "Server",
                "Server is empty; give the Exchange server's name as Get-ExchangeServer shows it (the "
                "original script used $env:COMPUTERNAME).");
    } else if (auto problem = validate::dns_label_problem(out.server)) {
        d.error("validation.server.malformed", "Server",
                "Server '" + out.server + "' " + *problem + "; give the server's short name, e.g. EX01.");
    }

    out.accepted_domain_name = text_parameter(parameters, "AcceptedDomainName", d);
    if (out.accepted_domain_name.empty()) out.accepted_domain_name = out.domain_name;

    out.cert_path = text_parameter(parameters, "CertPath", d);
    std::span<const unsigned char> password;
    if (auto pw = parameters.find("CertPassword"); pw != parameters.end() && !pw->is_null()) {
        auto ref = pw->is_object() ? pw->find("$secret") : pw->end();
        if (!pw->is_object() || ref == pw->end() || !ref->is_string()) {
            // A password in the document itself would be written wherever the document goes.
            d.error("request.secret.inline", "CertPassword",
                    "CertPassword must be a reference {\"$secret\":name} to a secret handed over with "
                    "mailint_session_set_secret, never the password itself.");
        } else if (const auto *secret = secrets.find(ref->get<std::string>())) {
            out.cert_password_secret = ref->get<std::string>();
            password = secret->bytes();
        } else {
            d.error("request.secret.missing", "CertPassword",
                    "The secret '" + ref->get<std::string>() + "' was not handed over before the request.");
        }
    }
    if (out.cert_path.empty()) {
        d.error("validation.certificate.not_found", "CertPath",
                "CertPath is empty; give the path of the Exchange certificate's .pfx file.");
    } else {
        validate::certificate_requirements needs;
        if (!out.host_name.empty()) needs.host_names = {out.host_name};
        out.certificate = validate::validate_pfx_certificate(out.cert_path, password, needs, d);
    }
    return d;
}

}  // namespace mailint::exchange_onprem
