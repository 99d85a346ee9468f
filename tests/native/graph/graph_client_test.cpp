// graph_client over a service channel with the scripted fake HTTP: URLs, headers, bodies,
// paging, $filter escaping, and the mapping of Graph's error envelope to graph.* ids.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "graph/cloud_fakes.h"
#include "graph/graph_client.h"
#include "graph/graph_error.h"
#include "graph/odata_query.h"
#include "graph/redact_tokens.h"

using namespace mailint;
using namespace mailint::graph;
using nlohmann::json;

namespace {

struct graph_fixture : test::channel_fixture {
    graph_client client{channel, "https://graph.microsoft.com/"};
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

}  // namespace

TEST_CASE("OData literals double quotes and query values are percent-encoded", "[graph]") {
    CHECK(odata_literal("o'neil@contoso.com") == "'o''neil@contoso.com'");
    CHECK(odata_literal("''") == "''''''");
    CHECK(filter_eq("userPrincipalName", "a'b") == "userPrincipalName eq 'a''b'");
    CHECK(encode_query_value("appId eq 'x y'") == "appId%20eq%20%27x%20y%27");
    CHECK(encode_query_value("a+b&c=d#e") == "a%2Bb%26c%3Dd%23e");
    CHECK(encode_query_value("id,appId") == "id,appId");
    CHECK(encode_path_segment("o'neil@contoso.com") == "o%27neil%40contoso.com");
    CHECK(encode_path_segment("a/b?c#d%") == "a%2Fb%3Fc%23d%25");
    CHECK(encode_query_value("é") == "%C3%A9");

    query q;
    q.filter(filter_eq("userPrincipalName", "o'neil+x@contoso.com")).select({"id", "userPrincipalName"}).top(5);
    CHECK(q.str() == "?$filter=userPrincipalName%20eq%20%27o%27%27neil%2Bx%40contoso.com%27"
                     "&$select=id,userPrincipalName&$top=5");
    q.top(7);  // set again: replaced, not repeated
    CHECK(q.str().find("$top=7") != std::string::npos);
    CHECK(q.str().find("$top=5") == std::string::npos);
    CHECK(query().str().empty());
}

TEST_CASE("graph_client sends JSON with the bearer token and reads answers", "[graph]") {
    graph_fixture f;
    f.http.answer(200, {{"id", "contoso.com"}, {"isVerified", false}});
    f.http.answer(201, {{"id", "fabrikam.com"}});
    f.http.answer_empty(204);
    f.http.answer_empty(204);

    auto got = f.client.get("/v1.0/domains/contoso.com", query().select({"id", "isVerified"}));
    REQUIRE(got);
    CHECK((*got)["id"] == "contoso.com");
    auto created = f.client.post("/v1.0/domains", json{{"id", "fabrikam.com"}});
    REQUIRE(created);
    CHECK((*created)["id"] == "fabrikam.com");
    CHECK_FALSE(f.client.patch("/v1.0/domains/fabrikam.com", json{{"isDefault", true}}).has_value());
    CHECK_FALSE(f.client.del("/v1.0/users/x%40contoso.com").has_value());

    REQUIRE(f.http.seen.size() == 4);
    const auto &get = f.http.seen[0];
    CHECK(get.method == "GET");
    CHECK(get.url == "https://graph.microsoft.com/v1.0/domains/contoso.com?$select=id,isVerified");
    CHECK(get.headers.find("Authorization") == "Bearer " + test::fixed_token_text);
    CHECK(get.headers.find("Accept") == "application/json");
    CHECK_FALSE(get.headers.contains("Content-Type"));
    CHECK(get.body.empty());

    const auto &post = f.http.seen[1];
    CHECK(post.method == "POST");
    CHECK(post.url == "https://graph.microsoft.com/v1.0/domains");
    CHECK(post.headers.find("Content-Type") == "application/json");
    CHECK(json::parse(post.body) == json{{"id", "fabrikam.com"}});

    CHECK(f.http.seen[2].method == "PATCH");
    CHECK(json::parse(f.http.seen[2].body) == json{{"isDefault", true}});
    CHECK(f.http.seen[3].method == "DELETE");
    CHECK(f.http.seen[3].url == "https://graph.microsoft.com/v1.0/users/x%40contoso.com");
}

TEST_CASE("graph_client: a create is not resent after a dropped connection, a read is", "[graph]") {
    graph_fixture f;
    f.http.script.fail(errc::unavailable, "transport.http.unavailable");
    auto e = caught([&] { f.client.post("/v1.0/users", json{{"userPrincipalName", "a@contoso.com"}}); });
    CHECK(e.detail()["outcomeUnknown"] == true);
    CHECK(f.http.seen.size() == 1);

    f.http.script.fail(errc::unavailable, "transport.http.unavailable");
    f.http.answer(200, {{"id", "x"}});
    CHECK(f.client.get("/v1.0/organization").has_value());
    CHECK(f.http.seen.size() == 3);
}

TEST_CASE("graph_client::list follows @odata.nextLink and can stop early", "[graph]") {
    graph_fixture f;
    const std::string next1 = "https://graph.microsoft.com/v1.0/users?$select=id&$skiptoken=X%27Y";
    const std::string next2 = "https://graph.microsoft.com/v1.0/users?$select=id&$skiptoken=Z";
    f.http.answer(200, {{"value", {{{"id", "1"}}, {{"id", "2"}}}}, {"@odata.nextLink", next1}});
    f.http.answer(200, {{"value", {{{"id", "3"}}}}, {"@odata.nextLink", next2}});
    f.http.answer(200, {{"value", json::array()}});

    auto all = f.client.list("/v1.0/users", query().select({"id"}));
    REQUIRE(all.items.size() == 3);
    CHECK(all.items[2]["id"] == "3");
    CHECK(all.pages == 3);
    CHECK_FALSE(all.next_link);
    REQUIRE(f.http.seen.size() == 3);
    CHECK(f.http.seen[0].url == "https://graph.microsoft.com/v1.0/users?$select=id");
    CHECK(f.http.seen[1].url == next1);  // the link as given, not re-encoded
    CHECK(f.http.seen[1].method == "GET");
    CHECK(f.http.seen[2].url == next2);

    f.http.answer(200, {{"value", {{{"id", "1"}}}}, {"@odata.nextLink", next1}});
    list_options capped;
    capped.max_pages = 1;
    auto first = f.client.list("/v1.0/users", query().select({"id"}), capped);
    CHECK(first.items.size() == 1);
    CHECK(first.next_link == next1);
    CHECK(f.http.seen.size() == 4);
}

TEST_CASE("graph_client::list never sends the token to another host", "[graph]") {
    graph_fixture f;
    f.http.answer(200, {{"value", json::array()}, {"@odata.nextLink", "https://evil.example/v1.0/users?$skiptoken=1"}});
    auto e = caught([&] { f.client.list("/v1.0/users"); });
    CHECK(e.id() == "graph.next_link.foreign_host");
    CHECK(f.http.seen.size() == 1);
}

TEST_CASE("graph_client: a 2xx body that is not JSON is an error, not an empty result", "[graph]") {
    graph_fixture f;
    f.http.answer_with([](const http::request &) {
        http::response r;
        r.status = 200;
        r.body = "<html>proxy</html>";
        return r;
    });
    CHECK(caught([&] { f.client.get("/v1.0/organization"); }).id() == "graph.invalid_response");
}

TEST_CASE("Graph error envelopes map to stable ids", "[graph]") {
    struct row {
        int status;
        std::string code;
        std::string message;
        std::string id;
        errc kind;
    };
    const std::vector<row> rows = {
        {404, "Request_ResourceNotFound", "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
         "graph.not_found", errc::not_found},
        {400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.",
         "graph.user.upn_conflict", errc::already_exists},
        {400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.",
         "graph.license.usage_location_missing", errc::failed_precondition},
        {400, "Request_BadRequest", "Subscription with SKU c7df2760-2c81-4ef7-b578-5b5392b571df does not have any available licenses.",
         "graph.license.exhausted", errc::failed_precondition},
        {400, "Request_BadRequest", "Invalid value specified for property 'mailNickname' of resource 'User'.",
         "graph.bad_request", errc::invalid_argument},
        {403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.",
         "graph.permission_denied", errc::permission_denied},
        {500, "UnknownError", "", "graph.unavailable", errc::unavailable},
        {409, "Conflict", "x", "graph.request_failed", errc::generic},
    };
    for (const auto &r : rows) {
        DYNAMIC_SECTION(r.id << " " << r.status) {
            graph_fixture f;
            f.http.answer(r.status,
                          {{"error", {{"code", r.code}, {"message", r.message},
                                      {"innerError", {{"date", "2025-02-13T10:17:06"}, {"request-id", "req-123"}}}}}});
            auto e = caught([&] { f.client.post("/v1.0/users/a%40contoso.com/assignLicense?x=1", json::object()); });
            CHECK(e.id() == r.id);
            CHECK(e.code() == r.kind);
            CHECK(e.detail() == json{{"status", r.status}, {"code", r.code}, {"requestId", "req-123"},
                                     {"method", "POST"}, {"path", "/v1.0/users/a%40contoso.com/assignLicense"}});
            CHECK(std::string(e.what()).find(test::fixed_token_text) == std::string::npos);
        }
    }
}

TEST_CASE("Graph: an ObjectConflict detail on userPrincipalName is a UPN conflict whatever the text", "[graph]") {
    auto body = parse_graph_error(json{{"error", {{"code", "Request_BadRequest"}, {"message", "Conflict."},
                                                  {"details", {{{"code", "ObjectConflict"}, {"target", "userPrincipalName"}}}}}}});
    REQUIRE(body);
    CHECK(graph_error(400, body, "", "POST", "/v1.0/users").id() == "graph.user.upn_conflict");
    CHECK_FALSE(parse_graph_error_text("<html>"));
    CHECK(graph_error(400, std::nullopt, "hdr-id", "GET", "/v1.0/x?$filter=y").detail()["requestId"] == "hdr-id");
}

TEST_CASE("Graph: 401 re-authenticates once, then is graph.unauthenticated", "[graph]") {
    graph_fixture f;
    const json denied = {{"error", {{"code", "InvalidAuthenticationToken"}, {"message", "Access token has expired."}}}};
    f.http.answer(401, denied);
    f.http.answer(401, denied);
    auto e = caught([&] { f.client.get("/v1.0/organization"); });
    CHECK(e.id() == "graph.unauthenticated");
    CHECK(e.code() == errc::unauthenticated);
    CHECK(f.tokens.rejects == 1);
    CHECK(f.http.seen.size() == 2);
    CHECK(test::exposed_text(e).find(test::fixed_token_text) == std::string::npos);
}

TEST_CASE("Graph: 429 is retried after Retry-After, then graph.throttled", "[graph]") {
    graph_fixture f;
    const json throttled = {{"error", {{"code", "TooManyRequests"}, {"message", "Too many requests."}}}};
    for (int i = 0; i < 4; ++i) f.http.answer(429, throttled, {{"Retry-After", "3"}});
    auto e = caught([&] { f.client.get("/v1.0/users"); });
    CHECK(e.id() == "graph.throttled");
    CHECK(e.code() == errc::throttled);
    CHECK(f.http.seen.size() == 4);  // the policy's max attempts
    CHECK(f.slept() >= std::chrono::seconds(9));
    CHECK(f.channel.gate().stats().throttled == 4);  // the last answer pauses the transport too

    graph_fixture g;
    g.http.answer(503, json::object());
    g.http.answer(200, {{"value", json::array()}});
    CHECK(g.client.list("/v1.0/users").items.empty());
    CHECK(g.http.seen.size() == 2);
}

TEST_CASE("Graph: a token quoted in an error message is cut out", "[graph]") {
    graph_fixture f;
    f.http.answer(403, {{"error", {{"code", "Authorization_RequestDenied"},
                                   {"message", "Token Bearer " + test::fixed_token_text + " lacks Domain.ReadWrite.All"}}}});
    auto e = caught([&] { f.client.get("/v1.0/domains"); });
    CHECK(e.id() == "graph.permission_denied");
    CHECK(test::exposed_text(e).find(test::fixed_token_text) == std::string::npos);
    CHECK(std::string(e.what()).find("lacks Domain.ReadWrite.All") != std::string::npos);

    CHECK(redact_tokens("a eyJhbGciOi.eyJzdWIi.sig-_ b") == "a ******** b");
    CHECK(redact_tokens("eyJx.y") == "********");
    CHECK(redact_tokens("keyJx.y eyJ alone") == "keyJx.y eyJ alone");
}
