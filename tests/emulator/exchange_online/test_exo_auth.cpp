// Exchange Online authentication and routing (wire-apis.md §1.2, §1.7, §1.10 items 1–2): bearer
// tokens from the emulator's Entra ID, the 403 with a NUL body and x-ms-diagnostics, tenants in
// the path.
#include "exchange_online/exo.h"

#include <algorithm>

using namespace emutest;

namespace {

const std::string exchange_public_client = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

void check_unauthorized(const http_reply& reply)
{
    CHECK(reply.status == 401);
    REQUIRE(reply.headers.count("www-authenticate") == 1);
    CHECK(reply.headers.at("www-authenticate").rfind("Bearer realm=\"\"", 0) == 0);
    CHECK(reply.headers.at("www-authenticate").find("error=\"invalid_token\"") != std::string::npos);
}

void check_nul_forbidden(const http_reply& reply, const std::string& diagnostics_mentions)
{
    CHECK(reply.status == 403);
    CHECK(reply.body.size() == 32);
    CHECK(std::all_of(reply.body.begin(), reply.body.end(), [](char c) { return c == '\0'; }));
    REQUIRE(reply.headers.count("x-ms-diagnostics") == 1);
    const std::string diagnostics = reply.headers.at("x-ms-diagnostics");
    CHECK(diagnostics.rfind("2000008;reason=\"", 0) == 0);
    CHECK(diagnostics.find("error_category=\"invalid_grant\"") != std::string::npos);
    CHECK(diagnostics.find(diagnostics_mentions) != std::string::npos);
}

} // namespace

TEST_CASE("exo auth: a call without a usable token is 401 with WWW-Authenticate", "[exo][auth]")
{
    auto& emu = fresh_emulator();
    check_unauthorized(exo(emu, "", "Get-OrganizationConfig"));
    check_unauthorized(exo(emu, "not.a.jwt", "Get-OrganizationConfig"));

    // A Graph token is a good token for the wrong audience.
    const std::string graph = secret_token(emu, demo_tenant, demo_client, demo_secret, "https://graph.microsoft.com/.default");
    const auto wrong_audience = exo(emu, graph, "Get-OrganizationConfig");
    check_unauthorized(wrong_audience);
    CHECK(wrong_audience.headers.at("www-authenticate").find("audience") != std::string::npos);

    // Nothing was run, so nothing was counted.
    CHECK(emu.get("/control/counters").document.at("reads") == 0);
    const json log = exo_log(emu);
    REQUIRE(log.size() == 3);
    CHECK(log.at(0).at("status") == 401);
    CHECK(log.at(0).at("cmdlet").is_null());
    CHECK(log.at(0).at("tenant") == demo_tenant);
}

TEST_CASE("exo auth: an expired token is 401", "[exo][auth]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.post("/control/entra/settings", R"({"accessTokenLifetimeSeconds":1})").status == 200);
    const std::string token = demo_token(emu);
    CHECK(exo(emu, token, "Get-OrganizationConfig").status == 200);
    sleep_for_seconds(2.2);
    const auto reply = exo(emu, token, "Get-OrganizationConfig");
    check_unauthorized(reply);
    CHECK(reply.headers.at("www-authenticate").find("expired") != std::string::npos);
}

TEST_CASE("exo auth: a token without Exchange.ManageAsApp is 403 with a NUL body and x-ms-diagnostics", "[exo][auth]")
{
    auto& emu = fresh_emulator();
    register_secret_app(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000005", "no-role-app-secret", json::array());
    const std::string token = secret_token(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000005", "no-role-app-secret");
    check_nul_forbidden(exo(emu, token, "Get-Mailbox"), "Exchange.ManageAsApp");

    // Another role on the right resource is not enough either.
    register_secret_app(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000006", "other-role-app-secret",
                        json::array({"Exchange.ManageAsAppV2"}));
    const std::string other = secret_token(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000006", "other-role-app-secret");
    check_nul_forbidden(exo(emu, other, "Get-Mailbox"), "AdminApi.AccessAsUser.All");
    CHECK(emu.get("/control/counters").document.at("reads") == 0);
}

TEST_CASE("exo auth: an unknown cmdlet is 403 with a NUL body, and is counted", "[exo][auth]")
{
    auto& emu = fresh_emulator();
    const auto reply = exo(emu, demo_token(emu), "Get-ExchangeServer", {{"Identity", "EX01"}});
    check_nul_forbidden(reply, "'Get-ExchangeServer'");
    const json log = exo_log(emu);
    REQUIRE(log.size() == 1);
    CHECK(log.at(0).at("cmdlet") == "Get-ExchangeServer");
    CHECK(log.at(0).at("status") == 403);
    CHECK(log.at(0).at("parameters") == json{{"Identity", "EX01"}});
    CHECK(emu.get("/control/counters").document.at("byCmdlet").at("Get-ExchangeServer") == 1);
}

TEST_CASE("exo auth: a delegated token with AdminApi.AccessAsUser.All is accepted", "[exo][auth]")
{
    auto& emu = fresh_emulator();
    const auto started = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                       {{"client_id", exchange_public_client}, {"scope", exchange_scope}});
    REQUIRE(started.status == 200);
    REQUIRE(emu.post("/control/entra/devicecode/approve",
                     json{{"user_code", started.document.at("user_code")}, {"upn", "admin@contoso.onmicrosoft.com"}}.dump())
                .status == 200);
    const auto token = emu.post_form(token_path(demo_tenant),
                                     {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                      {"client_id", exchange_public_client},
                                      {"device_code", started.document.at("device_code").get<std::string>()}});
    REQUIRE(token.status == 200);
    const auto reply = exo(emu, token.document.at("access_token").get<std::string>(), "Get-OrganizationConfig");
    CHECK(reply.status == 200);
    CHECK(reply.document.at("value").at(0).at("Name") == "contoso.onmicrosoft.com");
}

TEST_CASE("exo auth: a token of one tenant cannot touch another tenant", "[exo][auth][tenants]")
{
    auto& emu = fresh_emulator();
    register_secret_app(emu, second_tenant, second_client, second_secret, json::array({exchange_role}),
                        json::array({"fabrikam.onmicrosoft.com"}));
    const std::string token_a = demo_token(emu);
    const std::string token_b = secret_token(emu, second_tenant, second_client, second_secret);

    for (const auto& [token, tenant] : {std::pair{token_a, second_tenant}, std::pair{token_b, demo_tenant},
                                        std::pair{token_a, std::string("fabrikam.onmicrosoft.com")}}) {
        INFO(tenant);
        const auto reply = exo(emu, token, "New-TransportRule", {{"Name", "Intruder"}, {"DeleteMessage", true}}, tenant);
        check_unauthorized(reply);
        CHECK(reply.headers.at("x-ms-diagnostics").rfind("2000004;", 0) == 0);
    }
    // Each token works in its own tenant, and what one tenant makes the other does not see.
    CHECK(exo(emu, token_b, "New-TransportRule", {{"Name", "Fabrikam rule"}, {"DeleteMessage", true}}, second_tenant)
              .status == 200);
    const auto a_rules = exo(emu, token_a, "Get-TransportRule");
    REQUIRE(a_rules.status == 200);
    CHECK(a_rules.document.at("value") == json::array());
    const auto b_rules = exo(emu, token_b, "Get-TransportRule", json::object(), second_tenant);
    REQUIRE(b_rules.status == 200);
    REQUIRE(b_rules.document.at("value").size() == 1);
    CHECK(b_rules.document.at("value").at(0).at("Name") == "Fabrikam rule");
    // The second tenant's organization was made for it on first use, named after its initial domain.
    const auto org = exo(emu, token_b, "Get-OrganizationConfig", json::object(), second_tenant);
    CHECK(org.document.at("value").at(0).at("Name") == "fabrikam.onmicrosoft.com");
    CHECK(org.document.at("value").at(0).at("IsDehydrated") == true);
    CHECK(exo(emu, token_b, "Get-TransportRule", json::object(), "BBBBBBBB-0000-4000-8000-000000000002").status == 200);
    CHECK(tenant_state(emu, second_tenant).at("transportRules").size() == 1);
    CHECK(tenant_state(emu).at("transportRules").size() == 0);
    CHECK(tenant_state(emu, second_tenant).at("mailboxes") == json::array());
}

TEST_CASE("exo routing: tenant by id (any case) or domain; unknown tenant 404; GET 405", "[exo][routing]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    for (const std::string& tenant : {demo_tenant, std::string("contoso.onmicrosoft.com"),
                                     std::string("CONTOSO.OnMicrosoft.com")}) {
        INFO(tenant);
        CHECK(exo(emu, token, "Get-AcceptedDomain", json::object(), tenant).status == 200);
    }
    CHECK(exo(emu, token, "Get-AcceptedDomain", json::object(), "11111111-2222-3333-4444-55555555555A").status == 404);

    const auto unknown = exo(emu, token, "Get-AcceptedDomain", json::object(), "nowhere.onmicrosoft.com");
    CHECK(unknown.status == 404);
    CHECK(unknown.document.at("error").at("code") == "NotFound");
    CHECK(unknown.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
    CHECK(unknown.error_text() == "The tenant 'nowhere.onmicrosoft.com' couldn't be found.");
    CHECK(unknown.headers.at("x-exceptiontype") == "ManagementObjectNotFoundException");

    const auto get = http_request(emu.url(), "GET", exo_path(), "", "application/json",
                                  {{"Authorization", "Bearer " + token}});
    CHECK(get.status == 405);
    CHECK(get.headers.at("allow") == "POST");
}
