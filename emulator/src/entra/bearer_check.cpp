#include "entra/bearer_check.h"

#include "entra/jws.h"
#include "entra/resources.h"
#include "util/text.h"

#include <chrono>

namespace emulator::entra {
namespace {

http_response_data unauthorized(const std::string& description, const std::string& authorization_uri_base)
{
    http_response_data response{401, dump_json(json{{"error", {{"code", "InvalidAuthenticationToken"},
                                                               {"message", description}}}}), {}};
    response.headers.emplace_back("WWW-Authenticate",
                                  "Bearer realm=\"\", authorization_uri=\"" + authorization_uri_base +
                                      "/common/oauth2/authorize\", error=\"invalid_token\", error_description=\"" +
                                      description + "\"");
    return response;
}

bool contains_any(const std::vector<std::string>& have, const std::vector<std::string>& need)
{
    for (const auto& n : need)
        for (const auto& h : have)
            if (iequals(h, n))
                return true;
    return false;
}

} // namespace

bearer_outcome authorize(const signing_key& key, const http_request_data& request, const bearer_requirement& need,
                         const std::string& authorization_uri_base)
{
    const auto header = request.headers.find("authorization");
    if (header == request.headers.end() || !istarts_with(header->second, "Bearer "))
        return {std::nullopt, unauthorized("No bearer token was presented.", authorization_uri_base)};
    const auto parts = parse_jws(trim(std::string_view(header->second).substr(7)));
    if (!parts || parts->header.value("kid", "") != key.kid() || !verify_jws(*parts, key.key()))
        return {std::nullopt, unauthorized("The token's signature is not valid.", authorization_uri_base)};
    const json& claims = parts->payload;
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (!claims.contains("exp") || !claims["exp"].is_number() || claims["exp"].get<double>() <= now)
        return {std::nullopt, unauthorized("Lifetime validation failed, the token is expired.", authorization_uri_base)};
    if (!claims.contains("aud") || !claims["aud"].is_string() ||
        !iequals(canonical_resource(claims["aud"].get<std::string>()), canonical_resource(need.resource)))
        return {std::nullopt, unauthorized("The audience is invalid.", authorization_uri_base)};

    std::vector<std::string> roles;
    if (claims.contains("roles") && claims["roles"].is_array())
        for (const auto& role : claims["roles"])
            if (role.is_string())
                roles.push_back(role.get<std::string>());
    std::vector<std::string> scopes;
    if (claims.contains("scp") && claims["scp"].is_string())
        for (const auto& scope : split(claims["scp"].get<std::string>(), ' '))
            if (!scope.empty())
                scopes.push_back(scope);
    const bool delegated = claims.contains("scp");
    const bool allowed = delegated ? (need.any_scope.empty() || contains_any(scopes, need.any_scope))
                                   : (need.any_role.empty() || contains_any(roles, need.any_role));
    if (!allowed)
        return {std::nullopt,
                http_response_data{403, dump_json(json{{"error", {{"code", "Authorization_RequestDenied"},
                                                                 {"message", "Insufficient privileges to complete the operation."}}}}),
                                   {}}};
    return {claims, {}};
}

} // namespace emulator::entra
