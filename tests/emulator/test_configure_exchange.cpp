// ConfigureExchange.ps1 (seeds/exchange-onprem-essentials.fr.md, X5) step by step, as the
// forwarding module would send it, then the state it leaves.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

void run_configure_exchange(const emulator_process& emu, const test_certificate& certificate, const std::string& password)
{
    const auto imported = emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)},
                                                                   {"Password", secure_string(password)},
                                                                   {"Force", true}});
    REQUIRE(imported.status == 200);
    // The pipeline binds Thumbprint from the imported object.
    REQUIRE(emu.invoke("Enable-ExchangeCertificate", {{"Thumbprint", value_of(imported).at(0).at("Thumbprint")},
                                                      {"Services", "POP, IIS, IMAP, SMTP"},
                                                      {"Force", true}})
                .status == 200);
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}}).status == 200);
    REQUIRE(emu.invoke("Set-AcceptedDomain", {{"Identity", "official name"}, {"MakeDefault", true}}).status == 200);
    REQUIRE(emu.invoke("New-EmailAddressPolicy", {{"Name", "Windows Server Essentials Email Address Policy"},
                                                  {"IncludedRecipients", "AllRecipients"},
                                                  {"EnabledPrimarySMTPAddressTemplate", "%m@contoso.com"}})
                .status == 200);
    const std::vector<std::tuple<std::string, std::string, std::string>> directories = {
        {"OwaVirtualDirectory", "/owa", ""},
        {"EcpVirtualDirectory", "/ecp", ""},
        {"ActiveSyncVirtualDirectory", "/Microsoft-Server-ActiveSync", ""},
        {"OabVirtualDirectory", "/OAB", "RequireSSL"},
        {"WebServicesVirtualDirectory", "/EWS/Exchange.asmx", "BasicAuthentication"}};
    for (const auto& [family, path, extra] : directories) {
        // Get-X | Set-X: one Set per directory the Get returned.
        for (const auto& directory : value_of(emu.invoke("Get-" + family))) {
            json params = {{"Identity", directory.at("Identity")},
                           {"ExternalUrl", "https://mail.contoso.com" + path},
                           {"InternalUrl", "https://mail.contoso.com" + path}};
            if (!extra.empty())
                params[extra] = true;
            if (extra == "BasicAuthentication")
                params["Force"] = true;
            REQUIRE(emu.invoke("Set-" + family, params).status == 200);
        }
    }
    REQUIRE(emu.invoke("Enable-OutlookAnywhere", {{"ClientAuthenticationMethod", "Basic"},
                                                  {"ExternalHostname", "mail.contoso.com"},
                                                  {"SSLOffloading", false}})
                .status == 200);
    REQUIRE(emu.invoke("Set-ReceiveConnector", {{"Identity", "EX01\\Default EX01"}, {"RemoteIPRanges", "192.168.0.0-192.168.0.255"}})
                .status == 200);
    REQUIRE(emu.invoke("New-ReceiveConnector", {{"Name", "WSE Internet Receive Connector"},
                                                {"Usage", "Internet"},
                                                {"Bindings", "192.168.0.10:25"},
                                                {"Fqdn", "mail.contoso.com"},
                                                {"Enabled", true},
                                                {"Server", "EX01"},
                                                {"AuthMechanism", json::array({"Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated"})}})
                .status == 200);
    REQUIRE(emu.invoke("New-SendConnector", {{"Name", "WSE Internet SendConnector"},
                                             {"Usage", "Internet"},
                                             {"AddressSpaces", "SMTP:*;1"},
                                             {"IsScopedConnector", false},
                                             {"DNSRoutingEnabled", true},
                                             {"UseExternalDNSServersEnabled", true},
                                             {"SourceTransportServers", "EX01"}})
                .status == 200);
}

} // namespace

TEST_CASE("ConfigureExchange.ps1 leaves the organization configured for contoso.com", "[scenario]")
{
    auto& emu = fresh_emulator();
    const auto certificate = make_legacy_pfx("/C=US/O=Contoso/CN=mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"},
                                             "ess3ntials!");
    run_configure_exchange(emu, certificate, "ess3ntials!");
    const json org = org_state(emu);

    CHECK(org.at("certificates").at(1).at("Thumbprint") == certificate.thumbprint);
    CHECK(org.at("certificates").at(1).at("Services") == "IMAP, POP, IIS, SMTP");
    CHECK(org.at("acceptedDomains").at(1).at("Default") == true);
    CHECK(org.at("acceptedDomains").at(0).at("Default") == false);
    CHECK(org.at("emailAddressPolicies").at(1).at("EnabledPrimarySMTPAddressTemplate") == "SMTP:%m@contoso.com");
    CHECK(org.at("virtualDirectories").at("owa").at(0).at("ExternalUrl") == "https://mail.contoso.com/owa");
    CHECK(org.at("virtualDirectories").at("oab").at(0).at("RequireSSL") == true);
    CHECK(org.at("virtualDirectories").at("webServices").at(0).at("InternalUrl") == "https://mail.contoso.com/EWS/Exchange.asmx");
    CHECK(org.at("outlookAnywhere").at(0).at("ExternalHostname") == "mail.contoso.com");
    CHECK(org.at("receiveConnectors").at(0).at("RemoteIPRanges") == json::array({"192.168.0.0-192.168.0.255"}));
    CHECK(org.at("receiveConnectors").at(2).at("AuthMechanism") == "Tls, Integrated, BasicAuth, BasicAuthRequireTLS");
    CHECK(org.at("sendConnectors").at(0).at("AddressSpaces") == json::array({"SMTP:*;1"}));

    const json counters = emu.get("/control/counters").document;
    CHECK(counters.at("reads") == 5);
    CHECK(counters.at("writes") == 14);
}

TEST_CASE("running ConfigureExchange.ps1's New-* steps twice fails as Exchange does", "[scenario]")
{
    auto& emu = fresh_emulator();
    const auto certificate = make_modern_pfx("/CN=mail.contoso.com", {"mail.contoso.com"}, "pw");
    run_configure_exchange(emu, certificate, "pw");
    const json configured = org_state(emu);
    CHECK(emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)}, {"Password", secure_string("pw")}}).status == 400);
    CHECK(emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}}).status == 400);
    CHECK(emu.invoke("Enable-OutlookAnywhere", {{"ExternalHostname", "mail.contoso.com"}, {"SSLOffloading", false}}).status == 400);
    CHECK(emu.invoke("New-SendConnector", {{"Name", "WSE Internet SendConnector"}, {"AddressSpaces", "SMTP:*;1"}}).status == 400);
    CHECK(org_state(emu) == configured);
}
