// Issued tokens against the JWKS, the token lifetime setting, app registration through the control
// endpoint, and what the state endpoint and the request log never show.
#include "support/entra.h"
#include "support/pfx_factory.h"

#include <catch2/catch.hpp>


using namespace emutest;

namespace {

http_reply secret_token(const emulator_process& emu)
{
    return emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                                   {"client_id", demo_client},
                                                   {"client_secret", demo_secret},
                                                   {"scope", "https://graph.microsoft.com/.default"}});
}

} // namespace

TEST_CASE("an issued token verifies against the tenant's JWKS", "[entra][jwks]")
{
    auto& emu = fresh_emulator();
    const auto reply = secret_token(emu);
    REQUIRE(reply.status == 200);
    const std::string token = reply.document.at("access_token");
    const auto jwks = emu.get("/" + demo_tenant + "/discovery/v2.0/keys");
    REQUIRE(jwks.status == 200);
    const json& key = jwks.document.at("keys").at(0);
    CHECK(key.at("kty") == "RSA");
    CHECK(key.at("use") == "sig");
    CHECK(jwt_header(token).at("alg") == "RS256");
    CHECK(jwt_header(token).at("kid") == key.at("kid"));
    CHECK(verify_with_jwks(token, jwks.document));

    // One changed byte of the payload no longer verifies: the check above is a real one.
    std::string forged = token;
    forged[forged.find('.') + 5] = forged[forged.find('.') + 5] == 'A' ? 'B' : 'A';
    CHECK_FALSE(verify_with_jwks(forged, jwks.document));

    const json claims = jwt_payload(token);
    CHECK(claims.at("aud") == "https://graph.microsoft.com");
    CHECK(claims.at("roles").size() == 5);  // the demo app's Graph roles (PROTOCOL.md)

    const auto config = emu.get("/" + demo_tenant + "/v2.0/.well-known/openid-configuration");
    REQUIRE(config.status == 200);
    CHECK(config.document.at("token_endpoint") == emu.url() + token_path(demo_tenant));
}

TEST_CASE("the token lifetime setting shortens expires_in and exp", "[entra][settings]")
{
    auto& emu = fresh_emulator();
    const auto settings = emu.post("/control/entra/settings", R"({"accessTokenLifetimeSeconds":5})");
    REQUIRE(settings.status == 200);
    CHECK(settings.document.at("accessTokenLifetimeSeconds") == 5);
    CHECK(emu.post("/control/entra/settings", R"({"accessTokenLifetime":5})").status == 400);
    const auto reply = secret_token(emu);
    REQUIRE(reply.status == 200);
    CHECK(reply.document.at("expires_in") == 5);
    const json claims = jwt_payload(reply.document.at("access_token"));
    CHECK(claims.at("exp").get<long>() - claims.at("iat").get<long>() == 5);
    // Reset brings the default back.
    emu.post("/control/reset", "");
    CHECK(secret_token(emu).document.at("expires_in") == 3599);
}

TEST_CASE("registered apps show in the state without their secrets", "[entra][state][redaction]")
{
    auto& emu = fresh_emulator();
    const std::string secret = "Zq9~a-very-secret-value-123";
    const json body = {{"tenantId", cert_tenant},
                       {"clientId", cert_client},
                       {"secrets", {secret}},
                       {"certificates", json::array({"not a certificate"})},
                       {"roles", {{"https://graph.microsoft.com", {"User.Read.All"}}}}};
    // Text that is no certificate is refused; then the same app with a base64 DER certificate.
    CHECK(emu.post("/control/entra/apps", body.dump()).status == 400);
    json good = body;
    good["certificates"] = json::array({base64(test_identity().certificate_der)});
    const auto registered = emu.post("/control/entra/apps", good.dump());
    REQUIRE(registered.status == 201);
    CHECK(registered.body.find(secret) == std::string::npos);
    CHECK(registered.document.at("secrets") == json::parse(R"([{"hint":"Zq9"}])"));

    const auto state = emu.get("/control/state");
    CHECK(state.body.find(secret) == std::string::npos);
    CHECK(state.body.find(demo_secret) == std::string::npos);
    CHECK(state.body.find("sha256") == std::string::npos);
    const json app = state.document.at("entra").at("tenants").at(cert_tenant).at("apps").at(0);
    CHECK(app.at("secrets") == json::parse(R"([{"hint":"Zq9"}])"));
    CHECK(app.at("certificates").at(0).at("x5t") == test_identity().x5t);

    const auto token = emu.post_form(token_path(cert_tenant), {{"grant_type", "client_credentials"},
                                                               {"client_id", cert_client},
                                                               {"client_secret", secret},
                                                               {"scope", "https://graph.microsoft.com/.default"}});
    REQUIRE(token.status == 200);
    CHECK(jwt_payload(token.document.at("access_token")).at("roles") == json::array({"User.Read.All"}));
}

TEST_CASE("the request log never holds a secret, an assertion, a device code or a token", "[entra][redaction]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    emu.post("/control/counters/reset", "");
    const auto by_secret = secret_token(emu);
    REQUIRE(by_secret.status == 200);
    emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                            {"client_id", demo_client},
                                            {"client_secret", "wrong-but-still-secret"},
                                            {"scope", exchange_scope}});
    const std::string assertion = sign_jwt(test_identity(), {{"alg", "RS256"}, {"x5t", test_identity().x5t}},
                                           assertion_claims(emulator_audience(emu)));
    const auto by_assertion = emu.post_form(token_path(cert_tenant), assertion_form(assertion));
    REQUIRE(by_assertion.status == 200);
    const auto device = emu.post_form("/" + demo_tenant + "/oauth2/v2.0/devicecode",
                                      {{"client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"}, {"scope", exchange_scope}});
    REQUIRE(device.status == 200);
    const std::string device_code = device.document.at("device_code");
    emu.post_form(token_path(demo_tenant), {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                            {"client_id", "fb78d390-0c51-40cd-8e17-fdbfab77341b"},
                                            {"device_code", device_code}});

    const auto log = emu.get("/control/requests");
    REQUIRE(log.status == 200);
    for (const std::string& secret : {demo_secret, std::string("wrong-but-still-secret"), assertion, device_code,
                                      by_secret.document.at("access_token").get<std::string>(),
                                      by_assertion.document.at("access_token").get<std::string>()})
        CHECK(log.body.find(secret) == std::string::npos);
    // Nor pieces of them (a JWT's signature alone is as good as the JWT for a log reader).
    CHECK(log.body.find(assertion.substr(assertion.rfind('.') + 1)) == std::string::npos);
    const json requests = log.document.at("requests");
    REQUIRE(requests.size() == 5);
    CHECK(requests.at(0).at("path") == token_path(demo_tenant));
    CHECK(requests.at(0).at("parameters").at("client_secret") == "********");
    CHECK(requests.at(0).at("parameters").at("client_id") == demo_client);
    CHECK(requests.at(0).at("status") == 200);
    CHECK(requests.at(1).at("parameters").at("client_secret") == "********");
    CHECK(requests.at(1).at("status") == 401);
    CHECK(requests.at(2).at("parameters").at("client_assertion") == "********");
    CHECK(requests.at(4).at("parameters").at("device_code") == "********");
}
