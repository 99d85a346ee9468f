// End to end: dataverse_client over the real cpprest client and a cloud::connection (token for
// https://contoso.crm.dynamics.com from the demo app) against the emulator's Dataverse
// personality (emulator/PROTOCOL.md "Dataverse personality").
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "core/error.h"
#include "dataverse/dataverse_client.h"
#include "graph/emulator_cloud.h"
#include "graph/odata_query.h"

using namespace mailint;
using namespace mailint::dataverse;
using nlohmann::json;

TEST_CASE("emulator: email server profile, mailbox update with If-Match, paging over a filter", "[dataverse][emulator]") {
    test::emulator_cloud cloud(test::quick_retry(), test::quick_retry());
    auto &channel = cloud.connection->dataverse("contoso");
    dataverse_client crm(channel, cloud.connection->settings().environment.dataverse_base("contoso"));
    cloud.control_json("POST", "/control/dataverse/settings", json{{"testEnableDelaySeconds", 0}});

    const json profile = {{"name", "Exchange Online (Hybrid)"},
                          {"servertype", 3},
                          {"usedefaulttenantid", true},
                          {"useautodiscover", true},
                          {"incomingcredentialretrieval", 2},
                          {"outgoingcredentialretrieval", 2}};
    const auto profile_id = crm.create("emailserverprofiles", profile);
    CHECK(profile_id.size() == 36);
    auto stored = crm.retrieve("emailserverprofiles", profile_id, {"name", "servertype"});
    REQUIRE(stored);
    CHECK((*stored)["name"] == "Exchange Online (Hybrid)");
    CHECK((*stored)["servertype"] == 3);

    try {
        crm.create("emailserverprofiles", json{{"name", "bad"}, {"servertype", 9}});
        FAIL("an unknown server type was accepted");
    } catch (const error &e) {
        CHECK(e.id() == "dataverse.bad_request");
        CHECK(e.detail()["code"] == "0x8004431a");
    }

    // The seed's three mailboxes, two a page, found through a filter.
    retrieve_options query;
    query.select = {"mailboxid", "emailaddress", "emailrouteraccessapproval"};
    query.filter = "contains(emailaddress,'contoso.onmicrosoft.com') and statecode eq 0";
    query.page_size = 2;
    auto mailboxes = crm.retrieve_multiple("mailboxes", query);
    REQUIRE(mailboxes.rows.size() == 3);
    CHECK(mailboxes.pages == 2);
    retrieve_options one = query;
    one.filter = graph::filter_eq("emailaddress", "alexw@contoso.onmicrosoft.com");
    auto alex = crm.retrieve_multiple("mailboxes", one);
    REQUIRE(alex.rows.size() == 1);
    const std::string mailbox_id = alex.rows[0]["mailboxid"];
    const std::string etag = alex.rows[0]["@odata.etag"];
    CHECK(etag.rfind("W/\"", 0) == 0);

    json changes = {{"incomingemaildeliverymethod", 2}, {"outgoingemaildeliverymethod", 2}, {"actdeliverymethod", 1}};
    bind_lookup(changes, "emailserverprofile", "emailserverprofiles", profile_id);
    crm.update("mailboxes", mailbox_id, changes, etag);

    // The row moved on: the old ETag no longer matches.
    try {
        crm.update("mailboxes", mailbox_id, json{{"emailrouteraccessapproval", 1}}, etag);
        FAIL("a stale ETag was accepted");
    } catch (const error &e) {
        CHECK(e.id() == "dataverse.precondition_failed");
        CHECK(e.code() == errc::conflict);
        CHECK(e.detail()["status"] == 412);
        CHECK(e.detail()["code"] == "0x80060882");
    }
    crm.update("mailboxes", mailbox_id, json{{"emailrouteraccessapproval", 1}});
    crm.update("mailboxes", mailbox_id, json{{"testemailconfigurationscheduled", true}});

    // The emulator runs the test when it is due (Dataverse dates are whole seconds): poll as
    // MailboxDeploymentService does, briefly.
    std::optional<json> mailbox;
    for (int poll = 0; poll < 30; ++poll) {
        mailbox = crm.retrieve("mailboxes", mailbox_id,
                               {"_emailserverprofile_value", "incomingemaildeliverymethod", "emailrouteraccessapproval",
                                "mailboxstatus", "incomingemailstatus", "testemailconfigurationscheduled"});
        REQUIRE(mailbox);
        if ((*mailbox)["testemailconfigurationscheduled"] == false) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK((*mailbox)["_emailserverprofile_value"] == profile_id);
    CHECK((*mailbox)["incomingemaildeliverymethod"] == 2);
    CHECK((*mailbox)["emailrouteraccessapproval"] == 1);
    CHECK((*mailbox)["mailboxstatus"] == 1);  // Test & Enable ran and passed
    CHECK((*mailbox)["incomingemailstatus"] == 1);
    CHECK((*mailbox)["testemailconfigurationscheduled"] == false);

    const std::string missing = "00000000-0000-0000-0000-00000000abcd";
    CHECK_FALSE(crm.retrieve("mailboxes", missing));
    try {
        crm.update("mailboxes", missing, json{{"emailrouteraccessapproval", 1}});
        FAIL("If-Match * created a row");
    } catch (const error &e) {
        CHECK(e.id() == "dataverse.not_found");
        CHECK(e.detail()["code"] == "0x80040217");
    }
    CHECK(channel.stats().reauthentications == 0);
}
