// JSON $batch: splitting at 20, whole dependency groups per envelope, per-item 429 re-sent after
// the longest Retry-After with the transport paused, 424 handling, results in the caller's order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "graph/cloud_fakes.h"
#include "graph/graph_batch.h"
#include "graph/graph_client.h"

using namespace mailint;
using namespace mailint::graph;
using nlohmann::json;

namespace {

struct batch_fixture : test::channel_fixture {
    graph_client client{channel, "https://graph.microsoft.com"};
    std::vector<json> envelopes;  // every $batch body sent, parsed

    // Queues one $batch answer computed per item; responses go back in reverse order, as Graph
    // may answer in any order.
    void answer_batch(std::function<json(const json &item)> per_item) {
        http.answer_with([this, per_item](const http::request &r) {
            auto body = json::parse(r.body);
            envelopes.push_back(body);
            json responses = json::array();
            for (const auto &item : body["requests"]) {
                json answer = per_item(item);
                answer["id"] = item["id"];
                responses.push_back(answer);
            }
            std::reverse(responses.begin(), responses.end());
            return test::json_response(200, {{"responses", responses}});
        });
    }
};

batch_request get(std::string id, std::string url, std::vector<std::string> depends = {}) {
    batch_request r;
    r.id = std::move(id);
    r.url = std::move(url);
    r.depends_on = std::move(depends);
    return r;
}

json ok(json body = json::object()) { return {{"status", 200}, {"headers", {{"Content-Type", "application/json"}}}, {"body", body}}; }
json throttled(const std::string &seconds) {
    return {{"status", 429},
            {"headers", {{"Retry-After", seconds}}},
            {"body", {{"error", {{"code", "TooManyRequests"}, {"message", "Too many requests"}}}}}};
}
json failed_dependency() {
    return {{"status", 424}, {"body", {{"error", {{"code", "FailedDependency"}, {"message", "Dependency failed"}}}}}};
}

}  // namespace

TEST_CASE("$batch splits at 20 and returns results in the caller's order", "[graph]") {
    batch_fixture f;
    std::vector<batch_request> requests;
    for (int i = 0; i < 45; ++i) requests.push_back(get("r" + std::to_string(i), "/users/u" + std::to_string(i) + "%40contoso.com"));
    for (int k = 0; k < 3; ++k) f.answer_batch([](const json &item) { return ok({{"echo", item["url"]}}); });

    auto results = run_batch(f.client, requests);
    REQUIRE(f.http.seen.size() == 3);
    for (const auto &r : f.http.seen) {
        CHECK(r.method == "POST");
        CHECK(r.url == "https://graph.microsoft.com/v1.0/$batch");
        CHECK(r.headers.find("Content-Type") == "application/json");
        CHECK(r.headers.find("Authorization") == "Bearer " + test::fixed_token_text);
    }
    CHECK(f.envelopes[0]["requests"].size() == 20);
    CHECK(f.envelopes[1]["requests"].size() == 20);
    CHECK(f.envelopes[2]["requests"].size() == 5);
    CHECK(f.envelopes[0]["requests"][0] == json{{"id", "r0"}, {"method", "GET"}, {"url", "/users/u0%40contoso.com"}});

    REQUIRE(results.size() == 45);
    for (int i = 0; i < 45; ++i) {
        CHECK(results[i].id == "r" + std::to_string(i));
        CHECK(results[i].ok());
        CHECK(results[i].status == 200);
        CHECK(results[i].attempts == 1);
        CHECK((*results[i].body)["echo"] == "/users/u" + std::to_string(i) + "%40contoso.com");
    }
}

TEST_CASE("$batch items: ids default to positions, bodies get Content-Type, /v1.0 is dropped", "[graph]") {
    batch_fixture f;
    batch_request a;
    a.method = "PATCH";
    a.url = "/v1.0/domains/contoso.com";
    a.body = json{{"isDefault", true}};
    batch_request b = get("", "/domains/contoso.com/verificationDnsRecords");
    f.answer_batch([](const json &) { return json{{"status", 204}}; });
    auto results = run_batch(f.client, {a, b});
    REQUIRE(f.envelopes.size() == 1);
    CHECK(f.envelopes[0]["requests"][0] == json{{"id", "1"},
                                                {"method", "PATCH"},
                                                {"url", "/domains/contoso.com"},
                                                {"headers", {{"Content-Type", "application/json"}}},
                                                {"body", {{"isDefault", true}}}});
    CHECK(f.envelopes[0]["requests"][1]["id"] == "2");
    CHECK_FALSE(f.envelopes[0]["requests"][1].contains("headers"));
    CHECK(results[0].status == 204);
    CHECK_FALSE(results[0].body);
}

TEST_CASE("$batch: throttled items are re-sent after the longest Retry-After, with the gate paused", "[graph]") {
    batch_fixture f;
    std::vector<batch_request> requests = {get("a", "/users/a"), get("b", "/users/b"), get("c", "/users/c"), get("d", "/users/d")};
    f.answer_batch([](const json &item) {
        if (item["id"] == "b") return throttled("7");
        if (item["id"] == "c") return throttled("2.5");
        return ok();
    });
    f.answer_batch([](const json &) { return ok({{"second", true}}); });

    auto results = run_batch(f.client, requests);
    REQUIRE(f.envelopes.size() == 2);
    auto ids_of = [](const json &envelope) {
        std::vector<std::string> ids;
        for (const auto &item : envelope["requests"]) ids.push_back(item["id"]);
        return ids;
    };
    CHECK(ids_of(f.envelopes[1]) == std::vector<std::string>{"b", "c"});
    // The second envelope waited for the longest Retry-After (7 s), through the channel's gate.
    CHECK(f.slept() >= std::chrono::seconds(7));
    CHECK(f.slept() < std::chrono::seconds(8));
    const auto gate = f.channel.gate().stats();
    CHECK(gate.throttled == 1);
    CHECK(gate.paused_total == std::chrono::seconds(7));
    CHECK(gate.limit == 2);  // AIMD halved the Graph concurrency

    for (const auto &r : results) CHECK(r.ok());
    CHECK(results[0].attempts == 1);
    CHECK(results[1].attempts == 2);
    CHECK(results[2].attempts == 2);
    CHECK((*results[1].body)["second"] == true);
}

TEST_CASE("$batch: an item throttled on every attempt ends as graph.throttled", "[graph]") {
    batch_fixture f;
    for (int i = 0; i < 3; ++i)
        f.answer_batch([](const json &item) { return item["id"] == "x" ? throttled("1") : ok(); });
    batch_options options;
    options.max_attempts = 3;
    auto results = run_batch(f.client, {get("x", "/users/x"), get("y", "/users/y")}, options);
    CHECK(f.envelopes.size() == 3);
    REQUIRE_FALSE(results[0].ok());
    CHECK(results[0].failure->id() == "graph.throttled");
    CHECK(results[0].attempts == 3);
    CHECK(results[0].status == 429);
    CHECK(results[1].ok());
    CHECK(f.channel.gate().stats().throttled == 3);  // the last 429 still pauses the transport
}

TEST_CASE("$batch: a 424 is re-sent with its throttled dependency and succeeds", "[graph]") {
    batch_fixture f;
    batch_request create;
    create.id = "u1";
    create.method = "POST";
    create.url = "/users";
    create.body = json{{"userPrincipalName", "a@contoso.com"}};
    batch_request license;
    license.id = "l1";
    license.method = "POST";
    license.url = "/users/a@contoso.com/assignLicense";
    license.body = json{{"addLicenses", json::array()}, {"removeLicenses", json::array()}};
    license.depends_on = {"u1"};

    f.answer_batch([](const json &item) { return item["id"] == "u1" ? throttled("4") : failed_dependency(); });
    f.answer_batch([](const json &item) { return item["id"] == "u1" ? json{{"status", 201}, {"body", {{"id", "new"}}}} : ok(); });
    auto results = run_batch(f.client, {create, license});

    REQUIRE(f.envelopes.size() == 2);
    const auto &again = f.envelopes[1]["requests"];
    REQUIRE(again.size() == 2);
    CHECK(again[0]["id"] == "u1");
    CHECK(again[1]["id"] == "l1");
    CHECK(again[1]["dependsOn"] == json::array({"u1"}));
    CHECK(results[0].ok());
    CHECK(results[0].status == 201);
    CHECK(results[1].ok());
    CHECK(results[1].attempts == 1);  // the 424 was not a run
    CHECK(f.slept() >= std::chrono::seconds(4));
}

TEST_CASE("$batch: a 424 whose dependency failed for good is graph.dependency_failed", "[graph]") {
    batch_fixture f;
    f.answer_batch([](const json &item) {
        if (item["id"] == "u1")
            return json{{"status", 400},
                        {"body", {{"error", {{"code", "Request_BadRequest"},
                                             {"message", "Another object with the same value for property userPrincipalName already exists."}}}}}};
        return failed_dependency();
    });
    auto results = run_batch(f.client, {get("u1", "/users"), get("l1", "/users/a/assignLicense", {"u1"})});
    CHECK(f.envelopes.size() == 1);
    REQUIRE_FALSE(results[0].ok());
    CHECK(results[0].failure->id() == "graph.user.upn_conflict");
    CHECK(results[0].failure->code() == errc::already_exists);
    REQUIRE_FALSE(results[1].ok());
    CHECK(results[1].failure->id() == "graph.dependency_failed");
    CHECK(results[1].failure->detail()["dependsOn"] == "u1");
    CHECK(results[1].status == 424);
}

TEST_CASE("$batch keeps dependency groups in one envelope and refuses impossible ones", "[graph]") {
    batch_fixture f;
    std::vector<batch_request> requests;
    for (int i = 0; i < 19; ++i) requests.push_back(get("s" + std::to_string(i), "/users/s"));
    requests.push_back(get("p", "/users/p"));
    requests.push_back(get("q", "/users/q", {"p"}));
    f.answer_batch([](const json &) { return ok(); });
    f.answer_batch([](const json &) { return ok(); });
    auto results = run_batch(f.client, requests);
    REQUIRE(f.envelopes.size() == 2);
    CHECK(f.envelopes[0]["requests"].size() == 19);
    CHECK(f.envelopes[1]["requests"].size() == 2);
    CHECK(f.envelopes[1]["requests"][1]["dependsOn"] == json::array({"p"}));

    std::vector<batch_request> chain;
    for (int i = 0; i < 21; ++i)
        chain.push_back(get("c" + std::to_string(i), "/x", i ? std::vector<std::string>{"c" + std::to_string(i - 1)}
                                                             : std::vector<std::string>{}));
    try {
        run_batch(f.client, chain);
        FAIL("a 21-long chain was accepted");
    } catch (const error &e) {
        CHECK(e.id() == "graph.batch.invalid");
    }
    for (auto bad : {std::vector<batch_request>{get("a", "/x"), get("a", "/y")},
                     std::vector<batch_request>{get("a", "/x", {"zz"})},
                     std::vector<batch_request>{get("a", "/x", {"b"}), get("b", "/y", {"a"})}}) {
        try {
            run_batch(f.client, bad);
            FAIL("an invalid batch was accepted");
        } catch (const error &e) {
            CHECK(e.id() == "graph.batch.invalid");
        }
    }
    CHECK(f.http.seen.size() == 2);  // nothing was sent for the refused ones
}

TEST_CASE("$batch: an envelope that fails fails its items, and a missing response is reported", "[graph]") {
    batch_fixture f;
    f.http.answer(403, {{"error", {{"code", "Authorization_RequestDenied"}, {"message", "Insufficient privileges."}}}});
    auto denied = run_batch(f.client, {get("a", "/users"), get("b", "/domains")});
    for (const auto &r : denied) {
        REQUIRE_FALSE(r.ok());
        CHECK(r.failure->id() == "graph.permission_denied");
    }

    f.http.answer(200, {{"responses", {{{"id", "a"}, {"status", 200}, {"body", json::object()}}}}});
    auto partial = run_batch(f.client, {get("a", "/users"), get("b", "/domains")});
    CHECK(partial[0].ok());
    REQUIRE_FALSE(partial[1].ok());
    CHECK(partial[1].failure->id() == "graph.batch.no_response");

    f.http.answer_with([](const http::request &) {
        http::response r;
        r.status = 200;
        r.body = "<html>gateway</html>";
        return r;
    });
    auto unreadable = run_batch(f.client, {get("a", "/users")});
    REQUIRE_FALSE(unreadable[0].ok());
    CHECK(unreadable[0].failure->id() == "graph.invalid_response");
}

TEST_CASE("$batch: a Retry-After beyond the policy's limit is reported, not waited for", "[graph]") {
    batch_fixture f;
    f.answer_batch([](const json &) { return throttled("3600"); });
    auto results = run_batch(f.client, {get("a", "/users")});
    CHECK(f.envelopes.size() == 1);
    REQUIRE_FALSE(results[0].ok());
    CHECK(results[0].failure->id() == "graph.throttled");
    CHECK(f.slept() == std::chrono::milliseconds(0));
}
