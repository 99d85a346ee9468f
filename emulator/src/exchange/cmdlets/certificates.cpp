// Get-, Import- and Enable-ExchangeCertificate, and New-ExchangeCertificate -GenerateRequest (seed X6).
#include "exchange/cmdlet_error.h"
#include "exchange/certificate_request.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/pfx.h"
#include "exchange/values.h"
#include "util/text.h"

#include <array>

namespace emulator::exchange {
namespace {

// Exchange's AllowedServices flags in declaration order, which is the order it prints them in.
constexpr std::array<std::string_view, 8> service_names = {"None", "IMAP", "POP", "UM", "IIS", "SMTP", "Federation",
                                                           "UMCallRouter"};

// "EX01\THUMBPRINT" and "THUMBPRINT" both name a certificate.
std::string thumbprint_of(std::string_view identity)
{
    const auto slash = identity.rfind('\\');
    return std::string(trim(slash == std::string_view::npos ? identity : identity.substr(slash + 1)));
}

json& certificates(json& org) { return collection(org, "certificates"); }

json get_exchange_certificate(cmdlet_context& context)
{
    if (const auto server = context.params.string("Server"))
        find_server(context.org, *server);
    auto identity = context.params.string("Thumbprint");
    if (!identity)
        identity = context.params.string("Identity");
    if (!identity)
        return certificates(context.org);
    return json::array({require_object(context.org, certificates(context.org), thumbprint_of(*identity), {"Thumbprint"})});
}

json import_exchange_certificate(cmdlet_context& context)
{
    if (const auto server = context.params.string("Server"))
        find_server(context.org, *server);
    const auto file = context.params.bytes("FileData");
    const auto password = context.params.secret("Password");
    certificate_info info;
    try {
        info = read_pfx(file, password ? password->view() : std::string_view{});
    } catch (const pfx_error& error) {
        throw cmdlet_error(400, exception_class::cryptographic, error.what());
    }
    if (find_object(certificates(context.org), info.thumbprint, {"Thumbprint"}))
        throw_already_exists("The certificate with thumbprint " + info.thumbprint +
                             " already exists in the certificate store of the server.");
    json certificate = {{"Thumbprint", info.thumbprint},
                        {"Subject", info.subject},
                        {"Issuer", info.issuer},
                        {"CertificateDomains", info.domains},
                        {"Services", "None"},
                        {"NotBefore", info.not_before},
                        {"NotAfter", info.not_after},
                        {"HasPrivateKey", info.has_private_key},
                        {"IsSelfSigned", info.is_self_signed}};
    certificates(context.org).push_back(certificate);
    return json::array({certificate});
}

json enable_exchange_certificate(cmdlet_context& context)
{
    if (const auto server = context.params.string("Server"))
        find_server(context.org, *server);
    const auto thumbprint = context.params.string("Thumbprint");
    const auto identity = context.params.string("Identity");
    if (thumbprint.has_value() == identity.has_value())
        throw_parameter_binding("Parameter set cannot be resolved using the specified named parameters. Give "
                                "either Thumbprint or Identity.");
    json& certificate =
        require_object(context.org, certificates(context.org), thumbprint_of(thumbprint ? *thumbprint : *identity), {"Thumbprint"});
    constexpr std::string_view services_type = "Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices";
    const auto given = context.params.list("Services");
    parse_flags("Services", given, services_type, service_names);  // a bad name fails before anything changes
    // Enabling adds to what the certificate already serves.
    auto services = flag_names(certificate.value("Services", "None"));
    services.insert(services.end(), given.begin(), given.end());
    certificate["Services"] = parse_flags("Services", services, services_type, service_names);
    return json::array();
}

// New-ExchangeCertificate -GenerateRequest: a real request (certificate_request.cpp) returned as
// its text, and a pending request in the store, as Exchange keeps one until the certificate the
// authority issues is imported. Self-signed certificates (no -GenerateRequest) are not emulated.
json new_exchange_certificate(cmdlet_context& context)
{
    if (const auto server = context.params.string("Server"))
        find_server(context.org, *server);
    if (!context.params.switch_on("GenerateRequest"))
        throw cmdlet_error(400, exception_class::cryptographic,
                           "This emulator makes certificate requests only: give -GenerateRequest.");
    const auto subject = context.params.string("SubjectName");
    auto domains = context.params.list("DomainName");
    if (!subject && domains.empty())
        throw_invalid_argument("SubjectName", "Specify SubjectName or DomainName.");
    const int bits = std::stoi(context.params.string("KeySize").value_or("2048"));
    if (bits != 1024 && bits != 2048 && bits != 4096)
        throw_invalid_argument("KeySize", "The key size must be 1024, 2048 or 4096.");
    generated_request made;
    try {
        made = make_certificate_request(subject ? *subject : "CN=" + domains.front(), domains, bits);
    } catch (const std::invalid_argument& e) {
        throw_invalid_argument("SubjectName", e.what());
    }
    certificates(context.org).push_back({{"Thumbprint", made.thumbprint},
                                         {"Subject", made.subject},
                                         {"Issuer", made.subject},
                                         {"CertificateDomains", domains},
                                         {"Services", "None"},
                                         {"Status", "PendingRequest"},
                                         {"HasPrivateKey", true},
                                         {"PrivateKeyExportable", context.params.boolean("PrivateKeyExportable").value_or(false)},
                                         {"IsSelfSigned", false},
                                         {"CertificateRequest", made.pem}});
    return json::array({made.pem});
}

} // namespace

std::vector<cmdlet_spec> certificate_cmdlets()
{
    return {
        {"Get-ExchangeCertificate",
         {{"Identity", param_kind::string}, {"Thumbprint", param_kind::string}, {"Server", param_kind::string}},
         get_exchange_certificate},
        {"Import-ExchangeCertificate",
         {{"FileData", param_kind::byte_array, true},
          {"Password", param_kind::secure_string},
          {"Server", param_kind::string},
          {"PrivateKeyExportable", param_kind::boolean},
          {"Force", param_kind::switch_flag}},
         import_exchange_certificate},
        {"Enable-ExchangeCertificate",
         {{"Thumbprint", param_kind::string},
          {"Identity", param_kind::string},
          {"Services", param_kind::string_list, true},
          {"Force", param_kind::switch_flag},
          {"Server", param_kind::string}},
         enable_exchange_certificate},
        {"New-ExchangeCertificate",
         {{"GenerateRequest", param_kind::switch_flag},
          {"SubjectName", param_kind::string},
          {"DomainName", param_kind::string_list},
          {"PrivateKeyExportable", param_kind::boolean},
          {"KeySize", param_kind::scalar},
          {"Server", param_kind::string}},
         new_exchange_certificate},
    };
}

} // namespace emulator::exchange
