// Outbound connectors (seeds T5): a partner connector to Google's smart host used only through
// transport rules, and the rules Exchange checks on a connector.
#include "exchange_online/exo.h"

using namespace emutest;

TEST_CASE("exo connectors: the connector to Gmail and the rule that uses it (T5)", "[exo][connector]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto created = exo(emu, token, "New-OutboundConnector",
                             {{"Name", "To Gmail"},
                              {"ConnectorType", "Partner"},
                              {"SmartHosts", {"aspmx.l.google.com"}},
                              {"UseMXRecord", false},
                              {"IsTransportRuleScoped", true},
                              {"TlsSettings", "EncryptionOnly"}});
    REQUIRE(created.status == 200);
    CHECK(created.document.at("value").at(0) == json{{"Identity", "To Gmail"},
                                                      {"Name", "To Gmail"},
                                                      {"Enabled", true},
                                                      {"ConnectorType", "Partner"},
                                                      {"UseMXRecord", false},
                                                      {"SmartHosts", {"aspmx.l.google.com"}},
                                                      {"RecipientDomains", json::array()},
                                                      {"TlsSettings", "EncryptionOnly"},
                                                      {"TlsDomain", nullptr},
                                                      {"IsTransportRuleScoped", true},
                                                      {"ValidationRecipients", json::array()},
                                                      {"Comment", nullptr}});
    REQUIRE(exo(emu, token, "New-TransportRule",
                {{"Name", "Route to Gmail"}, {"SentToScope", "NotInOrganization"},
                 {"RouteMessageOutboundConnector", "to gmail"}})
                .status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("RouteMessageOutboundConnector") == "To Gmail");

    // A connector a rule routes through cannot go; a renamed one takes the rule with it.
    const auto in_use = exo(emu, token, "Remove-OutboundConnector", {{"Identity", "To Gmail"}, {"Confirm", false}});
    CHECK(in_use.status == 400);
    CHECK(in_use.error_text().find("'Route to Gmail'") != std::string::npos);
    REQUIRE(exo(emu, token, "Set-OutboundConnector", {{"Identity", "To Gmail"}, {"Name", "Google"}}).status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("RouteMessageOutboundConnector") == "Google");
    REQUIRE(exo(emu, token, "Remove-TransportRule", {{"Identity", "Route to Gmail"}, {"Confirm", false}}).status == 200);
    REQUIRE(exo(emu, token, "Remove-OutboundConnector", {{"Identity", "Google"}, {"Confirm", false}}).status == 200);
    CHECK(tenant_state(emu).at("outboundConnectors") == json::array());
}

TEST_CASE("exo connectors: validation and Set", "[exo][connector]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto no_hosts = exo(emu, token, "New-OutboundConnector", {{"Name", "Broken"}, {"UseMXRecord", false}});
    CHECK(no_hosts.status == 400);
    CHECK(no_hosts.exception_class() == "Microsoft.Exchange.Data.DataValidationException");
    CHECK(no_hosts.error_text().find("SmartHosts") != std::string::npos);
    CHECK(exo(emu, token, "New-OutboundConnector", {{"Name", "Type"}, {"ConnectorType", "Internet"}}).status == 400);
    CHECK(exo(emu, token, "New-OutboundConnector", {{"Name", "Tls"}, {"TlsDomain", "mx.example.com"}}).status == 400);
    CHECK(exo(emu, token, "New-OutboundConnector", {{"Name", "Host"}, {"UseMXRecord", false}, {"SmartHosts", {"bad host"}}})
              .status == 400);
    CHECK(tenant_state(emu).at("outboundConnectors") == json::array());

    REQUIRE(exo(emu, token, "New-OutboundConnector",
                {{"Name", "On-premises"}, {"ConnectorType", "OnPremises"}, {"RecipientDomains", {"*"}},
                 {"UseMXRecord", false}, {"SmartHosts", {"192.0.2.25", "mail.contoso.com"}}, {"Comment", "hybrid"}})
                .status == 200);
    CHECK(exo(emu, token, "New-OutboundConnector", {{"Name", "ON-PREMISES"}}).status == 400);

    // Dropping the last smart host while UseMXRecord is false breaks the connector: refused, unchanged.
    CHECK(exo(emu, token, "Set-OutboundConnector",
              {{"Identity", "On-premises"}, {"SmartHosts", {{"Remove", {"192.0.2.25", "mail.contoso.com"}}}}})
              .status == 400);
    REQUIRE(exo(emu, token, "Set-OutboundConnector",
                {{"Identity", "On-premises"}, {"SmartHosts", {{"Remove", {"192.0.2.25"}}}},
                 {"TlsSettings", "DomainValidation"}, {"TlsDomain", "mail.contoso.com"}, {"Enabled", false}})
                .status == 200);
    const json connector =
        exo(emu, token, "Get-OutboundConnector", {{"Identity", "on-premises"}}).document.at("value").at(0);
    CHECK(connector.at("SmartHosts") == json::array({"mail.contoso.com"}));
    CHECK(connector.at("TlsSettings") == "DomainValidation");
    CHECK(connector.at("TlsDomain") == "mail.contoso.com");
    CHECK(connector.at("Enabled") == false);
    CHECK(connector.at("ConnectorType") == "OnPremises");
    CHECK(connector.at("RecipientDomains") == json::array({"*"}));
    CHECK(connector.at("Comment") == "hybrid");
}
