#include "entra/client_assertion.h"

#include "entra/app_certificate.h"
#include "entra/jws.h"
#include "util/text.h"

#include <cmath>
#include <ctime>

namespace emulator::entra {
namespace {

token_error invalid_client(int code, std::string message) { return {401, "invalid_client", code, std::move(message)}; }

std::string iso(double seconds)
{
    const std::time_t t = static_cast<std::time_t>(std::floor(seconds));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%m/%d/%Y %H:%M:%S", &tm);
    return buffer;
}

std::optional<std::string> string_claim(const json& object, const char* name)
{
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

std::optional<double> time_claim(const json& object, const char* name)
{
    const auto it = object.find(name);
    if (it == object.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

// The registered certificate the header names. Both x5t and x5t#S256 must name the same one when
// both are given, so a client cannot pair one certificate's name with another's key.
const json* find_certificate(const json& app, const json& header)
{
    const auto x5t = string_claim(header, "x5t");
    const auto x5t_s256 = string_claim(header, "x5t#S256");
    if (!x5t && !x5t_s256)
        return nullptr;
    for (const auto& certificate : app.at("certificates")) {
        if (x5t && certificate.value("x5t", "") != *x5t)
            continue;
        if (x5t_s256 && certificate.value("x5tS256", "") != *x5t_s256)
            continue;
        return &certificate;
    }
    return nullptr;
}

} // namespace

std::variant<checked_assertion, token_error> check_client_assertion(std::string_view assertion,
                                                                    const assertion_context& context)
{
    const auto parts = parse_jws(assertion);
    if (!parts)
        return invalid_client(700027, "Client assertion failed signature validation. [Reason - The assertion is not a "
                                      "compact JWS.]");
    const json* certificate = find_certificate(context.app, parts->header);
    if (!certificate) {
        const std::string named = string_claim(parts->header, "x5t").value_or(
            string_claim(parts->header, "x5t#S256").value_or("(none)"));
        return invalid_client(700027, "The certificate with identifier used to sign the client assertion is not "
                                      "registered on application. [Reason - The key was not found., Thumbprint of "
                                      "key used by client: '" + named + "', Please visit the Azure Portal, Graph "
                                      "Explorer or directly use MS Graph to see configured keys for app Id '" +
                                          context.client_id + "'.]");
    }
    const pkey_ptr key = certificate_public_key(*certificate);
    if (!key || !verify_jws(*parts, key.get()))
        return invalid_client(700027, "Client assertion failed signature validation.");

    const json& claims = parts->payload;
    const auto iss = string_claim(claims, "iss");
    if (!iss || !iequals(*iss, context.client_id))
        return invalid_client(700021, "Client assertion application identifier doesn't match 'client_id' parameter. "
                                      "Review the documentation at "
                                      "https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
    const auto sub = string_claim(claims, "sub");
    if (!sub || !iequals(*sub, *iss))
        return invalid_client(50048, "Subject mismatches Issuer claim in the client assertion for application '" +
                                         context.client_id + "'.");
    const auto aud = string_claim(claims, "aud");
    bool audience_ok = false;
    for (const auto& accepted : context.accepted_audiences)
        audience_ok = audience_ok || (aud && iequals(*aud, accepted));
    if (!audience_ok)
        return invalid_client(700023, "Client assertion audience claim does not match Realm issuer. Review the "
                                      "documentation at "
                                      "https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
    const auto exp = time_claim(claims, "exp");
    const auto nbf = time_claim(claims, "nbf");
    if (!exp || *exp + context.clock_skew <= context.now || (nbf && *nbf - context.clock_skew > context.now))
        return invalid_client(700024, "Client assertion is not within its valid time range. Current time: " +
                                          iso(context.now) + ", assertion valid from " +
                                          (nbf ? iso(*nbf) : std::string("(none)")) + ", expiry time of assertion " +
                                          (exp ? iso(*exp) : std::string("(none)")) + ".");
    const auto jti = string_claim(claims, "jti");
    if (!jti || jti->empty())
        return invalid_client(50013, "Assertion is invalid: the client assertion has no jti claim.");
    return checked_assertion{*jti, *exp};
}

} // namespace emulator::entra
