// dataverse_client over a service channel with the scripted fake HTTP: the Web API headers,
// create ids from OData-EntityId, If-Match and 412, paging with Prefer, and error ids.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "dataverse/dataverse_client.h"
#include "dataverse/dataverse_error.h"
#include "graph/cloud_fakes.h"
#include "graph/odata_query.h"

using namespace mailint;
using namespace mailint::dataverse;
using nlohmann::json;

namespace {

const std::string root = "https://contoso.crm.dynamics.com/api/data/v9.2";
const std::string profile_id = "6f1b0b35-4c41-ef11-a317-000d3a8b0c01";

struct dataverse_fixture : test::channel_fixture {
    dataverse_fixture() : test::channel_fixture("Dataverse contoso") {}
    dataverse_client client{channel, "https://contoso.crm.dynamics.com/"};
};

error caught(const std::function<void()> &f) {
    try {
        f();
    } catch (const error &e) {
        return e;
    }
    FAIL("no mailint::error thrown");
    throw std::logic_error("unreachable");
}

json dv_error(const std::string &code, const std::string &message) { return {{"error", {{"code", code}, {"message", message}}}}; }

}  // namespace

TEST_CASE("Dataverse create sends the Web API headers and reads the id from OData-EntityId", "[dataverse]") {
    dataverse_fixture f;
    f.http.answer_empty(204, {{"OData-EntityId", root + "/emailserverprofiles(" + profile_id + ")"}});
    const json profile = {{"name", "Exchange Online (Hybrid)"}, {"servertype", 3}, {"usedefaulttenantid", true}};
    auto id = f.client.create("emailserverprofiles", profile);
    CHECK(id == profile_id);
    REQUIRE(f.http.seen.size() == 1);
    const auto &r = f.http.seen[0];
    CHECK(r.method == "POST");
    CHECK(r.url == root + "/emailserverprofiles");
    CHECK(r.headers.find("OData-MaxVersion") == "4.0");
    CHECK(r.headers.find("OData-Version") == "4.0");
    CHECK(r.headers.find("Accept") == "application/json");
    CHECK(r.headers.find("Content-Type") == "application/json; charset=utf-8");
    CHECK(r.headers.find("Authorization") == "Bearer " + test::fixed_token_text);
    CHECK(json::parse(r.body) == profile);

    CHECK(entity_id_from("https://x/api/data/v9.2/mailboxes(abc-1)") == "abc-1");
    CHECK(entity_id_from("https://x/api/data/v9.2/accounts(name='x')").empty());
    CHECK(entity_id_from("no id").empty());
}

TEST_CASE("Dataverse create: no OData-EntityId is an error; a dropped connection is not resent", "[dataverse]") {
    dataverse_fixture f;
    f.http.answer_empty(204);
    CHECK(caught([&] { f.client.create("emailserverprofiles", json{{"name", "x"}}); }).id() == "dataverse.invalid_response");

    f.http.script.fail(errc::timeout, "transport.http.timeout");
    auto e = caught([&] { f.client.create("emailserverprofiles", json{{"name", "x"}}); });
    CHECK(e.detail()["outcomeUnknown"] == true);
    CHECK(f.http.seen.size() == 2);
}

TEST_CASE("Dataverse retrieve: $select, and a missing row is nullopt", "[dataverse]") {
    dataverse_fixture f;
    f.http.answer(200, {{"mailboxid", "m1"}, {"mailboxstatus", 1}});
    f.http.answer(404, dv_error("0x80040217", "mailbox With Id = m2 Does Not Exist"));
    auto row = f.client.retrieve("mailboxes", "m1", {"mailboxstatus", "incomingemailstatus"});
    REQUIRE(row);
    CHECK((*row)["mailboxstatus"] == 1);
    CHECK_FALSE(f.client.retrieve("mailboxes", "m2"));
    CHECK(f.http.seen[0].url == root + "/mailboxes(m1)?$select=mailboxstatus,incomingemailstatus");
    CHECK(f.http.seen[0].method == "GET");
    CHECK_FALSE(f.http.seen[0].headers.contains("Content-Type"));
    CHECK(f.http.seen[1].url == root + "/mailboxes(m2)");
}

TEST_CASE("Dataverse retrieve_multiple pages with Prefer: odata.maxpagesize over a filter", "[dataverse]") {
    dataverse_fixture f;
    const std::string next = root + "/mailboxes?$select=mailboxid&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E";
    f.http.answer(200, {{"value", {{{"mailboxid", "1"}}, {{"mailboxid", "2"}}}}, {"@odata.nextLink", next}});
    f.http.answer(200, {{"value", {{{"mailboxid", "3"}}}}});

    retrieve_options options;
    options.select = {"mailboxid", "emailaddress"};
    options.filter = graph::filter_eq("emailaddress", "o'neil@contoso.com");
    options.page_size = 2;
    auto result = f.client.retrieve_multiple("mailboxes", options);
    CHECK(result.rows.size() == 3);
    CHECK(result.pages == 2);
    REQUIRE(f.http.seen.size() == 2);
    CHECK(f.http.seen[0].url ==
          root + "/mailboxes?$select=mailboxid,emailaddress&$filter=emailaddress%20eq%20%27o%27%27neil%40contoso.com%27");
    CHECK(f.http.seen[1].url == next);
    for (const auto &r : f.http.seen) CHECK(r.headers.find("Prefer") == "odata.maxpagesize=2");

    f.http.answer(200, {{"value", json::array()}, {"@odata.nextLink", "https://other.crm.dynamics.com/api/data/v9.2/mailboxes?x"}});
    CHECK(caught([&] { f.client.retrieve_multiple("mailboxes"); }).id() == "dataverse.next_link.foreign_host");
    CHECK_FALSE(f.http.seen.back().headers.contains("Prefer"));
}

TEST_CASE("Dataverse update: If-Match * by default, an ETag when given, 412 is a conflict", "[dataverse]") {
    dataverse_fixture f;
    json changes = {{"incomingemaildeliverymethod", 2}, {"outgoingemaildeliverymethod", 2}, {"actdeliverymethod", 1}};
    bind_lookup(changes, "emailserverprofile", "emailserverprofiles", profile_id);
    CHECK(changes["emailserverprofile@odata.bind"] == "/emailserverprofiles(" + profile_id + ")");

    f.http.answer_empty(204, {{"ETag", "W/\"1002\""}});
    f.http.answer_empty(204);
    f.http.answer(412, dv_error("0x80060882", "The version of the existing record doesn't match the RowVersion property provided."));
    CHECK(f.client.update("mailboxes", "m1", changes) == "W/\"1002\"");
    CHECK_FALSE(f.client.update("mailboxes", "m1", {{"testemailconfigurationscheduled", true}}, "W/\"1002\""));
    auto e = caught([&] { f.client.update("mailboxes", "m1", {{"emailrouteraccessapproval", 1}}, "W/\"999\""); });
    CHECK(e.id() == "dataverse.precondition_failed");
    CHECK(e.code() == errc::conflict);
    CHECK(e.detail() == json{{"status", 412}, {"code", "0x80060882"}, {"method", "PATCH"}, {"path", "/api/data/v9.2/mailboxes(m1)"}});

    REQUIRE(f.http.seen.size() == 3);
    CHECK(f.http.seen[0].method == "PATCH");
    CHECK(f.http.seen[0].url == root + "/mailboxes(m1)");
    CHECK(f.http.seen[0].headers.find("If-Match") == "*");
    CHECK(json::parse(f.http.seen[0].body) == changes);
    CHECK(f.http.seen[1].headers.find("If-Match") == "W/\"1002\"");
    CHECK(f.http.seen[2].headers.find("If-Match") == "W/\"999\"");
    CHECK(f.http.seen.size() == 3);  // a 412 is not retried
}

TEST_CASE("Dataverse error codes map to stable ids", "[dataverse]") {
    struct row {
        int status;
        json code;
        std::string id;
        errc kind;
    };
    const std::vector<row> rows = {
        {404, "0x80040217", "dataverse.not_found", errc::not_found},
        {400, "0x80040217", "dataverse.not_found", errc::not_found},
        {400, "0x80048d19", "dataverse.bad_request", errc::invalid_argument},
        {403, "0x80040220", "dataverse.permission_denied", errc::permission_denied},
        {500, "0x80040216", "dataverse.unavailable", errc::unavailable},
        {409, "0x80040237", "dataverse.request_failed", errc::generic},
        {400, -2147015902, "dataverse.throttled", errc::throttled},  // decimal form of 0x80072322
    };
    for (const auto &r : rows) {
        auto body = parse_dataverse_error(dv_error("", "m").dump());
        REQUIRE(body);
        auto parsed = parse_dataverse_error(json{{"error", {{"code", r.code}, {"message", "text"}}}}.dump());
        REQUIRE(parsed);
        auto e = dataverse_error(r.status, parsed, "GET", "/api/data/v9.2/mailboxes?$filter=x");
        CHECK(e.id() == r.id);
        CHECK(e.code() == r.kind);
        CHECK(e.detail()["path"] == "/api/data/v9.2/mailboxes");
    }
    CHECK(parse_dataverse_error(json{{"error", {{"code", -2147015902}}}}.dump())->code == "0x80072322");
}

TEST_CASE("Dataverse: service protection 429s are retried after Retry-After, then throttled", "[dataverse]") {
    dataverse_fixture f;
    for (const char *code : {"0x80072322", "0x80072321", "0x80072326", "0x80072322"})
        f.http.answer(429, dv_error(code, "Number of requests exceeded the limit of 6000 over time window of 300 seconds."),
                      {{"Retry-After", "5"}});
    auto e = caught([&] { f.client.retrieve("mailboxes", "m1"); });
    CHECK(e.id() == "dataverse.throttled");
    CHECK(e.code() == errc::throttled);
    CHECK(f.http.seen.size() == 4);
    CHECK(f.slept() >= std::chrono::seconds(15));
}

TEST_CASE("Dataverse: 401 twice is unauthenticated, and no error shows the token", "[dataverse]") {
    dataverse_fixture f;
    f.http.answer(401, json::object());
    f.http.answer(401, dv_error("0x80040220", "Bearer " + test::fixed_token_text + " rejected"));
    auto e = caught([&] { f.client.update("mailboxes", "m1", json::object()); });
    CHECK(e.id() == "dataverse.unauthenticated");
    CHECK(f.tokens.rejects == 1);
    CHECK(test::exposed_text(e).find(test::fixed_token_text) == std::string::npos);
    f.http.answer(403, dv_error("0x80040220", "Principal user is missing prvWriteMailbox privilege"));
    CHECK(caught([&] { f.client.update("mailboxes", "m1", json::object()); }).id() == "dataverse.permission_denied");
}
