// Set-*VirtualDirectory and the Outlook Anywhere cmdlets.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("Set-*VirtualDirectory sets the URLs it is given and nothing else", "[virtual-directory]")
{
    auto& emu = fresh_emulator();
    const std::vector<std::tuple<std::string, std::string, std::string>> families = {
        {"Set-OwaVirtualDirectory", "owa", "EX01\\owa (Default Web Site)"},
        {"Set-EcpVirtualDirectory", "ecp", "EX01\\ecp (Default Web Site)"},
        {"Set-ActiveSyncVirtualDirectory", "activeSync", "EX01\\Microsoft-Server-ActiveSync (Default Web Site)"},
        {"Set-OabVirtualDirectory", "oab", "EX01\\OAB (Default Web Site)"},
        {"Set-WebServicesVirtualDirectory", "webServices", "EX01\\EWS (Default Web Site)"}};
    for (const auto& [cmdlet, kind, identity] : families) {
        INFO(cmdlet);
        const json before = org_state(emu).at("virtualDirectories").at(kind).at(0);
        const std::string url = "https://mail.contoso.com/" + kind;
        const auto reply = emu.invoke(cmdlet, {{"Identity", identity}, {"ExternalUrl", url}});
        REQUIRE(reply.status == 200);
        CHECK(warnings_of(reply) == json::array());
        json expected = before;
        expected["ExternalUrl"] = url;
        CHECK(org_state(emu).at("virtualDirectories").at(kind).at(0) == expected);
    }
}

TEST_CASE("Set-OabVirtualDirectory -RequireSSL and Set-WebServicesVirtualDirectory -BasicAuthentication -Force", "[virtual-directory]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("Set-OabVirtualDirectory", {{"Identity", "EX01\\OAB (Default Web Site)"},
                                                   {"InternalUrl", "https://mail.contoso.com/OAB"},
                                                   {"ExternalUrl", "https://mail.contoso.com/OAB"},
                                                   {"RequireSSL", true}})
                .status == 200);
    REQUIRE(emu.invoke("Set-WebServicesVirtualDirectory", {{"Identity", "EX01\\EWS (Default Web Site)"},
                                                           {"ExternalUrl", "https://mail.contoso.com/EWS/Exchange.asmx"},
                                                           {"BasicAuthentication", true},
                                                           {"Force", true}})
                .status == 200);
    const json directories = org_state(emu).at("virtualDirectories");
    CHECK(directories.at("oab").at(0).at("RequireSSL") == true);
    CHECK(directories.at("oab").at(0).at("InternalUrl") == "https://mail.contoso.com/OAB");
    CHECK(directories.at("webServices").at(0).at("BasicAuthentication") == true);
    // Only the families that have these parameters accept them.
    CHECK(emu.invoke("Set-OwaVirtualDirectory", {{"Identity", "EX01\\owa (Default Web Site)"}, {"RequireSSL", true}}).status == 400);
    CHECK(emu.invoke("Set-OabVirtualDirectory", {{"Identity", "EX01\\OAB (Default Web Site)"}, {"Force", true}}).status == 400);
}

TEST_CASE("virtual directory URLs must be absolute http(s); null clears; host is lower-cased", "[virtual-directory]")
{
    auto& emu = fresh_emulator();
    const json identity = {{"Identity", "EX01\\owa (Default Web Site)"}};
    for (const std::string bad : {"mail.contoso.com/owa", "ftp://mail.contoso.com/owa", "https:///owa", "https://bad host/owa", ""}) {
        INFO(bad);
        json params = identity;
        params["InternalUrl"] = bad;
        const auto reply = emu.invoke("Set-OwaVirtualDirectory", params);
        CHECK(reply.status == 400);
        CHECK(reply.error_text().find("'InternalUrl'") != std::string::npos);
    }
    json upper = identity;
    upper["ExternalUrl"] = "HTTPS://Mail.Contoso.com/owa";
    REQUIRE(emu.invoke("Set-OwaVirtualDirectory", upper).status == 200);
    CHECK(org_state(emu).at("virtualDirectories").at("owa").at(0).at("ExternalUrl") == "https://mail.contoso.com/owa");
    json clear = identity;
    clear["InternalUrl"] = nullptr;
    REQUIRE(emu.invoke("Set-OwaVirtualDirectory", clear).status == 200);
    CHECK(org_state(emu).at("virtualDirectories").at("owa").at(0).at("InternalUrl").is_null());
}

TEST_CASE("Enable-OutlookAnywhere creates Outlook Anywhere on the local server, once", "[outlook-anywhere]")
{
    auto& emu = fresh_emulator();
    const json params = {{"ClientAuthenticationMethod", "Basic"}, {"ExternalHostname", "mail.contoso.com"}, {"SSLOffloading", false}};
    const auto reply = emu.invoke("Enable-OutlookAnywhere", params);
    REQUIRE(reply.status == 200);
    const json expected = json::parse(R"j({"Identity":"EX01\\Rpc (Default Web Site)","Server":"EX01",
        "ExternalHostname":"mail.contoso.com","InternalHostname":null,"ExternalClientAuthenticationMethod":"Basic",
        "InternalClientAuthenticationMethod":"Ntlm","SSLOffloading":false,"ExternalClientsRequireSsl":true})j");
    CHECK(org_state(emu).at("outlookAnywhere") == json::array({expected}));
    CHECK(value_of(emu.invoke("Get-OutlookAnywhere", {{"Server", "EX01"}})) == json::array({expected}));

    const auto again = emu.invoke("Enable-OutlookAnywhere", params);
    CHECK(again.status == 400);
    CHECK(again.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
    CHECK(emu.invoke("Enable-OutlookAnywhere", {{"Server", "EX02"}, {"ExternalHostname", "mail.contoso.com"}, {"SSLOffloading", false}})
              .status == 404);
}

TEST_CASE("Enable-/Set-OutlookAnywhere validate and change only what they are given", "[outlook-anywhere]")
{
    auto& emu = fresh_emulator();
    CHECK(emu.invoke("Enable-OutlookAnywhere", {{"ClientAuthenticationMethod", "Kerberos"}, {"ExternalHostname", "mail.contoso.com"},
                                                {"SSLOffloading", false}})
              .status == 400);
    CHECK(emu.invoke("Enable-OutlookAnywhere", {{"ExternalHostname", "bad host!"}, {"SSLOffloading", false}}).status == 400);
    REQUIRE(emu.invoke("Enable-OutlookAnywhere", {{"ExternalHostname", "mail.contoso.com"}, {"SSLOffloading", false}}).status == 200);
    const auto reply = emu.invoke("Set-OutlookAnywhere", {{"Identity", "EX01\\Rpc (Default Web Site)"},
                                                         {"InternalHostname", "ex01.corp.contoso.local"},
                                                         {"InternalClientAuthenticationMethod", "negotiate"}});
    REQUIRE(reply.status == 200);
    const json entry = org_state(emu).at("outlookAnywhere").at(0);
    CHECK(entry.at("InternalHostname") == "ex01.corp.contoso.local");
    CHECK(entry.at("InternalClientAuthenticationMethod") == "Negotiate");
    CHECK(entry.at("ExternalHostname") == "mail.contoso.com");
    CHECK(entry.at("ExternalClientAuthenticationMethod") == "Basic");
    CHECK(emu.invoke("Set-OutlookAnywhere", {{"Identity", "EX02\\Rpc (Default Web Site)"}, {"SSLOffloading", true}}).status == 404);
}
