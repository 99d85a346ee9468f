// Security defaults and conditional access (seed T11): read and turned off through Graph with the
// Policy roles Graph's permission tables name; the policies seeded through /control/seed.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

const std::string defaults_path = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";

} // namespace

TEST_CASE("security defaults are on in a new tenant and turned off by PATCH isEnabled", "[graph][policies]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto read = call(emu, "GET", defaults_path, token);
    REQUIRE(read.status == 200);
    CHECK(read.document.at("id") == "00000000-0000-0000-0000-000000000005");
    CHECK(read.document.at("isEnabled") == true);
    CHECK(read.document.at("@odata.context").get<std::string>().ends_with(
        "/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity"));

    // Refused before anything changes: read-only, unknown, wrong type.
    CHECK(call(emu, "PATCH", defaults_path, token, {{"displayName", "x"}}).status == 400);
    CHECK(call(emu, "PATCH", defaults_path, token, {{"isEnabled", false}, {"bogus", 1}}).status == 400);
    CHECK(call(emu, "PATCH", defaults_path, token, {{"isEnabled", "no"}}).status == 400);
    CHECK(call(emu, "GET", defaults_path, token).document.at("isEnabled") == true);

    REQUIRE(call(emu, "PATCH", defaults_path, token, {{"isEnabled", false}}).status == 204);
    CHECK(call(emu, "GET", defaults_path + "?$select=isEnabled", token).document.at("isEnabled") == false);
    CHECK(emu.get("/control/state").document.at("graph").at(demo_tenant).at("securityDefaults") == json{{"isEnabled", false}});

    // Reading takes Policy.Read.All; changing it a ReadWrite role.
    const std::string reader = limited_graph_token(emu, {"Policy.Read.All"});
    CHECK(call(emu, "GET", defaults_path, reader).status == 200);
    const auto denied = call(emu, "PATCH", defaults_path, reader, {{"isEnabled", true}});
    CHECK(denied.status == 403);
    CHECK(call(emu, "GET", defaults_path, token).document.at("isEnabled") == false);
}

TEST_CASE("conditional access policies are listed as seeded", "[graph][policies]")
{
    auto& emu = fresh_emulator();
    json state = emu.get("/control/state").document;
    // The state shows no secret, not even its hash: the demo app's is given again.
    for (auto& app : state["entra"]["tenants"][demo_tenant]["apps"])
        if (app.value("clientId", "") == demo_client)
            app["secrets"] = json::array({demo_secret});
    state["graph"][demo_tenant]["conditionalAccessPolicies"] = json::parse(R"([
        {"id":"aaaaaaaa-0000-4000-8000-000000000001","displayName":"Block legacy authentication","state":"enabled",
         "conditions":{"clientAppTypes":["exchangeActiveSync","other"],"users":{"includeUsers":["All"]},
                       "applications":{"includeApplications":["All"]}},
         "grantControls":{"operator":"OR","builtInControls":["block"]}}])");
    REQUIRE(emu.post("/control/seed", state.dump()).status == 200);
    const std::string token = graph_token(emu);
    const auto listed = call(emu, "GET", "/v1.0/identity/conditionalAccess/policies", token);
    REQUIRE(listed.status == 200);
    REQUIRE(listed.document.at("value").size() == 1);
    const json& policy = listed.document.at("value").at(0);
    CHECK(policy.at("displayName") == "Block legacy authentication");
    CHECK(policy.at("grantControls").at("builtInControls") == json::array({"block"}));
    CHECK(policy.at("sessionControls").is_null());

    CHECK(emu.post("/control/seed", R"({"graph":{")" + demo_tenant + R"(":{"conditionalAccessPolicies":[{"id":"x","displayName":"y","state":"on"}]}}})")
              .status == 400);
    const std::string no_policy = limited_graph_token(emu, {"User.Read.All"});
    CHECK(call(emu, "GET", "/v1.0/identity/conditionalAccess/policies", no_policy).status == 403);
}
