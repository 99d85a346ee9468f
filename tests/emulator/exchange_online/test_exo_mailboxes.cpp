// Get-/Set-Mailbox and Get-/Set-CASMailbox (seeds T6, T8): identities, forwarding, proxy addresses,
// client protocols.
#include "exchange_online/exo.h"

using namespace emutest;

TEST_CASE("exo mailboxes: the demo tenant's mailboxes as Exchange Online prints them", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const auto reply = exo(emu, demo_token(emu), "Get-Mailbox");
    REQUIRE(reply.status == 200);
    const json& value = reply.document.at("value");
    REQUIRE(value.size() == 5);
    std::vector<std::string> names;
    for (const auto& mailbox : value)
        names.push_back(mailbox.at("Name"));
    CHECK(names == std::vector<std::string>{"AdeleV", "AlexW", "MeganB", "LeeG", "Info"});
    const json& adele = value.at(0);
    std::vector<std::string> keys;
    for (const auto& [key, _] : adele.items())
        keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"Identity", "Name", "Alias", "DisplayName", "UserPrincipalName",
                                           "PrimarySmtpAddress", "EmailAddresses", "RecipientTypeDetails", "ExchangeGuid",
                                           "ExternalDirectoryObjectId", "ForwardingAddress", "ForwardingSmtpAddress",
                                           "DeliverToMailboxAndForward"});
    CHECK(adele.at("DisplayName") == "Adele Vance");
    CHECK(adele.at("UserPrincipalName") == "AdeleV@contoso.onmicrosoft.com");
    CHECK(adele.at("EmailAddresses") == json::array({"SMTP:AdeleV@contoso.onmicrosoft.com"}));
    CHECK(adele.at("RecipientTypeDetails") == "UserMailbox");
    CHECK(adele.at("ExchangeGuid").get<std::string>().size() == 36);
    CHECK(adele.at("ExchangeGuid") != adele.at("ExternalDirectoryObjectId"));
    CHECK(adele.at("ForwardingSmtpAddress").is_null());
    CHECK(value.at(4).at("RecipientTypeDetails") == "SharedMailbox");
}

TEST_CASE("exo mailboxes: Identity by name, alias, UPN, address, proxy address or GUID", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    REQUIRE(exo(emu, token, "Set-Mailbox",
                {{"Identity", "MeganB"}, {"EmailAddresses", {{"Add", {"megan.bowen@contoso.onmicrosoft.com"}}}}})
                .status == 200);
    const std::string guid = tenant_state(emu).at("mailboxes").at(2).at("ExchangeGuid");
    for (const std::string& identity : std::vector<std::string>{"MeganB", "meganb", "MeganB@contoso.onmicrosoft.com",
                                                                "megan.bowen@CONTOSO.onmicrosoft.com", guid}) {
        INFO(identity);
        const auto reply = exo(emu, token, "Get-Mailbox", {{"Identity", identity}});
        REQUIRE(reply.status == 200);
        REQUIRE(reply.document.at("value").size() == 1);
        CHECK(reply.document.at("value").at(0).at("DisplayName") == "Megan Bowen");
    }
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "Megan Bowen"}}).status == 404);
}

TEST_CASE("exo mailboxes: RecipientTypeDetails filters the list", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto shared = exo(emu, token, "Get-Mailbox", {{"RecipientTypeDetails", "SharedMailbox"}});
    REQUIRE(shared.status == 200);
    REQUIRE(shared.document.at("value").size() == 1);
    CHECK(shared.document.at("value").at(0).at("Name") == "Info");
    const auto users = exo(emu, token, "Get-Mailbox", {{"RecipientTypeDetails", {"usermailbox"}}});
    CHECK(users.document.at("value").size() == 4);
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "Info"}, {"RecipientTypeDetails", "UserMailbox"}}).status == 404);
    const auto bad = exo(emu, token, "Get-Mailbox", {{"RecipientTypeDetails", "UserMailboxes"}});
    CHECK(bad.status == 400);
    CHECK(bad.error_text().find("UserMailbox, SharedMailbox, RoomMailbox") != std::string::npos);
}

TEST_CASE("exo mailboxes: forwarding with a copy kept (T6)", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto set = exo(emu, token, "Set-Mailbox",
                         {{"Identity", "AlexW@contoso.onmicrosoft.com"},
                          {"DeliverToMailboxAndForward", true},
                          {"ForwardingSmtpAddress", "AlexW@g.contoso.com"}});
    REQUIRE(set.status == 200);
    CHECK(set.document.at("value") == json::array());
    CHECK(set.document.at("@adminapi.warnings") == json::array());
    const auto alex = exo(emu, token, "Get-Mailbox", {{"Identity", "AlexW"}}).document.at("value").at(0);
    CHECK(alex.at("ForwardingSmtpAddress") == "smtp:AlexW@g.contoso.com");
    CHECK(alex.at("DeliverToMailboxAndForward") == true);

    // The same again changes nothing, says so, and still counts as a write.
    const auto again = exo(emu, token, "Set-Mailbox",
                           {{"Identity", "AlexW"}, {"DeliverToMailboxAndForward", true},
                            {"ForwardingSmtpAddress", "smtp:AlexW@g.contoso.com"}});
    REQUIRE(again.status == 200);
    CHECK(again.document.at("@adminapi.warnings") ==
          json::array({"The command completed successfully but no settings of 'AlexW' have been modified."}));
    CHECK(emu.get("/control/counters").document.at("byCmdlet").at("Set-Mailbox") == 2);

    // null clears; a bad address is refused naming the parameter.
    REQUIRE(exo(emu, token, "Set-Mailbox", {{"Identity", "AlexW"}, {"ForwardingSmtpAddress", nullptr}}).status == 200);
    CHECK(tenant_state(emu).at("mailboxes").at(1).at("ForwardingSmtpAddress").is_null());
    const auto bad = exo(emu, token, "Set-Mailbox", {{"Identity", "AlexW"}, {"ForwardingSmtpAddress", "not an address"}});
    CHECK(bad.status == 400);
    CHECK(bad.error_text().find("'ForwardingSmtpAddress'") != std::string::npos);
}

TEST_CASE("exo mailboxes: ForwardingAddress names another recipient", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    REQUIRE(exo(emu, token, "Set-Mailbox", {{"Identity", "LeeG"}, {"ForwardingAddress", "info@contoso.onmicrosoft.com"}})
                .status == 200);
    CHECK(tenant_state(emu).at("mailboxes").at(3).at("ForwardingAddress") == "Info");
    CHECK(exo(emu, token, "Set-Mailbox", {{"Identity", "LeeG"}, {"ForwardingAddress", "nobody"}}).status == 404);
    CHECK(tenant_state(emu).at("mailboxes").at(3).at("ForwardingAddress") == "Info");
}

TEST_CASE("exo mailboxes: EmailAddresses lists and Add/Remove hashtables", "[exo][mailbox]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto addresses = [&] { return tenant_state(emu).at("mailboxes").at(0).at("EmailAddresses"); };

    // Add a new primary: the old one becomes secondary, PrimarySmtpAddress follows.
    REQUIRE(exo(emu, token, "Set-Mailbox",
                {{"Identity", "AdeleV"},
                 {"EmailAddresses", {{"@odata.type", "#Exchange.GenericHashTable"},
                                     {"Add", {"SMTP:adele.vance@contoso.onmicrosoft.com", "smtp:av@contoso.onmicrosoft.com"}}}}})
                .status == 200);
    CHECK(addresses() == json::array({"smtp:AdeleV@contoso.onmicrosoft.com", "SMTP:adele.vance@contoso.onmicrosoft.com",
                                      "smtp:av@contoso.onmicrosoft.com"}));
    CHECK(tenant_state(emu).at("mailboxes").at(0).at("PrimarySmtpAddress") == "adele.vance@contoso.onmicrosoft.com");
    CHECK(tenant_state(emu).at("casMailboxes").at(0).at("PrimarySmtpAddress") == "adele.vance@contoso.onmicrosoft.com");
    // The new address finds the mailbox at once.
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "av@contoso.onmicrosoft.com"}}).status == 200);

    REQUIRE(exo(emu, token, "Set-Mailbox",
                {{"Identity", "AdeleV"}, {"EmailAddresses", {{"Remove", {"av@contoso.onmicrosoft.com"}}}}})
                .status == 200);
    CHECK(addresses().size() == 2);
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "av@contoso.onmicrosoft.com"}}).status == 404);

    const auto primary = exo(emu, token, "Set-Mailbox",
                             {{"Identity", "AdeleV"}, {"EmailAddresses", {{"Remove", {"adele.vance@contoso.onmicrosoft.com"}}}}});
    CHECK(primary.status == 400);
    CHECK(primary.exception_class() == "Microsoft.Exchange.Data.DataValidationException");

    const auto taken = exo(emu, token, "Set-Mailbox",
                           {{"Identity", "AdeleV"}, {"EmailAddresses", {{"Add", {"alexw@contoso.onmicrosoft.com"}}}}});
    CHECK(taken.status == 400);
    CHECK(taken.error_text().find("already being used by the proxy addresses or LegacyExchangeDN of \"AlexW\"") !=
          std::string::npos);

    const auto foreign = exo(emu, token, "Set-Mailbox",
                             {{"Identity", "AdeleV"}, {"EmailAddresses", {{"Add", {"adele@fabrikam.com"}}}}});
    CHECK(foreign.status == 400);
    CHECK(foreign.error_text().find("isn't an accepted domain") != std::string::npos);

    // A plain list replaces the addresses; without "SMTP:" the first one is primary.
    REQUIRE(exo(emu, token, "Set-Mailbox",
                {{"Identity", "AdeleV"}, {"EmailAddresses", {"adele@contoso.onmicrosoft.com", "X500:/o=Contoso/cn=adele"}}})
                .status == 200);
    CHECK(addresses() == json::array({"SMTP:adele@contoso.onmicrosoft.com", "X500:/o=Contoso/cn=adele"}));
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "AdeleV@contoso.onmicrosoft.com"}}).status == 200);  // the UPN stays
}

TEST_CASE("exo CAS mailboxes: one per mailbox; turning Outlook on the web off (T8)", "[exo][cas]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto all = exo(emu, token, "Get-CASMailbox");
    REQUIRE(all.status == 200);
    REQUIRE(all.document.at("value").size() == 5);
    const json& adele = all.document.at("value").at(0);
    CHECK(adele == json{{"Identity", "AdeleV"},
                        {"Name", "AdeleV"},
                        {"PrimarySmtpAddress", "AdeleV@contoso.onmicrosoft.com"},
                        {"ActiveSyncEnabled", true},
                        {"OWAEnabled", true},
                        {"PopEnabled", true},
                        {"ImapEnabled", true},
                        {"MAPIEnabled", true},
                        {"EwsEnabled", true}});

    const auto users = exo(emu, token, "Get-Mailbox", {{"RecipientTypeDetails", "UserMailbox"}});
    for (const auto& mailbox : users.document.at("value"))
        REQUIRE(exo(emu, token, "Set-CASMailbox", {{"Identity", mailbox.at("Identity")}, {"OWAEnabled", false}}).status == 200);
    const auto after = exo(emu, token, "Get-CASMailbox").document.at("value");
    for (int i = 0; i < 4; ++i)
        CHECK(after.at(i).at("OWAEnabled") == false);
    CHECK(after.at(4).at("OWAEnabled") == true);  // the shared mailbox was not in the list
    CHECK(after.at(0).at("PopEnabled") == true);

    const auto same = exo(emu, token, "Set-CASMailbox", {{"Identity", "AdeleV"}, {"OWAEnabled", false}});
    CHECK(same.document.at("@adminapi.warnings").at(0) ==
          "The command completed successfully but no settings of 'AdeleV' have been modified.");
    REQUIRE(exo(emu, token, "Set-CASMailbox",
                {{"Identity", "info@contoso.onmicrosoft.com"}, {"PopEnabled", false}, {"ImapEnabled", false},
                 {"MAPIEnabled", false}, {"EwsEnabled", false}, {"ActiveSyncEnabled", false}})
                .status == 200);
    const auto info = exo(emu, token, "Get-CASMailbox", {{"Identity", "Info"}}).document.at("value").at(0);
    CHECK(info.at("PopEnabled") == false);
    CHECK(info.at("EwsEnabled") == false);
    CHECK(info.at("OWAEnabled") == true);

    // Writes are logged per cmdlet and Identity, so a test can count them.
    int owa_writes = 0;
    for (const auto& entry : exo_log(emu))
        if (entry.at("cmdlet") == "Set-CASMailbox" && entry.at("parameters").contains("Identity") && entry.at("write") == true)
            ++owa_writes;
    CHECK(owa_writes == 6);
}
