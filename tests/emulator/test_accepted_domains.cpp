// New-/Set-AcceptedDomain and New-/Set-EmailAddressPolicy.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("New-AcceptedDomain creates a non-default domain and returns it", "[accepted-domain]")
{
    auto& emu = fresh_emulator();
    const auto reply = emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}});
    REQUIRE(reply.status == 200);
    const json expected = json::parse(R"j({"Identity":"official name","Name":"official name","DomainName":"contoso.com",
        "DomainType":"Authoritative","Default":false})j");
    CHECK(value_of(reply) == json::array({expected}));
    CHECK(org_state(emu).at("acceptedDomains").at(1) == expected);

    const auto relay = emu.invoke("New-AcceptedDomain", {{"Name", "relay"}, {"DomainName", "*.fabrikam.com"}, {"DomainType", "internalrelay"}});
    CHECK(value_of(relay).at(0).at("DomainType") == "InternalRelay");
}

TEST_CASE("New-AcceptedDomain refuses a name or domain that exists, and bad values", "[accepted-domain]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}}).status == 200);
    const auto same_name = emu.invoke("New-AcceptedDomain", {{"Name", "Official Name"}, {"DomainName", "other.com"}});
    CHECK(same_name.status == 400);
    CHECK(same_name.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
    CHECK(emu.invoke("New-AcceptedDomain", {{"Name", "other"}, {"DomainName", "CONTOSO.com"}}).exception_class() ==
          "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");

    const auto bad_domain = emu.invoke("New-AcceptedDomain", {{"Name", "bad"}, {"DomainName", "not a domain"}});
    CHECK(bad_domain.status == 400);
    CHECK(bad_domain.error_text().find("'DomainName'") != std::string::npos);
    const auto bad_type = emu.invoke("New-AcceptedDomain", {{"Name", "bad"}, {"DomainName", "bad.com"}, {"DomainType", "Sometimes"}});
    CHECK(bad_type.status == 400);
    CHECK(bad_type.error_text().find("Authoritative, ExternalRelay, InternalRelay") != std::string::npos);
    CHECK(org_state(emu).at("acceptedDomains").size() == 2);
}

TEST_CASE("Set-AcceptedDomain -MakeDefault moves the default; a repeat warns", "[accepted-domain]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}}).status == 200);
    const auto reply = emu.invoke("Set-AcceptedDomain", {{"Identity", "official name"}, {"MakeDefault", true}});
    REQUIRE(reply.status == 200);
    CHECK(value_of(reply) == json::array());
    CHECK(warnings_of(reply) == json::array());
    const json domains = org_state(emu).at("acceptedDomains");
    CHECK(domains.at(0).at("Default") == false);
    CHECK(domains.at(1).at("Default") == true);

    const auto again = emu.invoke("Set-AcceptedDomain", {{"Identity", "official name"}, {"MakeDefault", true}});
    CHECK(again.status == 200);
    CHECK(warnings_of(again) ==
          json::array({"The command completed successfully but no settings of 'official name' have been modified."}));
}

TEST_CASE("Set-AcceptedDomain changes only what it is given", "[accepted-domain]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("Set-AcceptedDomain", {{"Identity", "corp.contoso.local"}, {"DomainType", "InternalRelay"}}).status == 200);
    const json domain = org_state(emu).at("acceptedDomains").at(0);
    CHECK(domain.at("DomainType") == "InternalRelay");
    CHECK(domain.at("Default") == true);
    CHECK(domain.at("DomainName") == "corp.contoso.local");
}

TEST_CASE("New-EmailAddressPolicy prefixes SMTP: and numbers custom policies", "[email-address-policy]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "official name"}, {"DomainName", "contoso.com"}}).status == 200);
    const auto reply = emu.invoke("New-EmailAddressPolicy", {{"Name", "Windows Server Essentials Email Address Policy"},
                                                            {"IncludedRecipients", "AllRecipients"},
                                                            {"EnabledPrimarySMTPAddressTemplate", "%m@contoso.com"}});
    REQUIRE(reply.status == 200);
    const json expected = json::parse(R"j({"Identity":"Windows Server Essentials Email Address Policy",
        "Name":"Windows Server Essentials Email Address Policy","IncludedRecipients":"AllRecipients",
        "EnabledPrimarySMTPAddressTemplate":"SMTP:%m@contoso.com","EnabledEmailAddressTemplates":["SMTP:%m@contoso.com"],
        "Priority":"1"})j");
    CHECK(value_of(reply).at(0) == expected);
    CHECK(org_state(emu).at("emailAddressPolicies").at(1) == expected);

    // A second one at priority 1 pushes the first to 2; the default stays Lowest.
    REQUIRE(emu.invoke("New-EmailAddressPolicy", {{"Name", "Mailboxes"},
                                                  {"IncludedRecipients", json::array({"MailContacts", "mailboxusers"})},
                                                  {"EnabledPrimarySMTPAddressTemplate", "SMTP:%g.%s@contoso.com"},
                                                  {"Priority", 1}})
                .status == 200);
    const json policies = org_state(emu).at("emailAddressPolicies");
    CHECK(policies.at(0).at("Priority") == "Lowest");
    CHECK(policies.at(1).at("Priority") == "2");
    CHECK(policies.at(2).at("Priority") == "1");
    CHECK(policies.at(2).at("IncludedRecipients") == "MailboxUsers, MailContacts");
}

TEST_CASE("New-EmailAddressPolicy refuses duplicates, foreign domains and bad values", "[email-address-policy]")
{
    auto& emu = fresh_emulator();
    const json base = {{"Name", "P"}, {"IncludedRecipients", "AllRecipients"}, {"EnabledPrimarySMTPAddressTemplate", "%m@corp.contoso.local"}};
    REQUIRE(emu.invoke("New-EmailAddressPolicy", base).status == 200);
    CHECK(emu.invoke("New-EmailAddressPolicy", base).exception_class() ==
          "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");

    json foreign = base;
    foreign["Name"] = "Q";
    foreign["EnabledPrimarySMTPAddressTemplate"] = "%m@not-accepted.com";
    const auto reply = emu.invoke("New-EmailAddressPolicy", foreign);
    CHECK(reply.status == 400);
    CHECK(reply.error_text().find("isn't an accepted domain") != std::string::npos);

    json bad_recipients = base;
    bad_recipients["Name"] = "R";
    bad_recipients["IncludedRecipients"] = "Everybody";
    CHECK(emu.invoke("New-EmailAddressPolicy", bad_recipients).status == 400);
    json bad_priority = base;
    bad_priority["Name"] = "S";
    bad_priority["Priority"] = 9;
    CHECK(emu.invoke("New-EmailAddressPolicy", bad_priority).error_text().find("'Priority'") != std::string::npos);
    CHECK(org_state(emu).at("emailAddressPolicies").size() == 2);
}

TEST_CASE("Set-EmailAddressPolicy replaces the primary template only", "[email-address-policy]")
{
    auto& emu = fresh_emulator();
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}}).status == 200);
    const auto reply = emu.invoke("Set-EmailAddressPolicy", {{"Identity", "Default Policy"},
                                                            {"EnabledPrimarySMTPAddressTemplate", "smtp:%m@contoso.com"}});
    REQUIRE(reply.status == 200);
    const json policy = org_state(emu).at("emailAddressPolicies").at(0);
    CHECK(policy.at("EnabledPrimarySMTPAddressTemplate") == "SMTP:%m@contoso.com");
    CHECK(policy.at("EnabledEmailAddressTemplates") == json::array({"SMTP:%m@contoso.com"}));
    CHECK(policy.at("IncludedRecipients") == "AllRecipients");
    CHECK(policy.at("Priority") == "Lowest");
    CHECK(warnings_of(emu.invoke("Set-EmailAddressPolicy", {{"Identity", "Default Policy"},
                                                            {"EnabledPrimarySMTPAddressTemplate", "%m@contoso.com"}}))
              .size() == 1);
}
