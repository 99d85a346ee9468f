// Transport rules (seeds T7, T10, and the rule that sends mail through a connector, T5): the
// Teams Essentials rules as the document writes them, priorities, state, validation.
#include "exchange_online/exo.h"

using namespace emutest;

namespace {

std::vector<std::string> rule_order(const emulator_process& emu, const std::string& token)
{
    std::vector<std::string> names;
    int expected_priority = 0;
    const auto reply = exo(emu, token, "Get-TransportRule");
    for (const auto& rule : reply.document.at("value")) {
        CHECK(rule.at("Priority") == expected_priority++);
        names.push_back(rule.at("Name"));
    }
    return names;
}

} // namespace

TEST_CASE("exo transport rules: the Teams Essentials rules (T7, T10)", "[exo][transportrule]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto calendar = exo(emu, token, "New-TransportRule",
                              {{"Name", "Direct to Calendar"},
                               {"MessageTypeMatches", "Calendaring"},
                               {"SetHeaderName", "X-MS-Exchange-Organization-CalendarBooking-Response"},
                               {"SetHeaderValue", "Tentative"}});
    REQUIRE(calendar.status == 200);
    REQUIRE(calendar.document.at("value").size() == 1);
    const json& rule = calendar.document.at("value").at(0);
    CHECK(rule.at("Identity") == "Direct to Calendar");
    CHECK(rule.at("Priority") == 0);
    CHECK(rule.at("State") == "Enabled");
    CHECK(rule.at("Mode") == "Enforce");
    CHECK(rule.at("MessageTypeMatches") == "Calendaring");
    CHECK(rule.at("SetHeaderName") == "X-MS-Exchange-Organization-CalendarBooking-Response");
    CHECK(rule.at("SetHeaderValue") == "Tentative");
    CHECK(rule.at("DeleteMessage") == false);
    CHECK(rule.at("FromScope").is_null());

    REQUIRE(exo(emu, token, "New-TransportRule",
                {{"Name", "Direct to Calendar triage action"},
                 {"MessageTypeMatches", "calendaring"},
                 {"SetHeaderName", "X-MS-Exchange-Organization-CalendarBooking-TriageAction"},
                 {"SetHeaderValue", "MoveToDeletedItems"}})
                .status == 200);
    const auto del = exo(emu, token, "New-TransportRule",
                         {{"Name", "Delete all except Calendaring"},
                          {"ExceptIfMessageTypeMatches", "Calendaring"},
                          {"FromScope", "NotInOrganization"},
                          {"DeleteMessage", true}});
    REQUIRE(del.status == 200);
    CHECK(del.document.at("value").at(0).at("Priority") == 2);
    CHECK(del.document.at("value").at(0).at("ExceptIfMessageTypeMatches") == "Calendaring");
    CHECK(del.document.at("value").at(0).at("DeleteMessage") == true);
    CHECK(del.document.at("value").at(0).at("FromScope") == "NotInOrganization");
    CHECK(rule_order(emu, token) ==
          std::vector<std::string>{"Direct to Calendar", "Direct to Calendar triage action", "Delete all except Calendaring"});

    const auto again = exo(emu, token, "New-TransportRule", {{"Name", "direct to calendar"}, {"DeleteMessage", true}});
    CHECK(again.status == 400);
    CHECK(again.exception_class() == "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException");
    CHECK(tenant_state(emu).at("transportRules").size() == 3);
}

TEST_CASE("exo transport rules: priorities insert, move and close up as in Exchange", "[exo][transportrule]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    for (const std::string name : {"A", "B", "C"})
        REQUIRE(exo(emu, token, "New-TransportRule", {{"Name", name}, {"StopRuleProcessing", true}}).status == 200);
    REQUIRE(exo(emu, token, "New-TransportRule", {{"Name", "First"}, {"Priority", 0}, {"DeleteMessage", true}}).status == 200);
    CHECK(rule_order(emu, token) == std::vector<std::string>{"First", "A", "B", "C"});
    REQUIRE(exo(emu, token, "New-TransportRule", {{"Name", "Middle"}, {"Priority", "2"}, {"DeleteMessage", true}}).status == 200);
    CHECK(rule_order(emu, token) == std::vector<std::string>{"First", "A", "Middle", "B", "C"});
    const auto beyond = exo(emu, token, "New-TransportRule", {{"Name", "Far"}, {"Priority", 6}, {"DeleteMessage", true}});
    CHECK(beyond.status == 400);
    CHECK(beyond.error_text().find("'Priority'") != std::string::npos);

    REQUIRE(exo(emu, token, "Set-TransportRule", {{"Identity", "First"}, {"Priority", 4}}).status == 200);
    CHECK(rule_order(emu, token) == std::vector<std::string>{"A", "Middle", "B", "C", "First"});
    REQUIRE(exo(emu, token, "Remove-TransportRule", {{"Identity", "Middle"}, {"Confirm", false}}).status == 200);
    CHECK(rule_order(emu, token) == std::vector<std::string>{"A", "B", "C", "First"});
    CHECK(exo(emu, token, "Remove-TransportRule", {{"Identity", "Middle"}, {"Confirm", false}}).status == 404);
}

TEST_CASE("exo transport rules: Set, rename, Enable and Disable", "[exo][transportrule]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    REQUIRE(exo(emu, token, "New-TransportRule",
                {{"Name", "Tag external"},
                 {"FromScope", "NotInOrganization"},
                 {"SenderDomainIs", {"gmail.com", "outlook.com"}},
                 {"SetHeaderName", "X-Tag"},
                 {"SetHeaderValue", "external"},
                 {"Enabled", false}})
                .status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("State") == "Disabled");
    REQUIRE(exo(emu, token, "Enable-TransportRule", {{"Identity", "Tag external"}}).status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("State") == "Enabled");
    REQUIRE(exo(emu, token, "Disable-TransportRule", {{"Identity", "tag EXTERNAL"}, {"Confirm", false}}).status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("State") == "Disabled");

    const auto set = exo(emu, token, "Set-TransportRule",
                         {{"Identity", "Tag external"},
                          {"Name", "Tag outside"},
                          {"Mode", "AuditAndNotify"},
                          {"Comments", "made by a test"},
                          {"SenderDomainIs", {{"Add", {"yahoo.com"}}, {"Remove", {"outlook.com"}}}},
                          {"HeaderMatchesMessageHeader", "Subject"},
                          {"HeaderMatchesPatterns", {"^\\[EXT\\]"}}});
    REQUIRE(set.status == 200);
    CHECK(set.document.at("@adminapi.warnings") == json::array());
    const json rule = exo(emu, token, "Get-TransportRule", {{"Identity", "Tag outside"}}).document.at("value").at(0);
    CHECK(rule.at("Identity") == "Tag outside");
    CHECK(rule.at("Mode") == "AuditAndNotify");
    CHECK(rule.at("Comments") == "made by a test");
    CHECK(rule.at("SenderDomainIs") == json::array({"gmail.com", "yahoo.com"}));
    CHECK(rule.at("HeaderMatchesPatterns") == json::array({"^\\[EXT\\]"}));
    CHECK(exo(emu, token, "Get-TransportRule", {{"Identity", "Tag external"}}).status == 404);

    const auto unchanged = exo(emu, token, "Set-TransportRule", {{"Identity", "Tag outside"}, {"Mode", "auditandnotify"}});
    CHECK(unchanged.document.at("@adminapi.warnings") ==
          json::array({"The command completed successfully but no settings of 'Tag outside' have been modified."}));
}

TEST_CASE("exo transport rules: values are validated", "[exo][transportrule]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    const auto lone_header = exo(emu, token, "New-TransportRule",
                                 {{"Name", "Half"}, {"HeaderContainsMessageHeader", "X-Test"}, {"DeleteMessage", true}});
    CHECK(lone_header.status == 400);
    CHECK(lone_header.exception_class() == "Microsoft.Exchange.Data.DataValidationException");
    CHECK(lone_header.error_text() ==
          "The parameters HeaderContainsMessageHeader and HeaderContainsWords must be used together.");
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Scope"}, {"SentToScope", "Outside"}}).status == 400);
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Regex"}, {"HeaderMatchesMessageHeader", "Subject"},
                                                {"HeaderMatchesPatterns", {"(unclosed"}}})
              .status == 400);
    CHECK(exo(emu, token, "New-TransportRule", {{"Name", "Redirect"}, {"RedirectMessageTo", {"not-an-address"}}}).status == 400);
    const auto connector = exo(emu, token, "New-TransportRule",
                               {{"Name", "Route"}, {"RouteMessageOutboundConnector", "No such connector"}});
    CHECK(connector.status == 404);
    CHECK(connector.error_text().find("'No such connector'") != std::string::npos);

    REQUIRE(exo(emu, token, "New-TransportRule",
                {{"Name", "Words"}, {"ExceptIfHeaderContainsMessageHeader", "X-Origin"},
                 {"ExceptIfHeaderContainsWords", {"internal", "trusted"}}, {"RedirectMessageTo", {"Info@contoso.onmicrosoft.com"}},
                 {"RecipientDomainIs", {"contoso.com"}}, {"ExceptIfSenderDomainIs", {"partner.example"}},
                 {"SentToScope", "InOrganization"}})
                .status == 200);
    const json rule = tenant_state(emu).at("transportRules").at(0);
    CHECK(rule.at("ExceptIfHeaderContainsWords") == json::array({"internal", "trusted"}));
    CHECK(rule.at("RedirectMessageTo") == json::array({"Info@contoso.onmicrosoft.com"}));
    CHECK(rule.at("SentToScope") == "InOrganization");
    // Clearing one half of a pair alone is refused; clearing both is fine.
    CHECK(exo(emu, token, "Set-TransportRule", {{"Identity", "Words"}, {"ExceptIfHeaderContainsWords", nullptr}}).status == 400);
    CHECK(exo(emu, token, "Set-TransportRule", {{"Identity", "Words"}, {"ExceptIfHeaderContainsWords", nullptr},
                                                {"ExceptIfHeaderContainsMessageHeader", nullptr}})
              .status == 200);
    CHECK(tenant_state(emu).at("transportRules").at(0).at("ExceptIfHeaderContainsWords").is_null());
}
