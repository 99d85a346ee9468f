#pragma once
// Shorthands for the Graph tests: app tokens for https://graph.microsoft.com, calls with a bearer
// token, percent-encoding of OData query values, and following @odata.nextLink.
#include "support/entra.h"
#include "support/pfx_factory.h"

#include <cpprest/uri.h>
#include <openssl/evp.h>

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace emutest {

inline const std::string graph_scope = "https://graph.microsoft.com/.default";
inline const std::string limited_client = "0d0d0d0d-1111-4222-8333-444444444444";
inline const std::string limited_secret = "limited-client-secret-for-tests";

inline std::string token_for(const emulator_process& emu, const std::string& client, const std::string& secret,
                             const std::string& scope, const std::string& tenant = demo_tenant)
{
    const auto reply = emu.post_form(token_path(tenant), {{"grant_type", "client_credentials"},
                                                          {"client_id", client},
                                                          {"client_secret", secret},
                                                          {"scope", scope}});
    if (reply.status != 200)
        throw std::runtime_error("token request failed: " + reply.body);
    return reply.document.at("access_token").get<std::string>();
}

// The demo app: Domain.ReadWrite.All, User.ReadWrite.All, Organization.Read.All, Application.ReadWrite.All,
// Policy.ReadWrite.ConditionalAccess.
inline std::string graph_token(const emulator_process& emu) { return token_for(emu, demo_client, demo_secret, graph_scope); }

// An app of the demo tenant with only the given Graph roles.
inline std::string limited_graph_token(const emulator_process& emu, const std::vector<std::string>& roles)
{
    const json body = {{"tenantId", demo_tenant},
                       {"clientId", limited_client},
                       {"displayName", "Limited app"},
                       {"secrets", {limited_secret}},
                       {"roles", {{"https://graph.microsoft.com", roles}}}};
    const auto registered = emu.post("/control/entra/apps", body.dump());
    if (registered.status != 201)
        throw std::runtime_error("POST /control/entra/apps failed: " + registered.body);
    return token_for(emu, limited_client, limited_secret, graph_scope);
}

inline http_reply call(const emulator_process& emu, const std::string& method, const std::string& path,
                       const std::string& token, const json& body = nullptr,
                       std::map<std::string, std::string> headers = {})
{
    if (!token.empty())
        headers["Authorization"] = "Bearer " + token;
    return http_request(emu.url(), method, path, body.is_null() ? std::string() : body.dump(), "application/json",
                        headers);
}

// An OData query value percent-encoded for a URL ("appId eq '…'" → "appId%20eq%20'…'").
inline std::string q(const std::string& value) { return web::uri::encode_data_string(value); }

// The path and query of an absolute nextLink on the emulator.
inline std::string relative(const emulator_process& emu, const std::string& link)
{
    if (link.rfind(emu.url(), 0) != 0)
        throw std::runtime_error("nextLink not on the emulator: " + link);
    return link.substr(emu.url().size());
}

inline std::string sha1_hex_upper(const std::vector<unsigned char>& bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha1(), nullptr);
    std::string hex;
    char pair[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(pair, sizeof pair, "%02X", digest[i]);
        hex += pair;
    }
    return hex;
}

// The log entries since the last counters reset whose path starts with `prefix`.
inline json log_entries(const emulator_process& emu, const std::string& prefix)
{
    json out = json::array();
    const auto log = emu.get("/control/requests");  // kept: iterating a temporary's member dangles
    for (const auto& entry : log.document.at("requests"))
        if (entry.at("path").get<std::string>().rfind(prefix, 0) == 0)
            out.push_back(entry);
    return out;
}

} // namespace emutest
