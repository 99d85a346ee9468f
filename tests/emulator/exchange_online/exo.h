#pragma once
// Shorthands for the Exchange Online tests: tokens from the emulator's own token endpoint, the
// InvokeCommand envelope, and following @odata.nextLink the way the EXO V3 module does (POST the
// same body to the link).
#include "support/entra.h"
#include "support/helpers.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>

namespace emutest {

inline const std::string second_tenant = "bbbbbbbb-0000-4000-8000-000000000002";
inline const std::string second_client = "dddddddd-0000-4000-8000-000000000004";
inline const std::string second_secret = "second-tenant-secret-for-tests";
inline const std::string exchange_role = "Exchange.ManageAsApp";

inline std::string exo_path(const std::string& tenant = demo_tenant) { return "/adminapi/beta/" + tenant + "/InvokeCommand"; }

inline std::string secret_token(const emulator_process& emu, const std::string& tenant, const std::string& client,
                                const std::string& secret, const std::string& scope = exchange_scope)
{
    const auto reply = emu.post_form(token_path(tenant), {{"grant_type", "client_credentials"},
                                                          {"client_id", client},
                                                          {"client_secret", secret},
                                                          {"scope", scope}});
    REQUIRE(reply.status == 200);
    return reply.document.at("access_token").get<std::string>();
}

// The demo app of the built-in seed: Exchange.ManageAsApp in the demo tenant.
inline std::string demo_token(const emulator_process& emu) { return secret_token(emu, demo_tenant, demo_client, demo_secret); }

// Registers an app (and its tenant, with `domains`) with the given Exchange roles.
inline void register_secret_app(const emulator_process& emu, const std::string& tenant, const std::string& client,
                                const std::string& secret, const json& exchange_roles, const json& domains = json::array())
{
    json body = {{"tenantId", tenant},
                 {"tenantDisplayName", "Tenant " + tenant.substr(0, 8)},
                 {"clientId", client},
                 {"secrets", {secret}},
                 {"roles", {{"https://outlook.office365.com", exchange_roles}}}};
    if (!domains.empty())
        body["domains"] = domains;
    const auto reply = emu.post("/control/entra/apps", body.dump());
    REQUIRE(reply.status == 201);
}

inline std::string cmdlet_body(const std::string& cmdlet, const json& parameters = json::object())
{
    return json{{"CmdletInput", {{"CmdletName", cmdlet}, {"Parameters", parameters}}}}.dump();
}

inline http_reply exo_post(const emulator_process& emu, const std::string& token, const std::string& path,
                           const std::string& body, std::map<std::string, std::string> headers = {})
{
    if (!token.empty())
        headers["Authorization"] = "Bearer " + token;
    return http_request(emu.url(), "POST", path, body, "application/json", headers);
}

inline http_reply exo(const emulator_process& emu, const std::string& token, const std::string& cmdlet,
                      const json& parameters = json::object(), const std::string& tenant = demo_tenant,
                      const std::map<std::string, std::string>& headers = {})
{
    return exo_post(emu, token, exo_path(tenant), cmdlet_body(cmdlet, parameters), headers);
}

// The nextLink as a path on the emulator; it must be an absolute URL on the emulator's own host.
inline std::string next_path(const emulator_process& emu, const http_reply& reply)
{
    const std::string link = reply.document.at("@odata.nextLink").get<std::string>();
    REQUIRE(link.rfind(emu.url() + "/adminapi/beta/", 0) == 0);
    return link.substr(emu.url().size());
}

// Every object of a Get-* over all its pages, POSTing the same body to each nextLink.
inline json all_pages(const emulator_process& emu, const std::string& token, const std::string& cmdlet,
                      const json& parameters, int page_size, int* pages = nullptr)
{
    const std::map<std::string, std::string> prefer = {{"Prefer", "odata.maxpagesize=" + std::to_string(page_size)}};
    const std::string body = cmdlet_body(cmdlet, parameters);
    json objects = json::array();
    std::string path = exo_path();
    int count = 0;
    for (;;) {
        const auto reply = exo_post(emu, token, path, body, prefer);
        REQUIRE(reply.status == 200);
        ++count;
        REQUIRE(reply.document.at("value").size() <= static_cast<std::size_t>(page_size));
        for (const auto& object : reply.document.at("value"))
            objects.push_back(object);
        if (!reply.document.contains("@odata.nextLink"))
            break;
        REQUIRE(reply.document.at("value").size() == static_cast<std::size_t>(page_size));
        path = next_path(emu, reply);
    }
    if (pages)
        *pages = count;
    return objects;
}

// The request-log entries of InvokeCommand (token requests are logged too).
inline json exo_log(const emulator_process& emu)
{
    json entries = json::array();
    const auto reply = emu.get("/control/requests");
    for (const auto& entry : reply.document.at("requests"))
        if (entry.at("path").get<std::string>().rfind("/adminapi/", 0) == 0)
            entries.push_back(entry);
    return entries;
}

inline json tenant_state(const emulator_process& emu, const std::string& tenant = demo_tenant)
{
    return emu.get("/control/state").document.at("exchangeOnline").at(tenant);
}

inline void generate_mailboxes(const emulator_process& emu, int count, const std::string& tenant = demo_tenant)
{
    const auto reply = emu.post("/control/exchange-online/" + tenant + "/mailboxes/generate",
                                json{{"count", count}}.dump());
    REQUIRE(reply.status == 201);
    REQUIRE(reply.document.at("created") == count);
}

inline void sleep_for_seconds(double seconds)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

} // namespace emutest
