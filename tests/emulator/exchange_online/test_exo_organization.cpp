// Organization customization and the outbound spam policy (seeds T1), accepted domains (T9) and
// DKIM (T2).
#include "exchange_online/exo.h"

using namespace emutest;

TEST_CASE("exo organization: auto-forwarding needs Enable-OrganizationCustomization first (T1)", "[exo][organization]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto policy = exo(emu, token, "Get-HostedOutboundSpamFilterPolicy");
    REQUIRE(policy.status == 200);
    REQUIRE(policy.document.at("value").size() == 1);
    CHECK(policy.document.at("value").at(0).at("Identity") == "Default");
    CHECK(policy.document.at("value").at(0).at("AutoForwardingMode") == "Automatic");

    const auto dehydrated = exo(emu, token, "Set-HostedOutboundSpamFilterPolicy",
                                {{"Identity", "Default"}, {"AutoForwardingMode", "On"}});
    CHECK(dehydrated.status == 400);
    CHECK(dehydrated.exception_class() ==
          "Microsoft.Exchange.Configuration.Tasks.InvalidOperationInDehydratedContextException");
    CHECK(dehydrated.error_text() == "The command you tried to run isn't currently allowed in your organization. To run "
                                     "this command, you first need to run the command: Enable-OrganizationCustomization.");
    CHECK(dehydrated.headers.at("x-exceptiontype") == "InvalidOperationInDehydratedContextException");
    CHECK(tenant_state(emu).at("hostedOutboundSpamFilterPolicies").at(0).at("AutoForwardingMode") == "Automatic");

    const auto enable = exo(emu, token, "Enable-OrganizationCustomization");
    REQUIRE(enable.status == 200);
    CHECK(exo(emu, token, "Get-OrganizationConfig").document.at("value").at(0).at("IsDehydrated") == false);
    const auto twice = exo(emu, token, "Enable-OrganizationCustomization");
    CHECK(twice.status == 400);
    CHECK(twice.exception_class() == "System.InvalidOperationException");
    CHECK(twice.error_text() == "This operation is not required. Organization is already enabled for customization.");

    REQUIRE(exo(emu, token, "Set-HostedOutboundSpamFilterPolicy", {{"Identity", "Default"}, {"AutoForwardingMode", "on"}})
                .status == 200);
    CHECK(tenant_state(emu).at("hostedOutboundSpamFilterPolicies").at(0).at("AutoForwardingMode") == "On");
    const auto bad = exo(emu, token, "Set-HostedOutboundSpamFilterPolicy", {{"Identity", "Default"}, {"AutoForwardingMode", "Yes"}});
    CHECK(bad.status == 400);
    CHECK(bad.error_text().find("Automatic, On, Off") != std::string::npos);
    REQUIRE(exo(emu, token, "Set-HostedOutboundSpamFilterPolicy",
                {{"Identity", "Default"}, {"RecipientLimitPerDay", 500}, {"ActionWhenThresholdReached", "Alert"}})
                .status == 200);
    const json stored = tenant_state(emu).at("hostedOutboundSpamFilterPolicies").at(0);
    CHECK(stored.at("RecipientLimitPerDay") == 500);
    CHECK(stored.at("ActionWhenThresholdReached") == "Alert");
    CHECK(exo(emu, token, "Set-HostedOutboundSpamFilterPolicy", {{"Identity", "Default"}, {"RecipientLimitPerDay", 20000}})
              .status == 400);
}

TEST_CASE("exo accepted domains: the tenant's domains; the existing domain becomes InternalRelay (T9)", "[exo][domain]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto initial = exo(emu, token, "Get-AcceptedDomain");
    REQUIRE(initial.status == 200);
    CHECK(initial.document.at("value") == json::array({{{"Identity", "contoso.onmicrosoft.com"},
                                                         {"Name", "contoso.onmicrosoft.com"},
                                                         {"DomainName", "contoso.onmicrosoft.com"},
                                                         {"DomainType", "Authoritative"},
                                                         {"Default", true},
                                                         {"InitialDomain", true}}}));
    CHECK(exo(emu, token, "New-AcceptedDomain", {{"Name", "contoso.com"}, {"DomainName", "contoso.com"}}).status == 403);

    // A domain added to the tenant in Entra (here through the control endpoint) is an accepted domain.
    register_secret_app(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000007", "domain-adder-secret",
                        json::array(), json::array({"contoso.com"}));
    REQUIRE(exo(emu, token, "Set-AcceptedDomain", {{"Identity", "contoso.com"}, {"DomainType", "InternalRelay"}}).status == 200);
    REQUIRE(exo(emu, token, "Set-AcceptedDomain", {{"Identity", "contoso.com"}, {"MakeDefault", true}}).status == 200);
    const json domains = exo(emu, token, "Get-AcceptedDomain").document.at("value");
    REQUIRE(domains.size() == 2);
    CHECK(domains.at(0).at("Default") == false);
    CHECK(domains.at(1).at("DomainName") == "contoso.com");
    CHECK(domains.at(1).at("DomainType") == "InternalRelay");
    CHECK(domains.at(1).at("Default") == true);
    CHECK(domains.at(1).at("InitialDomain") == false);

    const auto unchanged = exo(emu, token, "Set-AcceptedDomain", {{"Identity", "contoso.com"}, {"DomainType", "InternalRelay"}});
    CHECK(unchanged.document.at("@adminapi.warnings").size() == 1);
    CHECK(exo(emu, token, "Set-AcceptedDomain", {{"Identity", "contoso.onmicrosoft.com"}, {"DomainType", "ExternalRelay"}})
              .status == 400);
    CHECK(exo(emu, token, "Set-AcceptedDomain", {{"Identity", "contoso.com"}, {"DomainType", "Relay"}}).status == 400);
}

TEST_CASE("exo DKIM: the initial domain signs from the start; a custom domain gets selectors (T2)", "[exo][dkim]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto initial = exo(emu, token, "Get-DkimSigningConfig");
    REQUIRE(initial.status == 200);
    REQUIRE(initial.document.at("value").size() == 1);
    CHECK(initial.document.at("value").at(0).at("Domain") == "contoso.onmicrosoft.com");
    CHECK(initial.document.at("value").at(0).at("Enabled") == true);

    CHECK(exo(emu, token, "New-DkimSigningConfig", {{"DomainName", "contoso.com"}, {"Enabled", false}}).status == 400);
    register_secret_app(emu, demo_tenant, "eeeeeeee-0000-4000-8000-000000000008", "dkim-domain-secret", json::array(),
                        json::array({"contoso.com"}));
    const auto small_key = exo(emu, token, "New-DkimSigningConfig",
                               {{"DomainName", "contoso.com"}, {"Enabled", true}, {"KeySize", 512}});
    CHECK(small_key.status == 400);
    CHECK(small_key.error_text().find("'KeySize'") != std::string::npos);
    const auto created = exo(emu, token, "New-DkimSigningConfig", {{"DomainName", "contoso.com"}, {"Enabled", false}});
    REQUIRE(created.status == 200);
    const json& config = created.document.at("value").at(0);
    CHECK(config.at("Identity") == "contoso.com");
    CHECK(config.at("Enabled") == false);
    CHECK(config.at("Selector1CNAME") == "selector1-contoso-com._domainkey.contoso.onmicrosoft.com");
    CHECK(config.at("Selector2CNAME") == "selector2-contoso-com._domainkey.contoso.onmicrosoft.com");
    CHECK(config.at("Selector1KeySize") == 2048);

    const auto duplicate = exo(emu, token, "New-DkimSigningConfig", {{"DomainName", "CONTOSO.com"}, {"Enabled", true}});
    CHECK(duplicate.status == 400);
    CHECK(duplicate.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
    CHECK(exo(emu, token, "New-DkimSigningConfig", {{"DomainName", "contoso.com"}}).status == 400);  // Enabled is mandatory

    // Signing starts only once public DNS shows both selector CNAMEs; the refusal names them.
    const auto early = exo(emu, token, "Set-DkimSigningConfig", {{"Identity", "contoso.com"}, {"Enabled", true}});
    CHECK(early.status == 400);
    CHECK(early.exception_class() == "Microsoft.Exchange.Management.Tasks.ValidationException");
    CHECK(early.error_text().find("CNAME record does not exist for this config") != std::string::npos);
    CHECK(early.error_text().find("Host Name : selector2._domainkey Points to address or value: "
                                  "selector2-contoso-com._domainkey.contoso.onmicrosoft.com") != std::string::npos);
    CHECK(tenant_state(emu).at("dkimSigningConfigs").at(1).at("Enabled") == false);
    REQUIRE(emu.post("/control/dns/records",
                     json{{"name", "selector1._domainkey.contoso.com"}, {"type", "CNAME"},
                          {"value", "selector1-contoso-com._domainkey.contoso.onmicrosoft.com"}}.dump())
                .status == 201);
    CHECK(exo(emu, token, "Set-DkimSigningConfig", {{"Identity", "contoso.com"}, {"Enabled", true}}).status == 400);
    REQUIRE(emu.post("/control/dns/records",
                     json{{"name", "selector2._domainkey.contoso.com"}, {"type", "CNAME"},
                          {"value", "selector2-contoso-com._domainkey.contoso.onmicrosoft.com."}}.dump())
                .status == 201);
    REQUIRE(exo(emu, token, "Set-DkimSigningConfig", {{"Identity", "contoso.com"}, {"Enabled", true}}).status == 200);
    CHECK(tenant_state(emu).at("dkimSigningConfigs").at(1).at("Enabled") == true);
    const auto unchanged = exo(emu, token, "Set-DkimSigningConfig", {{"Identity", "contoso.com"}, {"Enabled", true}});
    CHECK(unchanged.document.at("@adminapi.warnings") ==
          json::array({"The command completed successfully but no settings of 'contoso.com' have been modified."}));
}
