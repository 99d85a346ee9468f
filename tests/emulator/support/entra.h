#pragma once
// Shorthands for the Entra ID tests: the built-in demo tenant, registering an app with a
// certificate, and the token requests a client sends.
#include "support/emulator_process.h"
#include "support/jwt_factory.h"

#include <ctime>
#include <map>
#include <string>

namespace emutest {

inline const std::string demo_tenant = "11111111-2222-3333-4444-555555555555";
inline const std::string demo_client = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
inline const std::string demo_secret = "demo-client-secret-not-for-production";
inline const std::string cert_tenant = "aaaaaaaa-0000-4000-8000-000000000001";
inline const std::string cert_client = "cccccccc-0000-4000-8000-000000000002";
inline const std::string exchange_scope = "https://outlook.office365.com/.default";
inline const std::string jwt_bearer_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

inline std::string token_path(const std::string& tenant) { return "/" + tenant + "/oauth2/v2.0/token"; }

// The certificate identity made once per test run (RSA key generation is slow).
inline const rsa_identity& test_identity()
{
    static const rsa_identity identity = make_rsa_identity("mailint-test-app");
    return identity;
}

// Registers cert_client in cert_tenant with the test identity's certificate (PEM).
inline void register_certificate_app(const emulator_process& emu)
{
    const json body = {{"tenantId", cert_tenant},
                       {"tenantDisplayName", "Fabrikam"},
                       {"domains", {"fabrikam.onmicrosoft.com"}},
                       {"clientId", cert_client},
                       {"displayName", "Certificate app"},
                       {"certificates", {test_identity().certificate_pem}},
                       {"roles", {{"https://outlook.office365.com", {"Exchange.ManageAsApp"}}}}};
    const auto reply = emu.post("/control/entra/apps", body.dump());
    if (reply.status != 201)
        throw std::runtime_error("POST /control/entra/apps failed: " + reply.body);
}

inline json assertion_claims(const std::string& audience, long nbf_offset = 0, long exp_offset = 600)
{
    const long now = static_cast<long>(std::time(nullptr));
    return {{"aud", audience}, {"iss", cert_client}, {"sub", cert_client},
            {"jti", new_jti()},  {"nbf", now + nbf_offset}, {"exp", now + exp_offset}};
}

inline std::string emulator_audience(const emulator_process& emu) { return emu.url() + token_path(cert_tenant); }

inline std::map<std::string, std::string> assertion_form(const std::string& assertion)
{
    return {{"grant_type", "client_credentials"},
            {"client_id", cert_client},
            {"scope", exchange_scope},
            {"client_assertion_type", jwt_bearer_type},
            {"client_assertion", assertion}};
}

inline int aadsts_of(const http_reply& reply) { return reply.document.at("error_codes").at(0).get<int>(); }

} // namespace emutest
