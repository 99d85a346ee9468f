#include "entra/access_token.h"

#include "entra/digest.h"
#include "entra/token_error.h"

#include <cmath>

namespace emulator::entra {
namespace {

// A stable object id per user principal name, so two tokens for one user carry one oid.
std::string oid_for(const std::string& name)
{
    const std::string hex = hex_lower(sha256(name));
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-4" + hex.substr(13, 3) + "-8" + hex.substr(17, 3) + "-" +
           hex.substr(20, 12);
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : " ") + name;
    return text;
}

} // namespace

json issue_access_token(const signing_key& key, const token_request& request, double now)
{
    const auto issued = static_cast<long long>(std::floor(now));
    const auto lifetime = static_cast<long long>(std::ceil(request.lifetime));
    json claims = {{"aud", request.resource},
                   {"iss", "https://sts.windows.net/" + request.tenant_id + "/"},
                   {"iat", issued},
                   {"nbf", issued},
                   {"exp", issued + lifetime},
                   {"appid", request.client_id},
                   {"appidacr", request.scopes ? "0" : "2"},
                   {"azp", request.client_id},
                   {"tid", request.tenant_id},
                   {"ver", "1.0"},
                   {"uti", random_guid()}};
    if (request.scopes) {
        const std::string oid = oid_for(request.tenant_id + "/" + request.upn);
        claims["scp"] = joined(*request.scopes);
        claims["upn"] = request.upn;
        claims["unique_name"] = request.upn;
        claims["oid"] = oid;
        claims["sub"] = oid;
        claims["idtyp"] = "user";
    } else {
        const std::string oid = oid_for(request.tenant_id + "/app/" + request.client_id);
        claims["roles"] = request.roles;
        claims["oid"] = oid;
        claims["sub"] = oid;
        claims["idtyp"] = "app";
    }
    json body = {{"token_type", "Bearer"}};
    if (request.scopes) {
        std::vector<std::string> full;
        for (const auto& scope : *request.scopes)
            full.push_back(request.resource + "/" + scope);
        body["scope"] = joined(full);
    }
    body["expires_in"] = lifetime;
    body["ext_expires_in"] = lifetime;
    body["access_token"] = key.sign(claims);
    return body;
}

} // namespace emulator::entra
