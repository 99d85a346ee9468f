// Paging (wire-apis.md §1.6): Prefer: odata.maxpagesize, @odata.nextLink POSTed with the same body,
// link expiry and tampering, and ResultSize over 2,500 generated mailboxes.
#include "exchange_online/exo.h"

#include <set>

using namespace emutest;

namespace {

const std::string more_results = "There are more results available than are currently displayed. To view them, "
                                 "increase the value for the ResultSize parameter.";

// Every generated mailbox (user1 … user2500) and the five of the seed, each exactly once.
void check_each_once(const json& objects, std::size_t expected)
{
    std::set<std::string> names;
    for (const auto& object : objects)
        names.insert(object.at("Name").get<std::string>());
    CHECK(objects.size() == expected);
    CHECK(names.size() == expected);
    CHECK(names.contains("user1"));
    CHECK(names.contains("user2500"));
    CHECK(names.contains("AdeleV"));
}

} // namespace

TEST_CASE("exo paging: 2,500 mailboxes in pages of 1000 and of 7, each exactly once", "[exo][paging]")
{
    auto& emu = fresh_emulator();
    generate_mailboxes(emu, 2500);
    const std::string token = demo_token(emu);
    int pages = 0;
    check_each_once(all_pages(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}}, 1000, &pages), 2505);
    CHECK(pages == 3);
    check_each_once(all_pages(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}}, 7, &pages), 2505);
    CHECK(pages == 358);  // ceil(2505 / 7)
    check_each_once(all_pages(emu, token, "Get-CASMailbox", {{"ResultSize", "unlimited"}}, 1000, &pages), 2505);
    CHECK(pages == 3);

    // A filter pages over the matching mailboxes only.
    const json users = all_pages(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", "UserMailbox"}}, 1000);
    CHECK(users.size() == 2504);

    const auto first = exo(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}}, demo_tenant,
                           {{"Prefer", "odata.maxpagesize=7"}});
    CHECK(first.headers.at("preference-applied") == "odata.maxpagesize=7");
    const std::string link = first.document.at("@odata.nextLink");
    CHECK(link.find("/InvokeCommand?$skiptoken=") != std::string::npos);
}

TEST_CASE("exo paging: ResultSize caps the total and warns when more exist", "[exo][paging]")
{
    auto& emu = fresh_emulator();
    generate_mailboxes(emu, 2500);
    const std::string token = demo_token(emu);

    // No ResultSize: 1000 at most, then the warning and no link (as Exchange's default ResultSize).
    const auto by_default = exo(emu, token, "Get-Mailbox");
    REQUIRE(by_default.status == 200);
    CHECK(by_default.document.at("value").size() == 1000);
    CHECK_FALSE(by_default.document.contains("@odata.nextLink"));
    CHECK(by_default.document.at("@adminapi.warnings") == json::array({more_results}));

    // The cap holds over pages: 20 in pages of 7 is 7 + 7 + 6, the warning on the last page.
    const std::map<std::string, std::string> prefer = {{"Prefer", "odata.maxpagesize=7"}};
    const std::string body = cmdlet_body("Get-Mailbox", {{"ResultSize", 20}});
    auto reply = exo_post(emu, token, exo_path(), body, prefer);
    std::vector<std::size_t> sizes;
    for (;;) {
        REQUIRE(reply.status == 200);
        sizes.push_back(reply.document.at("value").size());
        if (!reply.document.contains("@odata.nextLink"))
            break;
        CHECK(reply.document.at("@adminapi.warnings") == json::array());
        reply = exo_post(emu, token, next_path(emu, reply), body, prefer);
    }
    CHECK(sizes == std::vector<std::size_t>{7, 7, 6});
    CHECK(reply.document.at("@adminapi.warnings") == json::array({more_results}));

    // A cap the list does not reach gives no warning.
    const auto all_users = exo(emu, token, "Get-Mailbox", {{"ResultSize", "5000"}});
    CHECK(all_users.document.at("value").size() == 1000);
    CHECK(all_users.document.contains("@odata.nextLink"));
    CHECK(all_users.document.at("@adminapi.warnings") == json::array());

    for (const json& bad : {json("0"), json("lots"), json(-3)}) {
        INFO(bad.dump());
        const auto refused = exo(emu, token, "Get-Mailbox", {{"ResultSize", bad}});
        CHECK(refused.status == 400);
        CHECK(refused.error_text().find("'ResultSize'") != std::string::npos);
    }
    // Pages larger than 1000 are not served.
    const auto huge = exo(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}}, demo_tenant,
                          {{"Prefer", "odata.maxpagesize=5000"}});
    CHECK(huge.document.at("value").size() == 1000);
    CHECK(huge.headers.at("preference-applied") == "odata.maxpagesize=1000");
}

TEST_CASE("exo paging: small collections page too", "[exo][paging]")
{
    auto& emu = fresh_emulator();
    const std::string token = demo_token(emu);
    for (int i = 1; i <= 5; ++i)
        REQUIRE(exo(emu, token, "New-TransportRule", {{"Name", "Rule " + std::to_string(i)}, {"DeleteMessage", true}})
                    .status == 200);
    const json rules = all_pages(emu, token, "Get-TransportRule", json::object(), 2);
    REQUIRE(rules.size() == 5);
    for (int i = 0; i < 5; ++i)
        CHECK(rules.at(i).at("Name") == "Rule " + std::to_string(i + 1));
}

TEST_CASE("exo paging: expired, tampered and foreign links are 400", "[exo][paging]")
{
    auto& emu = fresh_emulator();
    generate_mailboxes(emu, 30);
    const std::string token = demo_token(emu);
    const std::map<std::string, std::string> prefer = {{"Prefer", "odata.maxpagesize=10"}};
    const std::string body = cmdlet_body("Get-Mailbox", {{"ResultSize", "Unlimited"}});
    const auto first = exo_post(emu, token, exo_path(), body, prefer);
    REQUIRE(first.status == 200);
    const std::string link = next_path(emu, first);

    // Another body (other parameters, other cmdlet) does not continue this request.
    CHECK(exo_post(emu, token, link, cmdlet_body("Get-Mailbox", {{"ResultSize", 1000}}), prefer).status == 400);
    CHECK(exo_post(emu, token, link, cmdlet_body("Get-CASMailbox", {{"ResultSize", "Unlimited"}}), prefer).status == 400);
    // A changed character of the token.
    std::string tampered = link;
    const auto at = tampered.find("skiptoken=") + 12;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    const auto bad = exo_post(emu, token, tampered, body, prefer);
    CHECK(bad.status == 400);
    CHECK(bad.error_text() == "The continuation link is not valid. Run the cmdlet again without it.");
    // Another tenant's path.
    register_secret_app(emu, second_tenant, second_client, second_secret, json::array({exchange_role}),
                        json::array({"fabrikam.onmicrosoft.com"}));
    const std::string token_b = secret_token(emu, second_tenant, second_client, second_secret);
    std::string foreign = link;
    foreign.replace(foreign.find(demo_tenant), demo_tenant.size(), second_tenant);
    CHECK(exo_post(emu, token_b, foreign, body, prefer).status == 400);
    // The right one still works.
    const auto second = exo_post(emu, token, link, body, prefer);
    REQUIRE(second.status == 200);
    CHECK(second.document.at("value").at(0).at("Name") == "user6");

    REQUIRE(emu.post("/control/exchange-online/settings", R"({"nextLinkLifetimeSeconds":0.5})").status == 200);
    const auto short_lived = exo_post(emu, token, exo_path(), body, prefer);
    REQUIRE(short_lived.status == 200);
    sleep_for_seconds(1.0);
    const auto expired = exo_post(emu, token, next_path(emu, short_lived), body, prefer);
    CHECK(expired.status == 400);
    CHECK(expired.error_text() == "The continuation link has expired. Run the cmdlet again without it.");
    CHECK(expired.exception_class() == "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
}
