// Entra ID token endpoint, client credentials: with a secret and with a certificate assertion
// (wire-apis.md §2.1), and the AADSTS errors of PROTOCOL.md "Entra ID personality".
#include "support/entra.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

void check_error_shape(const http_reply& reply, int status, const std::string& error, int code)
{
    CHECK(reply.status == status);
    REQUIRE(reply.document.is_object());
    CHECK(reply.document.at("error") == error);
    CHECK(aadsts_of(reply) == code);
    const std::string description = reply.document.at("error_description");
    CHECK(description.rfind("AADSTS" + std::to_string(code) + ": ", 0) == 0);
    CHECK(reply.document.at("trace_id").get<std::string>().size() == 36);
    CHECK(reply.document.at("correlation_id").get<std::string>().size() == 36);
    CHECK(reply.document.contains("timestamp"));
}

http_reply with_assertion(const emulator_process& emu, const std::string& assertion, const std::string& tenant = cert_tenant)
{
    return emu.post_form(token_path(tenant), assertion_form(assertion));
}

json rs256_x5t() { return {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t", test_identity().x5t}}; }

} // namespace

TEST_CASE("client credentials with the demo app's secret give an Exchange Online token", "[entra][secret]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                                               {"client_id", demo_client},
                                                               {"client_secret", demo_secret},
                                                               {"scope", exchange_scope}});
    REQUIRE(reply.status == 200);
    CHECK(reply.document.at("token_type") == "Bearer");
    CHECK(reply.document.at("expires_in") == 3599);
    const json claims = jwt_payload(reply.document.at("access_token"));
    CHECK(claims.at("aud") == "https://outlook.office365.com");
    CHECK(claims.at("iss") == "https://sts.windows.net/" + demo_tenant + "/");
    CHECK(claims.at("tid") == demo_tenant);
    CHECK(claims.at("appid") == demo_client);
    CHECK(claims.at("roles") == json::array({"Exchange.ManageAsApp"}));
    CHECK(claims.at("exp").get<long>() - claims.at("iat").get<long>() == 3599);

    // The tenant may also be named by one of its domains; Graph by its app id.
    const auto by_domain = emu.post_form(token_path("contoso.onmicrosoft.com"),
                                         {{"grant_type", "client_credentials"}, {"client_id", demo_client},
                                          {"client_secret", demo_secret},
                                          {"scope", "00000003-0000-0000-c000-000000000000/.default"}});
    REQUIRE(by_domain.status == 200);
    CHECK(jwt_payload(by_domain.document.at("access_token")).at("aud") == "https://graph.microsoft.com");
}

TEST_CASE("a wrong secret is invalid_client AADSTS7000215 with status 401", "[entra][secret]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                                               {"client_id", demo_client},
                                                               {"client_secret", "wrong-secret"},
                                                               {"scope", exchange_scope}});
    check_error_shape(reply, 401, "invalid_client", 7000215);
    CHECK(reply.body.find("access_token") == std::string::npos);
}

TEST_CASE("unknown tenant, unknown client, bad scope and missing parameters", "[entra][errors]")
{
    auto& emu = fresh_emulator();
    const std::map<std::string, std::string> good = {{"grant_type", "client_credentials"},
                                                     {"client_id", demo_client},
                                                     {"client_secret", demo_secret},
                                                     {"scope", exchange_scope}};
    check_error_shape(emu.post_form(token_path("99999999-9999-9999-9999-999999999999"), good), 400, "invalid_request",
                      90002);
    auto unknown_client = good;
    unknown_client["client_id"] = "12345678-1234-1234-1234-123456789012";
    check_error_shape(emu.post_form(token_path(demo_tenant), unknown_client), 400, "unauthorized_client", 700016);
    auto bad_scope = good;
    bad_scope["scope"] = "https://nowhere.example.com/.default";
    check_error_shape(emu.post_form(token_path(demo_tenant), bad_scope), 400, "invalid_scope", 70011);
    bad_scope["scope"] = "https://outlook.office365.com/.default https://graph.microsoft.com/.default";
    check_error_shape(emu.post_form(token_path(demo_tenant), bad_scope), 400, "invalid_scope", 70011);
    bad_scope["scope"] = "https://graph.microsoft.com/User.Read";
    check_error_shape(emu.post_form(token_path(demo_tenant), bad_scope), 400, "invalid_scope", 1002012);
    auto no_scope = good;
    no_scope.erase("scope");
    check_error_shape(emu.post_form(token_path(demo_tenant), no_scope), 400, "invalid_request", 900144);
    auto no_credential = good;
    no_credential.erase("client_secret");
    check_error_shape(emu.post_form(token_path(demo_tenant), no_credential), 401, "invalid_client", 7000218);
    auto bad_grant = good;
    bad_grant["grant_type"] = "password";
    check_error_shape(emu.post_form(token_path(demo_tenant), bad_grant), 400, "unsupported_grant_type", 70003);
}

TEST_CASE("a certificate assertion named by x5t or by x5t#S256 gives a token", "[entra][assertion]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    const auto& identity = test_identity();

    const auto by_sha1 = with_assertion(emu, sign_jwt(identity, rs256_x5t(), assertion_claims(emulator_audience(emu))));
    REQUIRE(by_sha1.status == 200);
    const json claims = jwt_payload(by_sha1.document.at("access_token"));
    CHECK(claims.at("tid") == cert_tenant);
    CHECK(claims.at("appid") == cert_client);
    CHECK(claims.at("roles") == json::array({"Exchange.ManageAsApp"}));

    const json sha256_header = {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t#S256", identity.x5t_s256}};
    CHECK(with_assertion(emu, sign_jwt(identity, sha256_header, assertion_claims(emulator_audience(emu)))).status == 200);

    // The current certificate-credentials doc's form: PS256 with x5t#S256.
    const json ps256_header = {{"alg", "PS256"}, {"typ", "JWT"}, {"x5t#S256", identity.x5t_s256}};
    CHECK(with_assertion(emu, sign_jwt(identity, ps256_header, assertion_claims(emulator_audience(emu)))).status == 200);
    // x5t and x5t#S256 together must name the same certificate.
    const json mixed_header = {{"alg", "RS256"}, {"x5t", identity.x5t}, {"x5t#S256", identity.x5t}};
    CHECK(with_assertion(emu, sign_jwt(identity, mixed_header, assertion_claims(emulator_audience(emu)))).status == 401);

    // Entra's own token URL is the documented aud and is accepted too, with the tenant id or domain.
    CHECK(with_assertion(emu, sign_jwt(identity, rs256_x5t(),
                                       assertion_claims("https://login.microsoftonline.com/" + cert_tenant +
                                                        "/oauth2/v2.0/token")))
              .status == 200);
    CHECK(with_assertion(emu,
                         sign_jwt(identity, rs256_x5t(),
                                  assertion_claims(emu.url() + token_path("fabrikam.onmicrosoft.com"))),
                         "fabrikam.onmicrosoft.com")
              .status == 200);

    // The state shows the certificate by its thumbprints, never a secret.
    const json app = emu.get("/control/state").document.at("entra").at("tenants").at(cert_tenant).at("apps").at(0);
    CHECK(app.at("certificates").at(0).at("x5t") == identity.x5t);
    CHECK(app.at("certificates").at(0).at("x5tS256") == identity.x5t_s256);
}

TEST_CASE("a tampered assertion is refused with AADSTS700027", "[entra][assertion]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    const std::string good = sign_jwt(test_identity(), rs256_x5t(), assertion_claims(emulator_audience(emu)));
    // Same signature, other payload: the client claims to be someone else's audience/jti.
    const auto first_dot = good.find('.');
    const auto last_dot = good.rfind('.');
    json claims = assertion_claims(emulator_audience(emu));
    claims["exp"] = claims["exp"].get<long>() + 3600;
    const std::string tampered = good.substr(0, first_dot + 1) + base64url(claims.dump()) + good.substr(last_dot);
    check_error_shape(with_assertion(emu, tampered), 401, "invalid_client", 700027);

    // Signed by another key that claims the registered certificate's thumbprint.
    const auto stranger = make_rsa_identity("stranger");
    check_error_shape(with_assertion(emu, sign_jwt(stranger, rs256_x5t(), assertion_claims(emulator_audience(emu)))), 401,
                      "invalid_client", 700027);
    // Its own thumbprint is not registered on the app.
    const json stranger_header = {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t", stranger.x5t}};
    const auto unknown = with_assertion(emu, sign_jwt(stranger, stranger_header, assertion_claims(emulator_audience(emu))));
    check_error_shape(unknown, 401, "invalid_client", 700027);
    CHECK(unknown.document.at("error_description").get<std::string>().find("not registered") != std::string::npos);
    check_error_shape(with_assertion(emu, "not.a.jwt"), 401, "invalid_client", 700027);
}

TEST_CASE("an expired or not yet valid assertion is refused with AADSTS700024", "[entra][assertion]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    // Beyond the 5-minute clock skew on either side.
    check_error_shape(
        with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), assertion_claims(emulator_audience(emu), -1200, -600))),
        401, "invalid_client", 700024);
    check_error_shape(
        with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), assertion_claims(emulator_audience(emu), 900, 1500))),
        401, "invalid_client", 700024);
    // Within the skew it passes.
    CHECK(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), assertion_claims(emulator_audience(emu), -400, -60)))
              .status == 200);
}

TEST_CASE("a replayed jti is refused with AADSTS50013", "[entra][assertion]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    const std::string assertion = sign_jwt(test_identity(), rs256_x5t(), assertion_claims(emulator_audience(emu)));
    REQUIRE(with_assertion(emu, assertion).status == 200);
    const auto replay = with_assertion(emu, assertion);
    check_error_shape(replay, 401, "invalid_client", 50013);
    CHECK(replay.document.at("error_description").get<std::string>().find("already been used") != std::string::npos);
}

TEST_CASE("a wrong aud, iss or sub is refused", "[entra][assertion]")
{
    auto& emu = fresh_emulator();
    register_certificate_app(emu);
    check_error_shape(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(),
                                                   assertion_claims("https://login.microsoftonline.com/" + demo_tenant +
                                                                    "/oauth2/v2.0/token"))),
                      401, "invalid_client", 700023);
    check_error_shape(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(),
                                                   assertion_claims(emu.url() + "/" + cert_tenant + "/oauth2/token"))),
                      401, "invalid_client", 700023);
    json claims = assertion_claims(emulator_audience(emu));
    claims["iss"] = demo_client;
    check_error_shape(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), claims)), 401, "invalid_client", 700021);
    claims = assertion_claims(emulator_audience(emu));
    claims["sub"] = "someone-else";
    check_error_shape(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), claims)), 401, "invalid_client", 50048);
    claims = assertion_claims(emulator_audience(emu));
    claims.erase("jti");
    check_error_shape(with_assertion(emu, sign_jwt(test_identity(), rs256_x5t(), claims)), 401, "invalid_client", 50013);
}
