// Mailboxes (wire-apis.md §3.2): $filter, paging with Prefer: odata.maxpagesize, @odata.bind to a
// profile, If-Match (412 on a stale etag, 404 for * on a missing row), upsert without If-Match,
// and the simulated Test & Enable job of §3.4.
#include "dataverse/dataverse_support.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <thread>

using namespace emutest;

namespace {

std::string create_profile(const emulator_process& emu, const std::string& token)
{
    const auto created = dv(emu, "POST", "emailserverprofiles", token, {{"name", "EXO"}, {"servertype", 3}});
    REQUIRE(created.status == 204);
    return entity_id(created);
}

json mailbox_by_address(const emulator_process& emu, const std::string& token, const std::string& address)
{
    const auto reply = dv(emu, "GET", "mailboxes?$filter=" + q("emailaddress eq '" + address + "'"), token);
    REQUIRE(reply.status == 200);
    REQUIRE(reply.document.at("value").size() == 1);
    return reply.document.at("value").at(0);
}

void sleep_seconds(double seconds) { std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000))); }

} // namespace

TEST_CASE("mailboxes are filtered and paged", "[dataverse][mailboxes][paging]")
{
    auto& emu = fresh_emulator();
    const std::string token = dataverse_token(emu);
    const json alex = mailbox_by_address(emu, token, "ALEXW@contoso.onmicrosoft.com");
    CHECK(alex.at("name") == "Alex Wilber");
    CHECK(alex.at("emailrouteraccessapproval") == 0);
    CHECK(alex.at("_emailserverprofile_value").is_null());

    // By the owning user, through the lookup's _value attribute and a bare GUID literal.
    const std::string user = alex.at("_regardingobjectid_value");
    const auto by_owner = dv(emu, "GET", "mailboxes?$select=emailaddress&$filter=" + q("_regardingobjectid_value eq " + user), token);
    REQUIRE(by_owner.status == 200);
    CHECK(by_owner.document.at("value") ==
          json::array({{{"@odata.etag", alex.at("@odata.etag")}, {"emailaddress", "alexw@contoso.onmicrosoft.com"},
                        {"mailboxid", alex.at("mailboxid")}}}));
    const auto combined = dv(emu, "GET", "mailboxes?$filter=" + q("emailrouteraccessapproval eq 0 and statecode eq 0"), token);
    CHECK(combined.document.at("value").size() == 3);
    CHECK(dv(emu, "GET", "mailboxes?$filter=" + q("_regardingobjectid_value eq '" + user + "'"), token).status == 400);
    CHECK(dv(emu, "GET", "mailboxes?$filter=" + q("nosuchcolumn eq 1"), token).status == 400);
    CHECK(dv(emu, "GET", "mailboxes?$filter=" + q("emailaddress eq"), token).status == 400);
    CHECK(dv(emu, "GET", "mailboxes?$select=nosuchcolumn", token).status == 400);
    CHECK(dv(emu, "GET", "mailboxes?$orderby=name", token).status == 400);

    std::map<std::string, int> seen;
    std::string path = "mailboxes?$select=emailaddress";
    int pages = 0;
    while (true) {
        const auto page = dv(emu, "GET", path, token, nullptr, {{"Prefer", "odata.maxpagesize=1"}});
        REQUIRE(page.status == 200);
        CHECK(page.headers.at("preference-applied") == "odata.maxpagesize=1");
        ++pages;
        REQUIRE(page.document.at("value").size() == 1);
        ++seen[page.document.at("value").at(0).at("emailaddress").get<std::string>()];
        if (!page.document.contains("@odata.nextLink"))
            break;
        path = relative(emu, page.document.at("@odata.nextLink")).substr(std::string("/api/data/v9.2/").size());
    }
    CHECK(pages == 3);
    CHECK(seen.size() == 3);
    const auto top = dv(emu, "GET", "mailboxes?$top=2&$count=true", token, nullptr, {{"Prefer", "odata.maxpagesize=1"}});
    CHECK(top.document.at("value").size() == 2);
    CHECK_FALSE(top.document.contains("@odata.nextLink"));
    CHECK(top.document.at("@odata.count") == 3);
}

TEST_CASE("PATCH binds lookups and honours If-Match", "[dataverse][mailboxes]")
{
    auto& emu = fresh_emulator();
    const std::string token = dataverse_token(emu);
    const std::string profile = create_profile(emu, token);
    const json megan = mailbox_by_address(emu, token, "meganb@contoso.onmicrosoft.com");
    const std::string path = "mailboxes(" + megan.at("mailboxid").get<std::string>() + ")";

    const auto bound = dv(emu, "PATCH", path, token,
                          {{"emailserverprofile@odata.bind", "/emailserverprofiles(" + profile + ")"},
                           {"incomingemaildeliverymethod", 2},
                           {"outgoingemaildeliverymethod", 2},
                           {"actdeliverymethod", 1}},
                          {{"If-Match", "*"}});
    REQUIRE(bound.status == 204);
    const json after = dv(emu, "GET", path, token).document;
    CHECK(after.at("_emailserverprofile_value") == profile);
    CHECK(after.at("incomingemaildeliverymethod") == 2);
    CHECK(after.at("@odata.etag") != megan.at("@odata.etag"));

    // The old etag is stale now; the new one works.
    const auto stale = dv(emu, "PATCH", path, token, {{"name", "x"}}, {{"If-Match", megan.at("@odata.etag").get<std::string>()}});
    CHECK(stale.status == 412);
    CHECK(stale.document.at("error").at("code") == "0x80060882");
    CHECK(dv(emu, "PATCH", path, token, {{"ewsurl", "https://outlook.office365.com/EWS/Exchange.asmx"}},
             {{"If-Match", after.at("@odata.etag").get<std::string>()}})
              .status == 204);

    // Bad binds and bad values change nothing.
    CHECK(dv(emu, "PATCH", path, token, {{"emailserverprofile@odata.bind", "/emailserverprofiles(3f2504e0-4f89-41d3-9a0c-0305e82c3301)"}})
              .status == 404);
    CHECK(dv(emu, "PATCH", path, token, {{"emailserverprofile@odata.bind", "/mailboxes(" + profile + ")"}}).status == 400);
    CHECK(dv(emu, "PATCH", path, token, {{"_emailserverprofile_value", profile}}).status == 400);
    CHECK(dv(emu, "PATCH", path, token, {{"incomingemaildeliverymethod", 4}}).status == 400);
    CHECK(dv(emu, "PATCH", path, token, {{"actdeliverymethod", 3}}).status == 400);
    CHECK(dv(emu, "PATCH", path, token, {{"emailrouteraccessapproval", 5}}).status == 400);
    CHECK(dv(emu, "PATCH", path, token, {{"mailboxstatus", 1}}).status == 400);
    CHECK(dv(emu, "GET", path, token).document.at("_emailserverprofile_value") == profile);

    // If-Match: * never creates; without If-Match a PATCH to a missing id is an upsert.
    const std::string fresh = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    const auto absent = dv(emu, "PATCH", "emailserverprofiles(" + fresh + ")", token, {{"name", "Upserted"}}, {{"If-Match", "*"}});
    CHECK(absent.status == 404);
    CHECK(absent.document.at("error").at("code") == "0x80040217");
    CHECK(dv(emu, "GET", "emailserverprofiles(" + fresh + ")", token).status == 404);
    const auto upsert = dv(emu, "PATCH", "emailserverprofiles(" + fresh + ")", token, {{"name", "Upserted"}, {"servertype", 3}});
    CHECK(upsert.status == 204);
    CHECK(dv(emu, "GET", "emailserverprofiles(" + fresh + ")", token).document.at("name") == "Upserted");
}

TEST_CASE("Test & Enable succeeds for an approved mailbox on server-side sync, else fails", "[dataverse][mailboxes][job]")
{
    auto& emu = fresh_emulator();
    const std::string token = dataverse_token(emu);
    REQUIRE(emu.post("/control/dataverse/settings", R"({"testEnableDelaySeconds":0.5})").status == 200);
    CHECK(emu.get("/control/dataverse/settings").document.at("testEnableDelaySeconds") == 0.5);
    CHECK(emu.post("/control/dataverse/settings", R"({"delay":1})").status == 400);
    const std::string profile = create_profile(emu, token);
    const json admin = mailbox_by_address(emu, token, "admin@contoso.onmicrosoft.com");
    const json alex = mailbox_by_address(emu, token, "alexw@contoso.onmicrosoft.com");
    const std::string good = "mailboxes(" + admin.at("mailboxid").get<std::string>() + ")";
    const std::string bad = "mailboxes(" + alex.at("mailboxid").get<std::string>() + ")";
    const json sss = {{"emailserverprofile@odata.bind", "/emailserverprofiles(" + profile + ")"},
                      {"incomingemaildeliverymethod", 2},
                      {"outgoingemaildeliverymethod", 2},
                      {"actdeliverymethod", 1}};
    REQUIRE(dv(emu, "PATCH", good, token, sss).status == 204);
    REQUIRE(dv(emu, "PATCH", bad, token, sss).status == 204);
    // Approve Email on the user approves its mailbox.
    const std::string admin_user = admin.at("_regardingobjectid_value");
    REQUIRE(dv(emu, "PATCH", "systemusers(" + admin_user + ")", token, {{"emailrouteraccessapproval", 1}}).status == 204);
    CHECK(dv(emu, "GET", good + "?$select=emailrouteraccessapproval", token).document.at("emailrouteraccessapproval") == 1);

    REQUIRE(dv(emu, "PATCH", good, token, {{"testemailconfigurationscheduled", true}}).status == 204);
    REQUIRE(dv(emu, "PATCH", bad, token, {{"testemailconfigurationscheduled", true}}).status == 204);
    const std::string status_select = "?$select=mailboxstatus,incomingemailstatus,outgoingemailstatus,actstatus,"
                                      "testemailconfigurationscheduled,testmailboxaccesscompletedon,lastsyncerror";
    const json pending = dv(emu, "GET", good + status_select, token).document;
    CHECK(pending.at("testemailconfigurationscheduled") == true);
    CHECK(pending.at("mailboxstatus") == 0);
    CHECK(pending.at("testmailboxaccesscompletedon").is_null());

    sleep_seconds(2.0);
    const json passed = dv(emu, "GET", good + status_select, token).document;
    CHECK(passed.at("mailboxstatus") == 1);
    CHECK(passed.at("incomingemailstatus") == 1);
    CHECK(passed.at("outgoingemailstatus") == 1);
    CHECK(passed.at("actstatus") == 1);
    CHECK(passed.at("testemailconfigurationscheduled") == false);
    CHECK(passed.at("testmailboxaccesscompletedon").is_string());
    CHECK(passed.at("lastsyncerror").is_null());

    const json failed = dv(emu, "GET", bad + status_select, token).document;
    CHECK(failed.at("mailboxstatus") == 2);
    CHECK(failed.at("incomingemailstatus") == 2);
    CHECK(failed.at("outgoingemailstatus") == 2);
    CHECK(failed.at("actstatus") == 2);
    CHECK(failed.at("testemailconfigurationscheduled") == false);
    CHECK(failed.at("lastsyncerror").get<std::string>().find("not approved") != std::string::npos);

    // The request log marks the tenant and counts Dataverse reads and writes.
    const json entries = log_entries(emu, "/api/data/v9.2/");
    REQUIRE_FALSE(entries.empty());
    CHECK(entries.at(0).at("tenant") == demo_tenant);
    const json counters = emu.get("/control/counters").document.at("byService").at("dataverse");
    CHECK(counters.at("writes") == 6);
    CHECK(counters.at("reads").get<int>() >= 5);
}
