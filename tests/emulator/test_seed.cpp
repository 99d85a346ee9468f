// The built-in seed, read back through the Get-* cmdlets and GET /control/state.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("the built-in seed is a fresh EX01 in First Organization", "[seed]")
{
    auto& emu = fresh_emulator();
    const json org = org_state(emu);

    CHECK(org.at("servers") == json::parse(R"j([{"Name":"EX01","Fqdn":"ex01.corp.contoso.local",
        "AdminDisplayVersion":"Version 15.1 (Build 2507.6)","ServerRole":"Mailbox"}])j"));
    CHECK(org.at("acceptedDomains") == json::parse(R"j([{"Identity":"corp.contoso.local","Name":"corp.contoso.local",
        "DomainName":"corp.contoso.local","DomainType":"Authoritative","Default":true}])j"));
    CHECK(org.at("emailAddressPolicies") == json::parse(R"j([{"Identity":"Default Policy","Name":"Default Policy",
        "IncludedRecipients":"AllRecipients","EnabledPrimarySMTPAddressTemplate":"SMTP:%m@corp.contoso.local",
        "EnabledEmailAddressTemplates":["SMTP:%m@corp.contoso.local"],"Priority":"Lowest"}])j"));
    CHECK(org.at("outlookAnywhere") == json::array());
    CHECK(org.at("sendConnectors") == json::array());

    const json certificate = org.at("certificates").at(0);
    CHECK(org.at("certificates").size() == 1);
    CHECK(certificate.at("Services") == "IMAP, POP, IIS, SMTP");
    CHECK(certificate.at("IsSelfSigned") == true);
    CHECK(certificate.at("HasPrivateKey") == true);
    CHECK(certificate.at("Thumbprint").get<std::string>().size() == 40);
}

TEST_CASE("the seed's virtual directories have internal URLs on EX01 and no external URLs", "[seed]")
{
    auto& emu = fresh_emulator();
    const json directories = org_state(emu).at("virtualDirectories");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"owa", "EX01\\owa (Default Web Site)"},
        {"ecp", "EX01\\ecp (Default Web Site)"},
        {"activeSync", "EX01\\Microsoft-Server-ActiveSync (Default Web Site)"},
        {"oab", "EX01\\OAB (Default Web Site)"},
        {"webServices", "EX01\\EWS (Default Web Site)"}};
    for (const auto& [kind, identity] : expected) {
        INFO(kind);
        const json directory = directories.at(kind).at(0);
        CHECK(directory.at("Identity") == identity);
        CHECK(directory.at("Server") == "EX01");
        CHECK(directory.at("InternalUrl").get<std::string>().rfind("https://ex01.corp.contoso.local/", 0) == 0);
        CHECK(directory.at("ExternalUrl").is_null());
    }
    CHECK(directories.at("oab").at(0).at("RequireSSL") == false);
    CHECK(directories.at("webServices").at(0).at("BasicAuthentication") == false);
    CHECK(directories.at("webServices").at(0).at("InternalUrl") == "https://ex01.corp.contoso.local/EWS/Exchange.asmx");
}

TEST_CASE("the seed's receive connectors are Default EX01 and Client EX01", "[seed]")
{
    auto& emu = fresh_emulator();
    const json connectors = value_of(emu.invoke("Get-ReceiveConnector"));
    REQUIRE(connectors.size() == 2);
    const json& default_connector = connectors.at(0);
    CHECK(default_connector.at("Identity") == "EX01\\Default EX01");
    CHECK(default_connector.at("Bindings") == json::array({"0.0.0.0:25", "[::]:25"}));
    CHECK(default_connector.at("RemoteIPRanges").is_array());
    CHECK(default_connector.at("RemoteIPRanges").back() == "0.0.0.0-255.255.255.255");
    CHECK(default_connector.at("AuthMechanism") == "Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer");
    CHECK(default_connector.at("Enabled") == true);
    CHECK(connectors.at(1).at("Identity") == "EX01\\Client EX01");
    CHECK(connectors.at(1).at("Bindings") == json::array({"0.0.0.0:587"}));
}

TEST_CASE("every Get-* cmdlet answers the seed in the success envelope", "[seed][envelope]")
{
    auto& emu = fresh_emulator();
    const json org = org_state(emu);
    const std::vector<std::pair<std::string, json>> reads = {
        {"Get-ExchangeServer", org.at("servers")},
        {"Get-ExchangeCertificate", org.at("certificates")},
        {"Get-AcceptedDomain", org.at("acceptedDomains")},
        {"Get-EmailAddressPolicy", org.at("emailAddressPolicies")},
        {"Get-OwaVirtualDirectory", org.at("virtualDirectories").at("owa")},
        {"Get-EcpVirtualDirectory", org.at("virtualDirectories").at("ecp")},
        {"Get-ActiveSyncVirtualDirectory", org.at("virtualDirectories").at("activeSync")},
        {"Get-OabVirtualDirectory", org.at("virtualDirectories").at("oab")},
        {"Get-WebServicesVirtualDirectory", org.at("virtualDirectories").at("webServices")},
        {"Get-OutlookAnywhere", org.at("outlookAnywhere")},
        {"Get-ReceiveConnector", org.at("receiveConnectors")},
        {"Get-SendConnector", org.at("sendConnectors")}};
    for (const auto& [cmdlet, expected] : reads) {
        INFO(cmdlet);
        const auto reply = emu.invoke(cmdlet);
        REQUIRE(reply.status == 200);
        CHECK(reply.document.at("adminapi.warnings@odata.type") == "#Collection(String)");
        CHECK(reply.document.at("@adminapi.warnings") == json::array());
        CHECK(reply.document.contains("@odata.context"));
        CHECK(value_of(reply) == expected);
    }
}

TEST_CASE("Get-* with an Identity returns that object; Server filters", "[seed]")
{
    auto& emu = fresh_emulator();
    CHECK(value_of(emu.invoke("Get-ExchangeServer", {{"Identity", "ex01"}})).at(0).at("Name") == "EX01");
    CHECK(value_of(emu.invoke("Get-ExchangeServer", {{"Identity", "EX01.corp.contoso.local"}})).size() == 1);
    CHECK(value_of(emu.invoke("Get-OwaVirtualDirectory", {{"Identity", "EX01\\OWA (Default Web Site)"}})).size() == 1);
    CHECK(value_of(emu.invoke("Get-ReceiveConnector", {{"Server", "EX01"}})).size() == 2);
    CHECK(value_of(emu.invoke("Get-ReceiveConnector", {{"Identity", "EX01\\Client EX01"}})).at(0).at("Name") == "Client EX01");
    const std::string thumbprint = org_state(emu).at("certificates").at(0).at("Thumbprint");
    CHECK(value_of(emu.invoke("Get-ExchangeCertificate", {{"Thumbprint", thumbprint}})).size() == 1);
    CHECK(value_of(emu.invoke("Get-ExchangeCertificate", {{"Identity", "EX01\\" + thumbprint}})).size() == 1);
}
