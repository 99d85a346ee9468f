#include "auth/entra_error.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace mailint::auth {

namespace {

struct kind {
    const char *id;
    errc code;
    const char *message;  // what to do, in the administrator's terms
};

const kind invalid_client{"auth.invalid_client", errc::unauthenticated,
                          "Entra ID does not accept the application: check the client (application) id and "
                          "that the app is registered in this tenant"};
const kind invalid_secret{"auth.invalid_secret", errc::unauthenticated,
                          "Entra ID refused the client secret: give the secret's value (not its id) and check "
                          "that it has not expired"};
const kind invalid_assertion{"auth.invalid_assertion", errc::unauthenticated,
                             "Entra ID refused the certificate assertion: check that this certificate is "
                             "uploaded to the app registration and that this computer's clock is right"};
const kind tenant_not_found{"auth.tenant_not_found", errc::not_found,
                            "Entra ID does not know the tenant: check the tenant id or domain and the cloud "
                            "(-Environment)"};
const kind invalid_scope{"auth.invalid_scope", errc::invalid_argument,
                         "Entra ID refused the requested resource: the service is not available in this "
                         "tenant or cloud"};
const kind unauthorized_client{"auth.unauthorized_client", errc::permission_denied,
                               "The application is not allowed to use this sign-in method or is disabled"};
const kind consent_required{"auth.consent_required", errc::permission_denied,
                            "The application's permissions have not been granted admin consent in this tenant"};
const kind invalid_grant{"auth.invalid_grant", errc::unauthenticated,
                         "Entra ID refused the grant: sign in again"};
const kind invalid_request{"auth.invalid_request", errc::invalid_argument,
                           "Entra ID refused the token request as malformed"};
const kind throttled{"auth.throttled", errc::throttled, "Entra ID is throttling token requests: try again later"};
const kind unavailable{"auth.service_unavailable", errc::unavailable,
                       "Entra ID's token endpoint is unavailable: try again later"};
const kind failed{"auth.token_request_failed", errc::unauthenticated, "Entra ID refused the token request"};

// AADSTS numbers that say more than the OAuth error string does (Entra's published error-code
// list); anything else falls back to the OAuth error string.
const kind *by_code(long long code) {
    switch (code) {
    case 7000215:  // invalid client secret provided
    case 7000222:  // client secret expired
        return &invalid_secret;
    case 700016:   // application not found in the directory
    case 7000218:  // body must contain client_assertion or client_secret
        return &invalid_client;
    case 700021:   // assertion's app id does not match client_id
    case 700023:   // assertion audience does not match the token endpoint
    case 700024:   // assertion outside its valid time range
    case 50048:    // assertion subject does not match its issuer
    case 700027:   // signature validation failed / certificate not registered
    case 50013:    // assertion failed signature validation
    case 50027:    // invalid JWT
        return &invalid_assertion;
    case 90002:   // tenant not found
    case 900023:  // tenant identifier neither a GUID nor a domain
    case 50128:   // no tenant-identifying information
        return &tenant_not_found;
    case 70011:    // invalid scope
    case 500011:   // resource principal not found in the tenant
    case 1002012:  // scope not valid
        return &invalid_scope;
    case 7000112:  // application disabled
    case 700025:   // public client presenting a credential
    case 70001:    // application disabled for the tenant
        return &unauthorized_client;
    case 65001:  // consent required
        return &consent_required;
    default:
        return nullptr;
    }
}

const kind *by_error(std::string_view e) {
    if (e == "invalid_client") return &invalid_client;
    if (e == "invalid_scope") return &invalid_scope;
    if (e == "unauthorized_client") return &unauthorized_client;
    if (e == "invalid_grant") return &invalid_grant;
    if (e == "invalid_request") return &invalid_request;
    if (e == "consent_required") return &consent_required;
    if (e == "temporarily_unavailable") return &unavailable;
    return nullptr;
}

std::string cut(std::string text, std::span<const std::string_view> never_show) {
    for (std::string_view s : never_show) {
        if (s.empty()) continue;
        for (auto pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos + 8))
            text.replace(pos, s.size(), "********");
    }
    return text;
}

std::string first_sentence(std::string_view d) {
    // Entra appends "\r\nTrace ID: … Correlation ID: … Timestamp: …", kept separately.
    auto end = d.find_first_of("\r\n");
    if (end != std::string_view::npos) d = d.substr(0, end);
    return std::string(d.substr(0, 400));
}

}  // namespace

long long entra_error_body::aadsts() const {
    if (!codes.empty()) return codes.front();
    std::string_view d = description;
    if (!d.starts_with("AADSTS")) return 0;
    d.remove_prefix(6);
    long long v = 0;
    auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
    return ec == std::errc{} ? v : 0;
}

std::optional<entra_error_body> parse_entra_error(std::string_view body) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_string()) return std::nullopt;
    entra_error_body e;
    e.error = j["error"].get<std::string>();
    auto text = [&](const char *name) {
        auto it = j.find(name);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    e.description = text("error_description");
    e.trace_id = text("trace_id");
    e.correlation_id = text("correlation_id");
    if (auto it = j.find("error_codes"); it != j.end() && it->is_array())
        for (const auto &c : *it)
            if (c.is_number_integer()) e.codes.push_back(c.get<long long>());
    return e;
}

mailint::error token_request_error(int status, const std::optional<entra_error_body> &body,
                                   std::span<const std::string_view> never_show) {
    const kind *k = nullptr;
    if (status == 429) k = &throttled;
    if (!k && body) k = by_code(body->aadsts());
    if (!k && body) k = by_error(body->error);
    if (!k && status >= 500) k = &unavailable;
    if (!k) k = &failed;

    nlohmann::json detail = {{"status", status}};
    std::string message = k->message;
    if (body) {
        detail["error"] = cut(body->error, never_show);
        if (long long code = body->aadsts()) {
            detail["aadsts"] = "AADSTS" + std::to_string(code);
            message += " (AADSTS" + std::to_string(code) + ")";
        }
        detail["errorCodes"] = body->codes;
        if (!body->description.empty()) detail["description"] = cut(first_sentence(body->description), never_show);
        if (!body->trace_id.empty()) detail["traceId"] = body->trace_id;
        if (!body->correlation_id.empty()) detail["correlationId"] = body->correlation_id;
    } else {
        message += " (HTTP " + std::to_string(status) + ")";
    }
    return mailint::error(k->code, k->id, message + ".", std::move(detail));
}

}  // namespace mailint::auth
