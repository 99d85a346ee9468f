// Directory replication (wire-apis.md §1.7): an object made by New-* answers 404 to Get-/Set-/
// Remove- until replicationDelaySeconds have passed.
#include "exchange_online/exo.h"

#include <chrono>

using namespace emutest;

TEST_CASE("exo replication: a new object is invisible for the delay, then visible", "[exo][replication]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    REQUIRE(emu.post("/control/exchange-online/settings", R"({"replicationDelaySeconds":1.5})").status == 200);
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(exo(emu, token, "New-OutboundConnector",
                {{"Name", "Late"}, {"UseMXRecord", false}, {"SmartHosts", {"smtp.example.com"}}})
                .status == 200);
    const auto created = exo(emu, token, "New-TransportRule", {{"Name", "Fresh"}, {"DeleteMessage", true}});
    REQUIRE(created.status == 200);
    CHECK(created.document.at("value").at(0).at("Name") == "Fresh");  // New-* itself returns the object

    const auto get = exo(emu, token, "Get-TransportRule", {{"Identity", "Fresh"}});
    CHECK(get.status == 404);
    CHECK(get.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException");
    CHECK(exo(emu, token, "Set-TransportRule", {{"Identity", "Fresh"}, {"Comments", "x"}}).status == 404);
    CHECK(exo(emu, token, "Disable-TransportRule", {{"Identity", "Fresh"}}).status == 404);
    CHECK(exo(emu, token, "Remove-TransportRule", {{"Identity", "Fresh"}, {"Confirm", false}}).status == 404);
    CHECK(exo(emu, token, "Get-TransportRule").document.at("value") == json::array());
    CHECK(exo(emu, token, "Get-OutboundConnector", {{"Identity", "Late"}}).status == 404);
    // A rule cannot route through a connector the directory does not show yet.
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Via late"}, {"RouteMessageOutboundConnector", "Late"}}).status == 404);
    // The write went to the directory: a second New-* with the name is a duplicate already.
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Fresh"}, {"DeleteMessage", true}}).status == 400);
    // The state endpoint shows what is stored.
    CHECK(tenant_state(emu).at("transportRules").size() == 1);
    // Only a little time has passed: the checks above really ran inside the delay.
    REQUIRE(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1400));

    sleep_for_seconds(1.7);
    CHECK(exo(emu, token, "Get-TransportRule", {{"Identity", "Fresh"}}).status == 200);
    CHECK(exo(emu, token, "Set-TransportRule", {{"Identity", "Fresh"}, {"Comments", "x"}}).status == 200);
    CHECK(exo(emu, token, "Get-OutboundConnector").document.at("value").size() == 1);

    // With the default (0) a new object is visible at once.
    REQUIRE(emu.post("/control/exchange-online/settings", R"({"replicationDelaySeconds":0})").status == 200);
    REQUIRE(exo(emu, token, "New-TransportRule", {{"Name", "Instant"}, {"DeleteMessage", true}}).status == 200);
    CHECK(exo(emu, token, "Get-TransportRule", {{"Identity", "Instant"}}).status == 200);
}

TEST_CASE("exo settings: read, changed, validated, and reset to the defaults", "[exo][control]")
{
    auto& emu = fresh_emulator();
    const auto defaults = emu.get("/control/exchange-online/settings");
    REQUIRE(defaults.status == 200);
    CHECK(defaults.document == json{{"replicationDelaySeconds", 0}, {"nextLinkLifetimeSeconds", 600}});
    const auto changed = emu.post("/control/exchange-online/settings", R"({"replicationDelaySeconds":2.5})");
    REQUIRE(changed.status == 200);
    CHECK(changed.document.at("replicationDelaySeconds") == 2.5);
    CHECK(changed.document.at("nextLinkLifetimeSeconds") == 600);
    CHECK(emu.post("/control/exchange-online/settings", R"({"replicationDelay":1})").status == 400);
    CHECK(emu.post("/control/exchange-online/settings", R"({"nextLinkLifetimeSeconds":-1})").status == 400);
    CHECK(emu.post("/control/exchange-online/settings", "not json").status == 400);
    REQUIRE(emu.post("/control/reset", "").status == 200);
    CHECK(emu.get("/control/exchange-online/settings").document.at("replicationDelaySeconds") == 0);
}
