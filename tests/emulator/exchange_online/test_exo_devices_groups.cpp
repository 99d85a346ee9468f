// Mobile devices and distribution groups of Exchange Online (seed M6): the Default policy and its
// value rules, device access rules, the remote wipe, groups and their members.
#include "exchange_online/exo.h"

using namespace emutest;

TEST_CASE("exo mobile: the Default policy, its rules, access rules", "[exo][m6]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto policy = exo(emu, token, "Get-MobileDeviceMailboxPolicy");
    REQUIRE(policy.status == 200);
    CHECK(policy.document.at("value").at(0).at("MaxPasswordFailedAttempts") == "Unlimited");
    CHECK(policy.document.at("value").at(0).at("PasswordEnabled") == false);
    // A length without a password is refused, as Exchange does; nothing changes.
    CHECK(exo(emu, token, "Set-MobileDeviceMailboxPolicy", {{"Identity", "Default"}, {"MinPasswordLength", 6}}).status == 400);
    CHECK(exo(emu, token, "Set-MobileDeviceMailboxPolicy", {{"Identity", "Default"}, {"PasswordEnabled", true}, {"MaxPasswordFailedAttempts", "3"}})
              .status == 400);
    CHECK(exo(emu, token, "Set-MobileDeviceMailboxPolicy", {{"Identity", "Default"}, {"PasswordEnabled", true}, {"MaxInactivityTimeLock", "02:00:00"}})
              .status == 400);
    const auto set = exo(emu, token, "Set-MobileDeviceMailboxPolicy",
                         {{"Identity", "Default"}, {"PasswordEnabled", true}, {"MinPasswordLength", 6}, {"MaxPasswordFailedAttempts", "8"},
                          {"MaxInactivityTimeLock", "00:15:00"}});
    REQUIRE(set.status == 200);
    const auto again = exo(emu, token, "Set-MobileDeviceMailboxPolicy", {{"Identity", "Default"}, {"MinPasswordLength", 6}});
    CHECK(again.document.at("@adminapi.warnings").size() == 1);
    CHECK(exo(emu, token, "Get-MobileDeviceMailboxPolicy", {{"Identity", "default"}}).document.at("value").at(0).at("MinPasswordLength") == 6);

    const auto rule = exo(emu, token, "New-ActiveSyncDeviceAccessRule", {{"QueryString", "iPhone8,1"}, {"Characteristic", "devicemodel"}, {"AccessLevel", "block"}});
    REQUIRE(rule.status == 200);
    CHECK(rule.document.at("value").at(0).at("Identity") == "iPhone8,1 (DeviceModel)");
    CHECK(exo(emu, token, "New-ActiveSyncDeviceAccessRule", {{"QueryString", "iPhone8,1"}, {"Characteristic", "DeviceModel"}, {"AccessLevel", "Allow"}})
              .status == 400);
    CHECK(exo(emu, token, "New-ActiveSyncDeviceAccessRule", {{"QueryString", "x"}, {"Characteristic", "Colour"}, {"AccessLevel", "Block"}}).status == 400);
    CHECK(exo(emu, token, "Clear-MobileDevice", {{"Identity", "nothing"}}).status == 404);
}

TEST_CASE("exo groups: members are mailboxes, kept by address; duplicates and strangers refused", "[exo][m6]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto made = exo(emu, token, "New-DistributionGroup",
                          {{"Name", "Sales Team"}, {"PrimarySmtpAddress", "sales@contoso.onmicrosoft.com"}, {"Members", {"AlexW", "meganb@contoso.onmicrosoft.com"}}});
    REQUIRE(made.status == 200);
    CHECK(made.document.at("value").at(0).at("Alias") == "SalesTeam");
    CHECK_FALSE(made.document.at("value").at(0).contains("Members"));
    CHECK(exo(emu, token, "New-DistributionGroup", {{"Name", "sales team"}}).status == 400);
    CHECK(exo(emu, token, "New-DistributionGroup", {{"Name", "Other"}, {"Members", {"Nobody"}}}).status == 404);
    const auto members = exo(emu, token, "Get-DistributionGroupMember", {{"Identity", "Sales Team"}});
    REQUIRE(members.document.at("value").size() == 2);
    CHECK(exo(emu, token, "Add-DistributionGroupMember", {{"Identity", "sales@contoso.onmicrosoft.com"}, {"Member", "AlexW"}}).status == 400);
    REQUIRE(exo(emu, token, "Add-DistributionGroupMember", {{"Identity", "Sales Team"}, {"Member", "LeeG"}}).status == 200);
    REQUIRE(exo(emu, token, "Remove-DistributionGroupMember", {{"Identity", "Sales Team"}, {"Member", "AlexW"}}).status == 200);
    CHECK(exo(emu, token, "Remove-DistributionGroupMember", {{"Identity", "Sales Team"}, {"Member", "AlexW"}}).status == 400);
    const auto after = exo(emu, token, "Get-DistributionGroupMember", {{"Identity", "Sales Team"}});
    CHECK(after.document.at("value").size() == 2);
}
