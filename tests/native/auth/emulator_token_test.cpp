// End to end: token_client over the real cpprest client against the emulator's Entra ID
// (emulator/PROTOCOL.md "Entra ID personality").
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include "../http/emulator_process.h"
#include "../support/pfx_factory.h"
#include "auth/base64url.h"
#include "auth/token_client.h"
#include "core/error.h"
#include "http/cpprest_client.h"
#include "rsa_pfx.h"

using namespace mailint;
using namespace mailint::auth;
using nlohmann::json;

namespace {

const std::string tenant = "11111111-2222-3333-4444-555555555555";  // the built-in seed's tenant
const std::string client_id = "0b9c1f57-8a5e-4b43-9b0c-2f6c1c7e1a01";
const std::string secret_text = "e2e-secret-for-the-emulator";

std::span<const unsigned char> bytes_of(std::string_view s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

std::string base64(const std::vector<unsigned char> &der) {
    std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), der.data(), static_cast<int>(der.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

http::response post_json(http::client &c, const std::string &url, const json &body) {
    http::request r;
    r.method = "POST";
    r.url = url;
    r.headers.set("Content-Type", "application/json");
    r.body = body.dump();
    return c.send(r);
}

json claims_of(std::string_view jwt) {
    auto a = jwt.find('.');
    auto b = jwt.find('.', a + 1);
    auto raw = base64url_decode(jwt.substr(a + 1, b - a - 1));
    REQUIRE(raw);
    return json::parse(raw->begin(), raw->end());
}

}  // namespace

TEST_CASE("emulator: tokens with a secret, a certificate assertion and the device code", "[auth][emulator]") {
    test::emulator_process emu;
    http::cpprest_client http;
    auto made = test::make_rsa_pfx("pw", true);  // an RC2-40 export
    auto key = validate::load_pfx_key(made.bytes, bytes_of("pw")).key;
    REQUIRE(key);

    auto reg = post_json(http, emu.url() + "/control/entra/apps",
                         {{"tenantId", tenant},
                          {"clientId", client_id},
                          {"displayName", "native e2e"},
                          {"secrets", {secret_text}},
                          {"certificates", {base64(made.certificate_der)}},
                          {"roles", {{"https://graph.microsoft.com", {"Domain.ReadWrite.All"}}}}});
    REQUIRE(reg.status == 201);

    secret_store secrets;
    secrets.set("ClientSecret", bytes_of(secret_text));
    secrets.set("WrongSecret", bytes_of("not-the-secret"));
    token_client tokens(http, secrets, http::custom_environment(emu.url()));
    const app_identity app{tenant, client_id};

    auto with_secret = tokens.acquire(app, client_secret_credential{"ClientSecret"}, "https://graph.microsoft.com");
    auto claims = claims_of(with_secret.value.view());
    CHECK(claims["aud"] == "https://graph.microsoft.com");
    CHECK(claims["tid"] == tenant);
    CHECK(claims["roles"] == json::array({"Domain.ReadWrite.All"}));
    CHECK(with_secret.expires_at > std::chrono::system_clock::now() + std::chrono::minutes(50));

    for (auto alg : {assertion_algorithm::rs256, assertion_algorithm::ps256}) {
        certificate_credential cert{key, alg,
                                    alg == assertion_algorithm::rs256 ? thumbprint_headers::x5t : thumbprint_headers::x5t_s256};
        auto with_cert = tokens.acquire(app, cert, "https://graph.microsoft.com");
        CHECK(claims_of(with_cert.value.view())["appid"] == client_id);
    }

    try {
        tokens.acquire(app, client_secret_credential{"WrongSecret"}, "https://graph.microsoft.com");
        FAIL("accepted a wrong secret");
    } catch (const error &e) {
        CHECK(e.id() == "auth.invalid_secret");
        CHECK(e.detail()["aadsts"] == "AADSTS7000215");
    }
    try {
        tokens.acquire({"99999999-0000-0000-0000-000000000000", client_id}, client_secret_credential{"ClientSecret"},
                       "https://graph.microsoft.com");
        FAIL("accepted an unknown tenant");
    } catch (const error &e) {
        CHECK(e.id() == "auth.tenant_not_found");
    }

    // A certificate the app does not know: refused as an invalid assertion.
    auto stranger = test::make_rsa_pfx("pw");
    auto stranger_key = validate::load_pfx_key(stranger.bytes, bytes_of("pw")).key;
    REQUIRE(stranger_key);
    try {
        tokens.acquire(app, certificate_credential{stranger_key}, "https://graph.microsoft.com");
        FAIL("accepted an unregistered certificate");
    } catch (const error &e) {
        CHECK(e.id() == "auth.invalid_assertion");
    }

    // Device code: the prompt's user code is approved through the control endpoint.
    REQUIRE(post_json(http, emu.url() + "/control/entra/settings", {{"deviceCodeIntervalSeconds", 0.2}}).status == 200);
    std::string shown_code;
    device_code_credential device{[&](const device_code_prompt &p) {
                                      shown_code = p.user_code;
                                      auto ok = post_json(http, emu.url() + "/control/entra/devicecode/approve",
                                                          {{"user_code", p.user_code}, {"upn", "admin@contoso.onmicrosoft.com"}});
                                      CHECK(ok.status == 200);
                                  },
                                  {}};
    auto user = tokens.acquire({tenant, "fb78d390-0c51-40cd-8e17-fdbfab77341b"}, device, "https://outlook.office365.com");
    CHECK_FALSE(shown_code.empty());
    auto user_claims = claims_of(user.value.view());
    CHECK(user_claims["aud"] == "https://outlook.office365.com");
    CHECK(user_claims["upn"] == "admin@contoso.onmicrosoft.com");

    // One sign-in per connection: a public app with delegated permissions on both services gets
    // its Graph token, and later renewals, from the refresh token the first sign-in earned.
    const std::string public_app = "5a1f0e2c-7d3b-4c8e-9f6a-0b1c2d3e4f50";
    REQUIRE(post_json(http, emu.url() + "/control/entra/apps",
                      {{"tenantId", tenant},
                       {"clientId", public_app},
                       {"displayName", "public e2e"},
                       {"scopes",
                        {{"https://outlook.office365.com", {"AdminApi.AccessAsUser.All"}},
                         {"https://graph.microsoft.com", {"Domain.ReadWrite.All", "User.ReadWrite.All"}}}}})
                .status == 201);
    int prompts = 0;
    device_code_credential once{[&](const device_code_prompt &p) {
                                    ++prompts;
                                    CHECK(post_json(http, emu.url() + "/control/entra/devicecode/approve",
                                                    {{"user_code", p.user_code}, {"upn", "admin@contoso.onmicrosoft.com"}})
                                              .status == 200);
                                },
                                {}};
    auto exo = tokens.acquire({tenant, public_app}, once, "https://outlook.office365.com");
    CHECK(claims_of(exo.value.view())["aud"] == "https://outlook.office365.com");
    auto graph = tokens.acquire({tenant, public_app}, once, "https://graph.microsoft.com");
    auto graph_claims = claims_of(graph.value.view());
    CHECK(graph_claims["aud"] == "https://graph.microsoft.com");
    CHECK(graph_claims["upn"] == "admin@contoso.onmicrosoft.com");
    CHECK(graph_claims["scp"].get<std::string>().find("User.ReadWrite.All") != std::string::npos);
    auto renewed = tokens.acquire({tenant, public_app}, once, "https://outlook.office365.com");
    CHECK(claims_of(renewed.value.view())["upn"] == "admin@contoso.onmicrosoft.com");
    CHECK(prompts == 1);
    // Sign-in sessions revoked (Revoke-MgUserSignInSession): the next token needs a new sign-in.
    auto revoked = post_json(http, emu.url() + "/control/entra/revoke-sign-in", {{"upn", "admin@contoso.onmicrosoft.com"}});
    REQUIRE(revoked.status == 200);
    CHECK(json::parse(revoked.body)["revokedRefreshTokens"].get<int>() >= 1);
    tokens.acquire({tenant, public_app}, once, "https://graph.microsoft.com");
    CHECK(prompts == 2);

    // The request log never holds the secret, the assertion or a refresh token.
    http::request log;
    log.url = emu.url() + "/control/requests";
    auto requests = http.send(log);
    REQUIRE(requests.status == 200);
    CHECK(requests.body.find(secret_text) == std::string::npos);
    CHECK(requests.body.find("client_assertion\":\"eyJ") == std::string::npos);
    CHECK(requests.body.find("\"refresh_token\":\"0.A") == std::string::npos);
}
