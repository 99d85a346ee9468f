// New-/Set-ReceiveConnector and New-/Set-SendConnector.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

const json internet_receive = {{"Name", "WSE Internet Receive Connector"},
                               {"Usage", "Internet"},
                               {"Bindings", "192.168.0.10:25"},
                               {"Fqdn", "mail.contoso.com"},
                               {"Enabled", true},
                               {"Server", "EX01"},
                               {"AuthMechanism", json::array({"Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated"})}};

} // namespace

TEST_CASE("New-ReceiveConnector creates the connector with Exchange's formats", "[receive-connector]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("New-ReceiveConnector", internet_receive);
    REQUIRE(reply.status == 200);
    const json connector = org_state(emu).at("receiveConnectors").at(2);
    CHECK(value_of(reply).at(0) == connector);
    CHECK(connector.at("Identity") == "EX01\\WSE Internet Receive Connector");
    CHECK(connector.at("Server") == "EX01");
    CHECK(connector.at("Bindings") == json::array({"192.168.0.10:25"}));
    CHECK(connector.at("RemoteIPRanges").back() == "0.0.0.0-255.255.255.255");
    CHECK(connector.at("Fqdn") == "mail.contoso.com");
    // Flags print in the enum's order, whatever order they were given in.
    CHECK(connector.at("AuthMechanism") == "Tls, Integrated, BasicAuth, BasicAuthRequireTLS");
    CHECK(connector.at("Enabled") == true);
    CHECK(connector.at("TransportRole") == "HubTransport");

    const auto again = emu.invoke("New-ReceiveConnector", internet_receive);
    CHECK(again.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
}

TEST_CASE("New-ReceiveConnector takes AuthMechanism as one comma-separated string too", "[receive-connector]")
{
    auto& emu = fresh_emulator();
    json params = internet_receive;
    params["AuthMechanism"] = "BasicAuth,Tls";
    REQUIRE(emu.invoke("New-ReceiveConnector", params).status == 200);
    CHECK(org_state(emu).at("receiveConnectors").at(2).at("AuthMechanism") == "Tls, BasicAuth");
}

TEST_CASE("a second connector with the same binding and remote ranges is refused", "[receive-connector]")
{
    auto& emu = fresh_emulator();
    const auto clash = emu.invoke("New-ReceiveConnector", {{"Name", "Clash"}, {"Bindings", json::array({"0.0.0.0:25"})}});
    CHECK(clash.status == 400);
    CHECK(clash.error_text().find("EX01\\Default EX01") != std::string::npos);
    // Different remote ranges make it a different connector.
    CHECK(emu.invoke("New-ReceiveConnector", {{"Name", "Relay"}, {"Bindings", "0.0.0.0:25"}, {"RemoteIPRanges", "10.0.0.5"}}).status == 200);
    // Set-ReceiveConnector applies the same rule.
    CHECK(emu.invoke("Set-ReceiveConnector", {{"Identity", "EX01\\Relay"}, {"RemoteIPRanges",
          json::array({"::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"})}}).status == 400);
}

TEST_CASE("receive connector values are validated, naming the parameter", "[receive-connector]")
{
    auto& emu = fresh_emulator();
    const std::vector<std::pair<std::string, json>> bad = {
        {"Bindings", "192.168.0.10"},     {"Bindings", "192.168.0.10:70000"}, {"Bindings", "::1:25"},
        {"RemoteIPRanges", "192.168.0.255-192.168.0.0"}, {"RemoteIPRanges", "192.168.0.0/33"},
        {"RemoteIPRanges", "192.168.0"},  {"AuthMechanism", "Tls,Kerberos"}, {"Fqdn", "mail..contoso.com"},
        {"Usage", "Everything"}};
    for (const auto& [parameter, value] : bad) {
        INFO(parameter << " = " << value.dump());
        json params = internet_receive;
        params[parameter] = value;
        const auto reply = emu.invoke("New-ReceiveConnector", params);
        CHECK(reply.status == 400);
        CHECK(reply.error_text().find("'" + parameter + "'") != std::string::npos);
    }
    CHECK(org_state(emu).at("receiveConnectors").size() == 2);
}

TEST_CASE("Set-ReceiveConnector limits the default connector to the internal range", "[receive-connector]")
{
    auto& emu = fresh_emulator();
    const json before = org_state(emu).at("receiveConnectors").at(0);
    const auto reply = emu.invoke("Set-ReceiveConnector", {{"Identity", "EX01\\Default EX01"}, {"RemoteIPRanges", "192.168.0.0-192.168.0.255"}});
    REQUIRE(reply.status == 200);
    json expected = before;
    expected["RemoteIPRanges"] = json::array({"192.168.0.0-192.168.0.255"});
    CHECK(org_state(emu).at("receiveConnectors").at(0) == expected);
    CHECK(warnings_of(emu.invoke("Set-ReceiveConnector", {{"Identity", "EX01\\Default EX01"},
                                                          {"RemoteIPRanges", "192.168.0.0-192.168.0.255"}}))
              .size() == 1);
    // CIDR and single addresses are IP ranges too; {Add=…} edits the list.
    REQUIRE(emu.invoke("Set-ReceiveConnector", {{"Identity", "EX01\\Default EX01"},
                                                {"RemoteIPRanges", {{"@odata.type", "#Exchange.GenericHashTable"},
                                                                    {"Add", json::array({"10.0.0.0/8", "172.16.0.1"})}}}})
                .status == 200);
    CHECK(org_state(emu).at("receiveConnectors").at(0).at("RemoteIPRanges") ==
          json::array({"192.168.0.0-192.168.0.255", "10.0.0.0/8", "172.16.0.1"}));
}

TEST_CASE("New-SendConnector creates the Internet send connector", "[send-connector]")
{
    auto& emu = fresh_emulator();
    const json params = {{"Name", "WSE Internet SendConnector"},
                         {"Usage", "Internet"},
                         {"AddressSpaces", "SMTP:*;1"},
                         {"IsScopedConnector", false},
                         {"DNSRoutingEnabled", true},
                         {"UseExternalDNSServersEnabled", true},
                         {"SourceTransportServers", "ex01"}};
    const auto reply = emu.invoke("New-SendConnector", params);
    REQUIRE(reply.status == 200);
    const json expected = json::parse(R"j({"Identity":"WSE Internet SendConnector","Name":"WSE Internet SendConnector",
        "AddressSpaces":["SMTP:*;1"],"DNSRoutingEnabled":true,"UseExternalDNSServersEnabled":true,"IsScopedConnector":false,
        "SourceTransportServers":["EX01"],"Enabled":true})j");
    CHECK(org_state(emu).at("sendConnectors") == json::array({expected}));
    CHECK(value_of(reply).at(0) == expected);
    CHECK(emu.invoke("New-SendConnector", params).exception_class() ==
          "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
}

TEST_CASE("send connector values are validated; Set changes only what it is given", "[send-connector]")
{
    auto& emu = fresh_emulator();
    CHECK(emu.invoke("New-SendConnector", {{"Name", "A"}, {"AddressSpaces", "SMTP:*;1000"}}).status == 400);
    CHECK(emu.invoke("New-SendConnector", {{"Name", "A"}, {"AddressSpaces", "*"}, {"SourceTransportServers", "EX09"}}).status == 404);
    CHECK(emu.invoke("New-SendConnector", {{"Name", "A"}, {"AddressSpaces", "*"}, {"Usage", "Sometimes"}}).status == 400);
    // A bare domain gets the SMTP type and cost 1.
    REQUIRE(emu.invoke("New-SendConnector", {{"Name", "A"}, {"AddressSpaces", json::array({"contoso.com", "smtp:*.fabrikam.com;5"})}})
                .status == 200);
    const json created = org_state(emu).at("sendConnectors").at(0);
    CHECK(created.at("AddressSpaces") == json::array({"SMTP:contoso.com;1", "SMTP:*.fabrikam.com;5"}));
    CHECK(created.at("SourceTransportServers") == json::array({"EX01"}));

    REQUIRE(emu.invoke("Set-SendConnector", {{"Identity", "A"}, {"UseExternalDNSServersEnabled", true}, {"Enabled", false}}).status == 200);
    json expected = created;
    expected["UseExternalDNSServersEnabled"] = true;
    expected["Enabled"] = false;
    CHECK(org_state(emu).at("sendConnectors").at(0) == expected);
    CHECK(emu.invoke("Set-SendConnector", {{"Identity", "A"}, {"Usage", "Internet"}}).status == 400);
}
