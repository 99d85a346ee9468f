// Graph's token checks: 401 for a missing, foreign-audience or tampered token, 403
// Authorization_RequestDenied for a valid token without the call's app role, in Graph's envelope.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

void check_envelope(const http_reply& reply, const std::string& code)
{
    REQUIRE(reply.document.is_object());
    const json& error = reply.document.at("error");
    CHECK(error.at("code") == code);
    CHECK_FALSE(error.at("message").get<std::string>().empty());
    const json& inner = error.at("innerError");
    CHECK(inner.at("request-id").get<std::string>().size() == 36);
    CHECK(inner.contains("date"));
    CHECK(inner.contains("client-request-id"));
}

} // namespace

TEST_CASE("Graph refuses a missing or wrong-audience token with 401", "[graph][auth]")
{
    auto& emu = fresh_emulator();
    const auto none = call(emu, "GET", "/v1.0/organization", "");
    CHECK(none.status == 401);
    CHECK(none.headers.at("www-authenticate").find("Bearer") == 0);
    check_envelope(none, "InvalidAuthenticationToken");

    const std::string exchange_token = token_for(emu, demo_client, demo_secret, exchange_scope);
    const auto wrong_audience = call(emu, "GET", "/v1.0/organization", exchange_token);
    CHECK(wrong_audience.status == 401);
    check_envelope(wrong_audience, "InvalidAuthenticationToken");

    std::string tampered = graph_token(emu);
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    CHECK(call(emu, "GET", "/v1.0/organization", tampered).status == 401);

    // The same call with the right token works: the 401s above were about the token.
    CHECK(call(emu, "GET", "/v1.0/organization", graph_token(emu)).status == 200);
}

TEST_CASE("Graph answers 403 Authorization_RequestDenied when the app lacks the role", "[graph][auth]")
{
    auto& emu = fresh_emulator();
    const std::string token = limited_graph_token(emu, {"Organization.Read.All"});
    CHECK(call(emu, "GET", "/v1.0/organization", token).status == 200);
    CHECK(call(emu, "GET", "/v1.0/subscribedSkus", token).status == 200);

    const auto users = call(emu, "GET", "/v1.0/users", token);
    CHECK(users.status == 403);
    check_envelope(users, "Authorization_RequestDenied");
    const auto add = call(emu, "POST", "/v1.0/domains", token, {{"id", "denied.example"}});
    CHECK(add.status == 403);
    check_envelope(add, "Authorization_RequestDenied");
    CHECK(call(emu, "GET", "/v1.0/servicePrincipals", token).status == 403);

    // A read role does not allow writes; the ReadWrite role allows reads.
    const std::string reader = limited_graph_token(emu, {"User.Read.All", "Domain.ReadWrite.All"});
    CHECK(call(emu, "GET", "/v1.0/users", reader).status == 200);
    CHECK(call(emu, "POST", "/v1.0/users", reader,
               {{"accountEnabled", true}, {"displayName", "X"}, {"mailNickname", "x"},
                {"passwordProfile", {{"password", "Secret-123456"}}}, {"userPrincipalName", "x@contoso.onmicrosoft.com"}})
              .status == 403);
    CHECK(call(emu, "GET", "/v1.0/domains", reader).status == 200);
    // Nothing was created by the refused call.
    CHECK(call(emu, "GET", "/v1.0/users/x@contoso.onmicrosoft.com", graph_token(emu)).status == 404);
}

TEST_CASE("GET /organization describes the token's tenant", "[graph][organization]")
{
    auto& emu = fresh_emulator();
    const auto reply = call(emu, "GET", "/v1.0/organization", graph_token(emu));
    REQUIRE(reply.status == 200);
    const json& values = reply.document.at("value");
    REQUIRE(values.size() == 1);
    const json& org = values.at(0);
    CHECK(org.at("id") == demo_tenant);
    CHECK(org.at("displayName") == "Contoso");
    CHECK(org.at("verifiedDomains") == json::parse(R"([{"capabilities":"Email, OfficeCommunicationsOnline",
        "isDefault":true,"isInitial":true,"name":"contoso.onmicrosoft.com","type":"Managed"}])"));
    CHECK(reply.document.at("@odata.context") == emu.url() + "/v1.0/$metadata#organization");

    const auto selected = call(emu, "GET", "/v1.0/organization?$select=id", graph_token(emu));
    CHECK(selected.document.at("value").at(0) == json{{"id", demo_tenant}});
    CHECK(call(emu, "GET", "/v1.0/organization?$select=nope", graph_token(emu)).status == 400);
    CHECK(call(emu, "GET", "/v1.0/nothing", graph_token(emu)).status == 400);
}
