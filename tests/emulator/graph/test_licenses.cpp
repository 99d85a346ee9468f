// Licences (wire-apis.md §2.3): assignLicense needs a usage location, takes units from the SKU
// (consumedUnits kept in step), fails when none are left, and removeLicenses gives them back.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

const std::string e3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
const std::string small_sku = "aaaaaaaa-5555-4666-8777-888888888888";

json sku_of(const emulator_process& emu, const std::string& token, const std::string& sku_id)
{
    const auto listed = call(emu, "GET", "/v1.0/subscribedSkus", token);  // kept: iterating a temporary's member dangles
    for (const auto& sku : listed.document.at("value"))
        if (sku.at("skuId") == sku_id)
            return sku;
    FAIL("no SKU " << sku_id);
    return nullptr;
}

json assign(const std::string& sku)
{
    return {{"addLicenses", {{{"disabledPlans", json::array()}, {"skuId", sku}}}}, {"removeLicenses", json::array()}};
}

std::string new_user(const emulator_process& emu, const std::string& token, const std::string& nickname, bool located)
{
    json body = {{"accountEnabled", true},
                 {"displayName", nickname},
                 {"mailNickname", nickname},
                 {"userPrincipalName", nickname + "@contoso.onmicrosoft.com"},
                 {"passwordProfile", {{"password", "P@ssw0rd-long-enough"}}}};
    if (located)
        body["usageLocation"] = "US";
    const auto reply = call(emu, "POST", "/v1.0/users", token, body);
    REQUIRE(reply.status == 201);
    return reply.document.at("id");
}

} // namespace

TEST_CASE("assignLicense needs a usage location and counts consumed units", "[graph][licenses]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const json before = sku_of(emu, token, e3);
    CHECK(before.at("consumedUnits") == 0);
    CHECK(before.at("prepaidUnits").at("enabled") == 25);
    CHECK(before.at("skuPartNumber") == "ENTERPRISEPACK");

    const std::string id = new_user(emu, token, "nolocation", false);
    const auto refused = call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token, assign(e3));
    CHECK(refused.status == 400);
    CHECK(refused.document.at("error").at("code") == "Request_BadRequest");
    CHECK(refused.document.at("error").at("message") == "License assignment cannot be done for user with invalid usage location.");
    CHECK(sku_of(emu, token, e3).at("consumedUnits") == 0);

    REQUIRE(call(emu, "PATCH", "/v1.0/users/" + id, token, {{"usageLocation", "US"}}).status == 204);
    const auto assigned = call(emu, "POST", "/v1.0/users/nolocation@contoso.onmicrosoft.com/assignLicense", token, assign(e3));
    REQUIRE(assigned.status == 200);
    CHECK(assigned.document.at("id") == id);
    CHECK(assigned.document.at("assignedLicenses") == json::parse(R"([{"disabledPlans":[],"skuId":")" + e3 + R"("}])"));
    CHECK(sku_of(emu, token, e3).at("consumedUnits") == 1);
    // Assigning a held licence again changes disabledPlans only; no second unit.
    json again = assign(e3);
    again["addLicenses"][0]["disabledPlans"] = {"57ff2da0-773e-42df-b2af-ffb7a2317929"};
    const auto reassigned = call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token, again);
    REQUIRE(reassigned.status == 200);
    CHECK(reassigned.document.at("assignedLicenses").at(0).at("disabledPlans").size() == 1);
    CHECK(sku_of(emu, token, e3).at("consumedUnits") == 1);

    // Unknown SKUs, unknown plans and missing parameters are refused.
    CHECK(call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token, assign("00000000-0000-4000-8000-000000000000")).status == 400);
    json bad_plan = assign(e3);
    bad_plan["addLicenses"][0]["disabledPlans"] = {"00000000-0000-4000-8000-000000000000"};
    CHECK(call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token, bad_plan).status == 400);
    CHECK(call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token, {{"addLicenses", json::array()}}).status == 400);

    const auto removed = call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token,
                              {{"addLicenses", json::array()}, {"removeLicenses", {e3}}});
    REQUIRE(removed.status == 200);
    CHECK(removed.document.at("assignedLicenses") == json::array());
    CHECK(sku_of(emu, token, e3).at("consumedUnits") == 0);
    CHECK(call(emu, "POST", "/v1.0/users/" + id + "/assignLicense", token,
               {{"addLicenses", json::array()}, {"removeLicenses", {e3}}})
              .status == 400);
}

TEST_CASE("licences run out and come back when a user is deleted", "[graph][licenses]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto added = emu.post("/control/graph/" + demo_tenant + "/skus",
                                json{{"skuId", small_sku}, {"skuPartNumber", "SMALL"}, {"prepaidUnits", 2}}.dump());
    REQUIRE(added.status == 201);
    const std::string a = new_user(emu, token, "first", true);
    const std::string b = new_user(emu, token, "second", true);
    const std::string c = new_user(emu, token, "third", true);
    CHECK(call(emu, "POST", "/v1.0/users/" + a + "/assignLicense", token, assign(small_sku)).status == 200);
    CHECK(call(emu, "POST", "/v1.0/users/" + b + "/assignLicense", token, assign(small_sku)).status == 200);
    const json full = sku_of(emu, token, small_sku);
    CHECK(full.at("consumedUnits") == 2);
    CHECK(full.at("prepaidUnits").at("enabled") == 2);

    const auto none_left = call(emu, "POST", "/v1.0/users/" + c + "/assignLicense", token, assign(small_sku));
    CHECK(none_left.status == 400);
    CHECK(none_left.document.at("error").at("code") == "Request_BadRequest");
    CHECK(none_left.document.at("error").at("message") ==
          "Subscription with SKU " + small_sku + " does not have any available licenses.");
    CHECK(call(emu, "GET", "/v1.0/users/" + c + "?$select=assignedLicenses", token).document.at("assignedLicenses") == json::array());

    CHECK(call(emu, "DELETE", "/v1.0/users/" + a, token).status == 204);
    CHECK(sku_of(emu, token, small_sku).at("consumedUnits") == 1);
    CHECK(call(emu, "POST", "/v1.0/users/" + c + "/assignLicense", token, assign(small_sku)).status == 200);
    CHECK(sku_of(emu, token, small_sku).at("consumedUnits") == 2);
    // subscribedSkus takes only $select.
    CHECK(call(emu, "GET", "/v1.0/subscribedSkus?$top=1", token).status == 400);
    CHECK(call(emu, "GET", "/v1.0/subscribedSkus?$select=skuId", token).document.at("value").at(0).size() == 1);
}
