#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include "../support/pfx_factory.h"
#include "auth/base64url.h"
#include "auth/token_client.h"
#include "fake_http.h"
#include "rsa_pfx.h"

using namespace mailint;
using namespace mailint::auth;
using namespace std::chrono;
using mailint::test::fake_clock;
using mailint::test::fake_http;
using nlohmann::json;

namespace {

std::span<const unsigned char> bytes_of(std::string_view s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

const std::string the_secret = "s3cr3t~Value.With+Chars";
const app_identity app{"contoso.onmicrosoft.com", "97e0a5b7-d745-40b6-94fe-5f77d35c6e05"};
const std::string token_url = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";

struct fixture {
    fake_http http;
    fake_clock time;
    secret_store secrets;
    token_client client{http, secrets, http::environment_for(http::cloud::global), time};
    fixture() { secrets.set("ClientSecret", bytes_of(the_secret)); }
};

json entra_error(std::string error, long long code, std::string text) {
    return {{"error", error},
            {"error_description", "AADSTS" + std::to_string(code) + ": " + text + "\r\nTrace ID: abc\r\nCorrelation ID: def"},
            {"error_codes", {code}},
            {"timestamp", "2026-11-23 10:00:00Z"},
            {"trace_id", "abc"},
            {"correlation_id", "def"}};
}

error caught(const std::function<void()> &f) {
    try {
        f();
    } catch (const error &e) {
        return e;
    }
    FAIL("no error thrown");
    return error(errc::internal, "", "");
}

}  // namespace

TEST_CASE("client secret: the documented request, the token and its expiry", "[auth][token]") {
    fixture f;
    f.http.answer(200, {{"token_type", "Bearer"}, {"expires_in", 3599}, {"access_token", "eyJ0.access.token"}});
    auto t = f.client.acquire(app, client_secret_credential{"ClientSecret"}, "https://graph.microsoft.com");
    CHECK(t.value.view() == "eyJ0.access.token");
    CHECK(t.token_type == "Bearer");
    CHECK(t.expires_at == f.time.current + seconds(3599));
    REQUIRE(f.http.requests.size() == 1);
    const auto &r = f.http.requests[0];
    CHECK(r.method == "POST");
    CHECK(r.url == token_url);
    CHECK(r.content_type == "application/x-www-form-urlencoded");
    auto form = test::form_fields(r.body);
    CHECK(form["grant_type"] == "client_credentials");
    CHECK(form["client_id"] == app.client_id);
    CHECK(form["scope"] == "https://graph.microsoft.com/.default");
    CHECK(form["client_secret"] == the_secret);
}

TEST_CASE("expires_in as a string is understood", "[auth][token]") {
    fixture f;
    f.http.answer(200, {{"token_type", "Bearer"}, {"expires_in", "120"}, {"access_token", "t"}});
    auto t = f.client.acquire(app, client_secret_credential{"ClientSecret"}, "https://outlook.office365.com");
    CHECK(t.expires_at == f.time.current + seconds(120));
}

TEST_CASE("Entra's error answers become stable ids, never showing the secret", "[auth][token]") {
    struct shape {
        int status;
        json body;
        std::string id;
        errc code;
    };
    auto s = GENERATE(
        shape{401, entra_error("invalid_client", 7000215, "Invalid client secret provided."), "auth.invalid_secret",
              errc::unauthenticated},
        shape{401, entra_error("invalid_client", 7000222, "The provided client secret keys are expired."),
              "auth.invalid_secret", errc::unauthenticated},
        shape{400, entra_error("unauthorized_client", 700016, "Application with identifier 'x' was not found."),
              "auth.invalid_client", errc::unauthenticated},
        shape{401, entra_error("invalid_client", 700027, "Client assertion failed signature validation."),
              "auth.invalid_assertion", errc::unauthenticated},
        shape{401, entra_error("invalid_client", 700024, "Client assertion is not within its valid time range."),
              "auth.invalid_assertion", errc::unauthenticated},
        shape{400, entra_error("invalid_request", 90002, "Tenant 'nope' not found."), "auth.tenant_not_found",
              errc::not_found},
        shape{400, entra_error("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid."),
              "auth.invalid_scope", errc::invalid_argument},
        shape{400, entra_error("invalid_client", 999999, "Something new."), "auth.invalid_client", errc::unauthenticated},
        shape{400, entra_error("unauthorized_client", 999998, "Not allowed."), "auth.unauthorized_client",
              errc::permission_denied},
        shape{400, json{{"error", "invalid_grant"}}, "auth.invalid_grant", errc::unauthenticated},
        shape{403, json("<html>proxy says no</html>"), "auth.token_request_failed", errc::unauthenticated});
    fixture f;
    json body = s.body;
    // The description echoes what was sent: the secret must still not come out.
    if (body.contains("error_description"))
        body["error_description"] = body["error_description"].get<std::string>() + " value " + the_secret;
    f.http.answer(s.status, body);
    auto e = caught([&] { f.client.acquire(app, client_secret_credential{"ClientSecret"}, "https://graph.microsoft.com"); });
    CHECK(e.id() == s.id);
    CHECK(e.code() == s.code);
    CHECK(e.detail()["status"] == s.status);
    if (s.body.contains("error_codes")) {
        const auto code = s.body["error_codes"][0].get<long long>();
        CHECK(e.detail()["aadsts"] == "AADSTS" + std::to_string(code));
        CHECK(std::string(e.what()).find("AADSTS" + std::to_string(code)) != std::string::npos);
        CHECK(e.detail()["traceId"] == "abc");
        CHECK(e.detail()["correlationId"] == "def");
    }
    CHECK(std::string(e.what()).find(the_secret) == std::string::npos);
    CHECK(e.detail().dump().find(the_secret) == std::string::npos);
    CHECK(f.secrets.leaks_into(e.detail().dump()) == false);
}

TEST_CASE("429 and 5xx are retried after Retry-After or backoff; other 4xx are not", "[auth][token]") {
    fixture f;
    f.http.answer(429, json::object(), {{"Retry-After", "1.5"}});
    f.http.answer(503, json::object());
    f.http.fail(errc::unavailable, "transport.http.unavailable");
    f.http.answer(200, {{"access_token", "t"}, {"expires_in", 60}});
    auto t = f.client.acquire(app, client_secret_credential{"ClientSecret"}, "https://graph.microsoft.com");
    CHECK(t.value.view() == "t");
    CHECK(f.http.requests.size() == 4);
    CHECK(f.time.sleeps == std::vector<milliseconds>{milliseconds(1500), milliseconds(4000), milliseconds(8000)});

    fixture g;
    g.http.answer(400, entra_error("invalid_scope", 70011, "bad scope"));
    CHECK(caught([&] { g.client.acquire(app, client_secret_credential{"ClientSecret"}, "x"); }).id() ==
          "auth.invalid_scope");
    CHECK(g.http.requests.size() == 1);

    fixture h;
    for (int i = 0; i < 4; ++i) h.http.answer(429, json::object(), {{"Retry-After", "1"}});
    auto e = caught([&] { h.client.acquire(app, client_secret_credential{"ClientSecret"}, "x"); });
    CHECK(e.id() == "auth.throttled");
    CHECK(e.code() == errc::throttled);
    CHECK(h.http.requests.size() == 4);

    fixture k;
    for (int i = 0; i < 4; ++i) k.http.fail(errc::timeout, "transport.http.timeout");
    CHECK(caught([&] { k.client.acquire(app, client_secret_credential{"ClientSecret"}, "x"); }).id() ==
          "transport.http.timeout");
}

TEST_CASE("a secret that was not handed over is named, not guessed", "[auth][token]") {
    fixture f;
    auto e = caught([&] { f.client.acquire(app, client_secret_credential{"Other"}, "x"); });
    CHECK(e.id() == "auth.secret.missing");
    CHECK(f.http.requests.empty());
}

TEST_CASE("certificate: a fresh signed assertion per attempt, never in an error", "[auth][token]") {
    auto made = test::make_rsa_pfx("pw");
    auto key = validate::load_pfx_key(made.bytes, bytes_of("pw")).key;
    REQUIRE(key);
    fixture f;
    f.http.answer(503, json::object());
    f.http.answer(200, {{"access_token", "cert-token"}, {"expires_in", 3599}});
    auto t = f.client.acquire(app, certificate_credential{key}, "https://outlook.office365.com");
    CHECK(t.value.view() == "cert-token");
    REQUIRE(f.http.requests.size() == 2);
    auto first = test::form_fields(f.http.requests[0].body);
    auto second = test::form_fields(f.http.requests[1].body);
    CHECK(second["grant_type"] == "client_credentials");
    CHECK(second["scope"] == "https://outlook.office365.com/.default");
    CHECK(second["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    CHECK(second.count("client_secret") == 0);
    CHECK(first["client_assertion"] != second["client_assertion"]);
    const std::string jwt = second["client_assertion"];
    auto claims_part = jwt.substr(jwt.find('.') + 1);
    claims_part = claims_part.substr(0, claims_part.find('.'));
    auto raw = base64url_decode(claims_part);
    REQUIRE(raw);
    auto claims = json::parse(raw->begin(), raw->end());
    CHECK(claims["aud"] == token_url);
    CHECK(claims["iss"] == app.client_id);

    fixture g;
    std::string sent;
    g.http.answers.push_back([&](const http::request &r) {
        sent = test::form_fields(r.body)["client_assertion"];
        http::response resp;
        resp.status = 401;
        resp.body = entra_error("invalid_client", 700027, "Client assertion failed signature validation. " + sent).dump();
        return resp;
    });
    auto e = caught([&] { g.client.acquire(app, certificate_credential{key}, "https://graph.microsoft.com"); });
    CHECK(e.id() == "auth.invalid_assertion");
    REQUIRE_FALSE(sent.empty());
    CHECK(std::string(e.what()).find(sent) == std::string::npos);
    CHECK(e.detail().dump().find(sent) == std::string::npos);
}

TEST_CASE("device code: prompt, pending, slow_down, success", "[auth][token][device]") {
    fixture f;
    f.http.answer(200, {{"device_code", "DEV-CODE"},
                        {"user_code", "ABCD-EFGH"},
                        {"verification_uri", "https://microsoft.com/devicelogin"},
                        {"expires_in", 900},
                        {"interval", 5},
                        {"message", "To sign in, use a web browser to open the page https://microsoft.com/devicelogin "
                                    "and enter the code ABCD-EFGH to authenticate."}});
    f.http.answer(400, entra_error("authorization_pending", 70016, "pending"));
    f.http.answer(400, {{"error", "slow_down"}});
    f.http.answer(400, entra_error("authorization_pending", 70016, "pending"));
    f.http.answer(200, {{"access_token", "user-token"}, {"expires_in", 3599}, {"refresh_token", "rt"}});

    std::vector<device_code_prompt> shown;
    device_code_credential cred{[&](const device_code_prompt &p) { shown.push_back(p); }, {}};
    app_identity public_app{"organizations", "fb78d390-0c51-40cd-8e17-fdbfab77341b"};
    auto t = f.client.acquire(public_app, cred, "https://outlook.office365.com");
    CHECK(t.value.view() == "user-token");
    REQUIRE(shown.size() == 1);
    CHECK(shown[0].user_code == "ABCD-EFGH");
    CHECK(shown[0].verification_uri == "https://microsoft.com/devicelogin");
    CHECK(shown[0].message.find("ABCD-EFGH") != std::string::npos);
    CHECK(shown[0].expires_in == seconds(900));
    // interval 5 s, then +5 s after slow_down for every later poll.
    CHECK(f.time.sleeps == std::vector<milliseconds>{seconds(5), seconds(5), seconds(10), seconds(10)});
    REQUIRE(f.http.requests.size() == 5);
    CHECK(f.http.requests[0].url == "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode");
    auto dc = test::form_fields(f.http.requests[0].body);
    CHECK(dc["client_id"] == public_app.client_id);
    CHECK(dc["scope"] == "https://outlook.office365.com/.default offline_access");
    auto poll = test::form_fields(f.http.requests[4].body);
    CHECK(f.http.requests[4].url == "https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
    CHECK(poll["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code");
    CHECK(poll["device_code"] == "DEV-CODE");
    CHECK_FALSE(cred.refresh->empty());  // kept for the next token
}

TEST_CASE("device code: later tokens, for any resource, come from the refresh token", "[auth][token][device]") {
    fixture f;
    app_identity public_app{"organizations", "fb78d390-0c51-40cd-8e17-fdbfab77341b"};
    std::vector<device_code_prompt> shown;
    device_code_credential cred{[&](const device_code_prompt &p) { shown.push_back(p); }, {}};
    const auto device_code_answers = [&](const std::string &token, const std::string &refresh) {
        f.http.answer(200, {{"device_code", "DEV-CODE"}, {"user_code", "ABCD-EFGH"},
                            {"verification_uri", "https://microsoft.com/devicelogin"}, {"expires_in", 900},
                            {"interval", 5}});
        f.http.answer(200, {{"access_token", token}, {"expires_in", 3599}, {"refresh_token", refresh}});
    };
    device_code_answers("exo-token", "rt-1");
    CHECK(f.client.acquire(public_app, cred, "https://outlook.office365.com").value.view() == "exo-token");
    REQUIRE(shown.size() == 1);

    // Graph next: redeemed, no prompt; the answer's new refresh token replaces the old one.
    f.http.answer(200, {{"access_token", "graph-token"}, {"expires_in", 3599}, {"refresh_token", "rt-2"}});
    CHECK(f.client.acquire(public_app, cred, "https://graph.microsoft.com").value.view() == "graph-token");
    CHECK(shown.size() == 1);
    auto redeem = test::form_fields(f.http.requests.back().body);
    CHECK(redeem["grant_type"] == "refresh_token");
    CHECK(redeem["refresh_token"] == "rt-1");
    CHECK(redeem["scope"] == "https://graph.microsoft.com/.default offline_access");
    CHECK(redeem["client_id"] == public_app.client_id);

    // A copy of the credential (a connection copies its settings) shares the slot: renewal uses rt-2.
    const device_code_credential copy = cred;
    f.http.answer(200, {{"access_token", "exo-token-2"}, {"expires_in", 3599}, {"refresh_token", "rt-3"}});
    CHECK(f.client.acquire(public_app, copy, "https://outlook.office365.com").value.view() == "exo-token-2");
    CHECK(test::form_fields(f.http.requests.back().body)["refresh_token"] == "rt-2");
    CHECK(shown.size() == 1);

    // Revoked: Entra answers invalid_grant; the user is asked again, once, and a new token is kept.
    f.http.answer(400, entra_error("invalid_grant", 50173, "The provided grant has expired due to it being revoked."));
    device_code_answers("exo-token-3", "rt-4");
    CHECK(f.client.acquire(public_app, cred, "https://outlook.office365.com").value.view() == "exo-token-3");
    CHECK(shown.size() == 2);
    f.http.answer(200, {{"access_token", "graph-token-2"}, {"expires_in", 3599}});
    CHECK(f.client.acquire(public_app, cred, "https://graph.microsoft.com").value.view() == "graph-token-2");
    CHECK(test::form_fields(f.http.requests.back().body)["refresh_token"] == "rt-4");

    // Any other refusal of the refresh token is an error, and never carries the token.
    f.http.answer(401, entra_error("invalid_client", 7000218, "The request body must contain client_assertion. rt-4"));
    auto e = caught([&] { f.client.acquire(public_app, cred, "https://graph.microsoft.com"); });
    CHECK(std::string(e.what()).find("rt-4") == std::string::npos);
    CHECK(e.detail().dump().find("rt-4") == std::string::npos);
}

TEST_CASE("device code: the ends that fail", "[auth][token][device]") {
    struct ending {
        json body;
        std::string id;
    };
    auto end = GENERATE(ending{{{"error", "expired_token"}}, "auth.device_code.expired"},
                        ending{{{"error", "access_denied"}}, "auth.device_code.declined"},
                        ending{{{"error", "authorization_declined"}}, "auth.device_code.declined"},
                        ending{{{"error", "bad_verification_code"}}, "auth.device_code.invalid"},
                        ending{entra_error("invalid_client", 7000218, "needs a secret"), "auth.invalid_client"});
    fixture f;
    f.http.answer(200, {{"device_code", "D"}, {"user_code", "U"}, {"verification_uri", "https://v"}, {"expires_in", 900},
                        {"interval", 1}});
    f.http.answer(400, {{"error", "authorization_pending"}});
    f.http.answer(400, end.body);
    auto e = caught([&] { f.client.acquire(app, device_code_credential{{}, {}}, "x"); });
    CHECK(e.id() == end.id);
    CHECK(f.http.requests.size() == 3);
}

TEST_CASE("device code: the code's lifetime and cancellation stop the polling", "[auth][token][device]") {
    fixture f;
    f.http.answer(200, {{"device_code", "D"}, {"user_code", "U"}, {"verification_uri", "https://v"}, {"expires_in", 12},
                        {"interval", 5}});
    for (int i = 0; i < 10; ++i) f.http.answer(400, {{"error", "authorization_pending"}});
    CHECK(caught([&] { f.client.acquire(app, device_code_credential{{}, {}}, "x"); }).id() == "auth.device_code.expired");
    CHECK(f.http.requests.size() == 4);  // polls at 5, 10, 15 s; the code lapsed at 12 s

    fixture g;
    g.http.answer(200, {{"device_code", "D"}, {"user_code", "U"}, {"verification_uri", "https://v"}, {"interval", 1}});
    g.http.answer(400, {{"error", "authorization_pending"}});
    int asked = 0;
    auto e = caught([&] { g.client.acquire(app, device_code_credential{{}, [&] { return ++asked > 1; }}, "x"); });
    CHECK(e.id() == "auth.device_code.cancelled");
    CHECK(e.code() == errc::cancelled);
}

TEST_CASE("a token handed in is used as is, its JWT exp respected", "[auth][token]") {
    fixture f;
    auto jwt_with_exp = [](long long exp) {
        return base64url_encode(std::string_view(R"({"alg":"none"})")) + "." +
               base64url_encode(json{{"exp", exp}, {"aud", "https://graph.microsoft.com"}}.dump()) + ".sig";
    };
    const long long now = duration_cast<seconds>(f.time.current.time_since_epoch()).count();
    std::string good = jwt_with_exp(now + 3000);
    f.secrets.set("AccessToken", bytes_of(good));
    auto t = f.client.acquire(app, supplied_token_credential{"AccessToken"}, "https://graph.microsoft.com");
    CHECK(t.value.view() == good);
    CHECK(t.expires_at == system_clock::time_point(seconds(now + 3000)));
    CHECK(f.http.requests.empty());

    std::string old = jwt_with_exp(now - 10);
    f.secrets.set("Old", bytes_of(old));
    auto e = caught([&] { f.client.acquire(app, supplied_token_credential{"Old"}, "x"); });
    CHECK(e.id() == "auth.access_token.expired");
    CHECK(std::string(e.what()).find(old) == std::string::npos);

    f.secrets.set("Opaque", bytes_of("opaque-token"));
    CHECK(f.client.acquire(app, supplied_token_credential{"Opaque"}, "x").expires_at == system_clock::time_point::max());
}

TEST_CASE("a 200 without a token is an error, not an empty token", "[auth][token]") {
    fixture f;
    f.http.answer(200, {{"token_type", "Bearer"}});
    CHECK(caught([&] { f.client.acquire(app, client_secret_credential{"ClientSecret"}, "x"); }).id() ==
          "auth.token_response.invalid");
}
