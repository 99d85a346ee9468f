// Entra ID device code flow (wire-apis.md §2.1, RFC 8628): pending, slow_down, approval through
// the control endpoint, expiry and decline.
#include "support/entra.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace emutest;

namespace {

const std::string exchange_public_client = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

json start_device_code(const emulator_process& emu)
{
    const auto reply = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                     {{"client_id", exchange_public_client},
                                      {"scope", "https://outlook.office365.com/.default offline_access"}});
    REQUIRE(reply.status == 200);
    return reply.document;
}

http_reply poll(const emulator_process& emu, const std::string& device_code)
{
    return emu.post_form(token_path(demo_tenant), {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                                   {"client_id", exchange_public_client},
                                                   {"device_code", device_code}});
}

void sleep_seconds(double seconds)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
}

} // namespace

TEST_CASE("device code: pending, slow_down, approved, token with scp and upn", "[entra][devicecode]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.post("/control/entra/settings", R"({"deviceCodeIntervalSeconds":1.5,"slowDownIncrementSeconds":0.5})")
                .status == 200);
    const json started = start_device_code(emu);
    CHECK(started.at("user_code").get<std::string>().size() == 9);
    CHECK(started.at("verification_uri") == emu.url() + "/devicelogin");
    CHECK(started.at("expires_in") == 900);
    CHECK(started.at("interval") == 2);  // 1.5 s, rounded up
    CHECK(started.at("message").get<std::string>().find(started.at("user_code").get<std::string>()) != std::string::npos);
    const std::string device_code = started.at("device_code");

    const auto pending = poll(emu, device_code);
    CHECK(pending.status == 400);
    CHECK(pending.document.at("error") == "authorization_pending");
    CHECK(aadsts_of(pending) == 70016);

    const auto too_fast = poll(emu, device_code);
    CHECK(too_fast.status == 400);
    CHECK(too_fast.document.at("error") == "slow_down");

    REQUIRE(emu.post("/control/entra/devicecode/approve",
                     json{{"user_code", started.at("user_code")}, {"upn", "admin@contoso.onmicrosoft.com"}}.dump())
                .status == 200);
    // The interval grew to 2 s after slow_down.
    sleep_seconds(2.1);
    const auto granted = poll(emu, device_code);
    REQUIRE(granted.status == 200);
    CHECK(granted.document.at("scope") == "https://outlook.office365.com/AdminApi.AccessAsUser.All");
    const json claims = jwt_payload(granted.document.at("access_token"));
    CHECK(claims.at("aud") == "https://outlook.office365.com");
    CHECK(claims.at("scp") == "AdminApi.AccessAsUser.All");
    CHECK(claims.at("upn") == "admin@contoso.onmicrosoft.com");
    CHECK(claims.at("appid") == exchange_public_client);
    CHECK_FALSE(claims.contains("roles"));

    // A device code is redeemed once (checked before the polling pace).
    CHECK(poll(emu, device_code).document.at("error") == "invalid_grant");
    CHECK(poll(emu, "no-such-code").document.at("error") == "bad_verification_code");
}

TEST_CASE("device code: expiry and decline", "[entra][devicecode]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.post("/control/entra/settings", R"({"deviceCodeExpiresInSeconds":0.6,"deviceCodeIntervalSeconds":0})")
                .status == 200);
    const json expiring = start_device_code(emu);
    sleep_seconds(0.8);
    const auto expired = poll(emu, expiring.at("device_code"));
    CHECK(expired.status == 400);
    CHECK(expired.document.at("error") == "expired_token");
    CHECK(aadsts_of(expired) == 70019);
    // An expired code can no longer be approved.
    CHECK(emu.post("/control/entra/devicecode/approve",
                   json{{"user_code", expiring.at("user_code")}, {"upn", "a@contoso.onmicrosoft.com"}}.dump())
              .status == 404);

    REQUIRE(emu.post("/control/entra/settings", R"({"deviceCodeExpiresInSeconds":60})").status == 200);
    const json declined = start_device_code(emu);
    REQUIRE(emu.post("/control/entra/devicecode/decline", json{{"user_code", declined.at("user_code")}}.dump()).status ==
            200);
    const auto refused = poll(emu, declined.at("device_code"));
    CHECK(refused.status == 400);
    CHECK(refused.document.at("error") == "authorization_declined");
    CHECK(emu.post("/control/entra/devicecode/approve",
                   json{{"user_code", declined.at("user_code")}, {"upn", "a@contoso.onmicrosoft.com"}}.dump())
              .status == 409);
}

TEST_CASE("device code: unknown client and undeclared scope", "[entra][devicecode]")
{
    auto& emu = fresh_emulator();
    const auto unknown = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                       {{"client_id", "12345678-1234-1234-1234-123456789012"}, {"scope", exchange_scope}});
    CHECK(unknown.status == 400);
    CHECK(aadsts_of(unknown) == 700016);
    const auto scope = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                     {{"client_id", exchange_public_client},
                                      {"scope", "https://outlook.office365.com/Exchange.Manage"}});
    CHECK(scope.status == 400);
    CHECK(aadsts_of(scope) == 70011);
}

TEST_CASE("refresh token: issued for offline_access, redeemed, rotated, revoked, lapsed", "[entra][devicecode]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.post("/control/entra/settings", R"({"deviceCodeIntervalSeconds":0.1})").status == 200);
    const json started = start_device_code(emu);
    REQUIRE(emu.post("/control/entra/devicecode/approve",
                     json{{"user_code", started.at("user_code")}, {"upn", "admin@contoso.onmicrosoft.com"}}.dump())
                .status == 200);
    const auto granted = poll(emu, started.at("device_code"));
    REQUIRE(granted.status == 200);
    const std::string first = granted.document.at("refresh_token");

    const auto redeem = [&](const std::string& token) {
        return emu.post_form(token_path(demo_tenant), {{"grant_type", "refresh_token"},
                                                       {"client_id", exchange_public_client},
                                                       {"refresh_token", token},
                                                       {"scope", "https://outlook.office365.com/.default offline_access"}});
    };
    const auto renewed = redeem(first);
    REQUIRE(renewed.status == 200);
    const json claims = jwt_payload(renewed.document.at("access_token"));
    CHECK(claims.at("upn") == "admin@contoso.onmicrosoft.com");
    CHECK(claims.at("scp") == "AdminApi.AccessAsUser.All");
    const std::string second = renewed.document.at("refresh_token");
    CHECK(second != first);
    CHECK(redeem(first).status == 200);  // the old one stays valid until it lapses

    // Without offline_access in the device-code request, no refresh token.
    const auto plain = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                     {{"client_id", exchange_public_client},
                                      {"scope", "https://outlook.office365.com/.default"}});
    REQUIRE(plain.status == 200);
    REQUIRE(emu.post("/control/entra/devicecode/approve",
                     json{{"user_code", plain.document.at("user_code")}, {"upn", "other@contoso.onmicrosoft.com"}}.dump())
                .status == 200);
    const auto plain_grant = poll(emu, plain.document.at("device_code"));
    REQUIRE(plain_grant.status == 200);
    CHECK_FALSE(plain_grant.document.contains("refresh_token"));

    const auto unknown = redeem("0.Anot-a-token");
    CHECK(unknown.status == 400);
    CHECK(unknown.document.at("error") == "invalid_grant");
    CHECK(aadsts_of(unknown) == 70000);
    // Another app cannot redeem it.
    const auto stranger = emu.post_form(token_path(demo_tenant), {{"grant_type", "refresh_token"},
                                                                  {"client_id", "97e0a5b7-d745-40b6-94fe-5f77d35c6e05"},
                                                                  {"refresh_token", second},
                                                                  {"scope", "https://outlook.office365.com/.default"}});
    CHECK(stranger.status == 400);

    const auto revoked = emu.post("/control/entra/revoke-sign-in", R"({"upn":"admin@contoso.onmicrosoft.com"})");
    REQUIRE(revoked.status == 200);
    CHECK(revoked.document.at("revokedRefreshTokens").get<int>() >= 2);
    const auto after_revoke = redeem(second);
    CHECK(after_revoke.status == 400);
    CHECK(aadsts_of(after_revoke) == 50173);

    // Lapsed: a new sign-in with a short lifetime, then wait it out.
    REQUIRE(emu.post("/control/entra/settings", R"({"refreshTokenLifetimeSeconds":0.3})").status == 200);
    const json again = start_device_code(emu);
    REQUIRE(emu.post("/control/entra/devicecode/approve",
                     json{{"user_code", again.at("user_code")}, {"upn", "admin@contoso.onmicrosoft.com"}}.dump())
                .status == 200);
    const auto short_grant = poll(emu, again.at("device_code"));
    REQUIRE(short_grant.status == 200);
    sleep_seconds(0.5);
    const auto lapsed = redeem(short_grant.document.at("refresh_token"));
    CHECK(lapsed.status == 400);
    CHECK(aadsts_of(lapsed) == 700082);

    // The request log shows the grant, never the token.
    const auto log = emu.get("/control/requests");
    CHECK(log.body.find(second) == std::string::npos);
    CHECK(log.body.find(first) == std::string::npos);
}
