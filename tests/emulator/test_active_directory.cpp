// The ActiveDirectory stand-in (POST /active-directory/InvokeCommand): Get-ADUser with the filters
// and search base the account cmdlets use.
#include "support/helpers.h"
#include "support/pfx_factory.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

http_reply ad(const emulator_process& emu, const json& parameters)
{
    return emu.post("/active-directory/InvokeCommand", json{{"CmdletInput", {{"CmdletName", "Get-ADUser"}, {"Parameters", parameters}}}}.dump());
}

} // namespace

TEST_CASE("active directory: Get-ADUser by filter, search base and identity", "[active-directory]")
{
    auto& emu = fresh_emulator();
    json state = emu.get("/control/state").document;
    state["activeDirectory"] = json::parse(R"({"users":[
        {"SamAccountName":"ann","DisplayName":"Ann","mail":"ann@corp.local","DistinguishedName":"CN=Ann,OU=Sales,DC=corp,DC=local"},
        {"SamAccountName":"bob","Enabled":false,"DistinguishedName":"CN=Bob,OU=Sales,DC=corp,DC=local"},
        {"SamAccountName":"cid"}]})");
    REQUIRE(emu.post("/control/seed", state.dump()).status == 200);
    CHECK(value_of(ad(emu, {{"Filter", "*"}})).size() == 3);
    CHECK(value_of(ad(emu, {{"Filter", "Enabled -eq $true"}})).size() == 2);
    const auto sales = ad(emu, {{"Filter", "*"}, {"SearchBase", "ou=sales,dc=corp,dc=local"}, {"Properties", {"mail"}}});
    REQUIRE(value_of(sales).size() == 2);
    CHECK(value_of(sales).at(0).at("mail") == "ann@corp.local");
    CHECK_FALSE(value_of(ad(emu, {{"Filter", "*"}})).at(0).contains("mail"));  // only when asked for
    CHECK(value_of(ad(emu, {{"Identity", "cid"}})).at(0).at("DistinguishedName") == "CN=cid,CN=Users,DC=corp,DC=contoso,DC=local");
    CHECK(ad(emu, {{"Identity", "nobody"}}).status == 404);
    CHECK(ad(emu, {{"Filter", "Department -eq 'Sales'"}}).status == 400);
    CHECK(ad(emu, json::object()).status == 400);
}

TEST_CASE("active directory: New-ADUser checks the name, the container and the password, and keeps no password", "[active-directory]")
{
    auto& emu = fresh_emulator();
    const auto secure = [](const std::string& t) {
        return json{{"@odata.type", "#Exchange.SecureStringType"}, {"Data", base64(std::vector<unsigned char>(t.begin(), t.end()))}};
    };
    const auto make = [&](json p) {
        return emu.post("/active-directory/InvokeCommand", json{{"CmdletInput", {{"CmdletName", "New-ADUser"}, {"Parameters", p}}}}.dump());
    };
    REQUIRE(make({{"Name", "Dee"}, {"SamAccountName", "dee"}, {"Enabled", true}, {"AccountPassword", secure("Pw-Canary-91!")},
                  {"UserPrincipalName", "dee@corp.local"}})
                .status == 200);
    CHECK(make({{"Name", "Dee 2"}, {"SamAccountName", "DEE"}, {"AccountPassword", secure("x")}}).status == 400);
    CHECK(make({{"Name", "Eve"}, {"SamAccountName", "eve"}, {"UserPrincipalName", "DEE@corp.local"}}).status == 400);
    CHECK(make({{"Name", "Fay"}, {"SamAccountName", "fay"}, {"Enabled", true}}).status == 400);
    CHECK(make({{"Name", "Gus"}, {"SamAccountName", "gus"}, {"Path", "OU=Nowhere,DC=corp,DC=local"}}).status == 404);
    CHECK(make({{"Name", "Hal"}, {"SamAccountName", "a-name-longer-than-twenty"}}).status == 400);
    const std::string everything = emu.get("/control/state").body + emu.get("/control/requests").body;
    CHECK(everything.find("Pw-Canary-91!") == std::string::npos);
    CHECK(emu.get("/control/state").document.at("activeDirectory").at("users").size() == 1);
}
