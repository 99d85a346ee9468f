// Seed M6 (mobile devices) against the emulator: the policy set where it differs, device models
// blocked once, a model another rule governs left with a warning, the re-run without a write.
#include <catch2/catch.hpp>

#include "blueprint/m365_device_wipe.h"
#include "blueprint/m365_mobile_blueprint.h"
#include "blueprint/m365_mobile_request.h"
#include "exchange_online/exo_session.h"
#include "exec/executor.h"
#include "graph/emulator_cloud.h"
#include "support/temp_dir.h"

using namespace mailint;
using nlohmann::json;

TEST_CASE("m365 mobile: password rules and blocked models, then nothing to do", "[m365-mobile][emulator]") {
    test::emulator_cloud cloud(test::quick_retry(), test::quick_retry());
    test::temp_dir dir;
    const auto &settings = cloud.connection->settings();
    exchange_online::exo_client client(cloud.connection->exchange(), {settings.environment.exchange_base, settings.app.tenant, {}});
    REQUIRE(client.invoke({"New-ActiveSyncDeviceAccessRule", {{"QueryString", "Pixel 3"}, {"Characteristic", "DeviceModel"}, {"AccessLevel", "Allow"}}})
                .objects.size() == 1);
    const json parameters = {{"MinPasswordLength", 6}, {"MaxFailedAttempts", 8}, {"InactivityLockMinutes", 15},
                             {"BlockDeviceModel", {"iPhone8,1", "SM-G930F", "Pixel 3"}}};
    m365_mobile::request r;
    REQUIRE_FALSE(m365_mobile::parse_request(parameters, r).has_errors());
    cloud.control_json("POST", "/control/counters/reset");
    const plan p = m365_mobile::build_plan(r, client, nullptr);
    REQUIRE(p.steps.size() == 3);
    CHECK(p.steps[0].command->name == "Set-MobileDeviceMailboxPolicy");
    CHECK(p.steps[0].changes.size() == 4);
    CHECK(p.steps[1].identity == "iPhone8,1");
    CHECK(p.steps[2].identity == "SM-G930F");
    CHECK(p.findings.to_json().dump().find("m365.mobile.device_model.other_rule") != std::string::npos);

    exchange_online::exo_session session(client, 3, nullptr);
    transport_set transports(session);
    transports.add("exchange", session);
    apply_options options;
    options.journal_directory = dir / "journal";
    for (const auto &res : apply_plan(p, options, transports, cloud.secrets, nullptr).results) CHECK(res.status == "succeeded");
    const auto policy = client.invoke({"Get-MobileDeviceMailboxPolicy", {{"Identity", "Default"}}}).objects.at(0);
    CHECK(policy["PasswordEnabled"] == true);
    CHECK(policy["MinPasswordLength"] == 6);
    CHECK(policy["MaxPasswordFailedAttempts"] == "8");
    CHECK(policy["MaxInactivityTimeLock"] == "00:15:00");
    CHECK(client.invoke({"Get-ActiveSyncDeviceAccessRule", json::object()}).objects.size() == 3);

    cloud.control_json("POST", "/control/counters/reset");
    const plan again = m365_mobile::build_plan(r, client, nullptr);
    for (const auto &s : again.steps) CHECK(s.action == "noop");
    CHECK(cloud.writes_logged() == 0);

    m365_mobile::request bad;
    CHECK(m365_mobile::parse_request({{"MinPasswordLength", 40}}, bad).first_error()->id == "m365.mobile.parameter.out_of_range");
    m365_mobile::request none;
    CHECK(m365_mobile::parse_request({{"RequirePassword", false}, {"MinPasswordLength", 6}}, none).first_error()->id ==
          "m365.mobile.password_rules_without_password");
}

TEST_CASE("m365 wipe: the request names devices or a mailbox, not both", "[m365-mobile]") {
    const auto first = [](json p) {
        m365_wipe::request r;
        const auto d = m365_wipe::parse_request(p, r);
        return d.has_errors() ? d.first_error()->id : std::string();
    };
    CHECK(first({{"Identity", {"ApplF2LX"}}}).empty());
    CHECK(first({{"Mailbox", "AlexW"}, {"NotificationEmailAddresses", {"it@contoso.com"}}}).empty());
    CHECK(first(json::object()) == "m365.wipe.target_missing");
    CHECK(first({{"Identity", {"ApplF2LX"}}, {"Mailbox", "AlexW"}}) == "m365.wipe.target_conflict");
    CHECK(first({{"Mailbox", "AlexW"}, {"NotificationEmailAddresses", {"not an address"}}}) == "m365.wipe.notify_malformed");
}
