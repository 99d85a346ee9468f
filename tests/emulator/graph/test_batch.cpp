// JSON $batch (wire-apis.md §2.5): at most 20 items, unique ids, headers with a body, dependsOn
// and 424, each item run (and logged, marked "batch") as a request of its own.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

#include <set>

using namespace emutest;

namespace {

json get_item(const std::string& id, const std::string& url) { return {{"id", id}, {"method", "GET"}, {"url", url}}; }

json response_with_id(const json& batch, const std::string& id)
{
    for (const auto& response : batch.at("responses"))
        if (response.at("id") == id)
            return response;
    FAIL("no response with id " << id);
    return nullptr;
}

} // namespace

TEST_CASE("a batch of 20 runs every item; 21 are refused", "[graph][batch]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    emu.post("/control/counters/reset", "");
    json requests = json::array();
    for (int i = 1; i <= 20; ++i)
        requests.push_back(get_item(std::to_string(i), i % 2 ? "/domains" : "users?$top=1"));
    const auto batch = call(emu, "POST", "/v1.0/$batch", token, {{"requests", requests}});
    REQUIRE(batch.status == 200);
    const json& responses = batch.document.at("responses");
    REQUIRE(responses.size() == 20);
    std::set<std::string> ids;
    for (const auto& response : responses) {
        ids.insert(response.at("id").get<std::string>());
        CHECK(response.at("status") == 200);
        CHECK(response.at("body").contains("value"));
    }
    CHECK(ids.size() == 20);
    CHECK(response_with_id(batch.document, "2").at("body").at("value").size() == 1);

    // Each item is a request of its own in the log, marked with its batch id.
    const json items = log_entries(emu, "/v1.0/");
    int marked = 0;
    for (const auto& entry : items)
        if (entry.contains("batch"))
            ++marked;
    CHECK(marked == 20);
    CHECK(emu.get("/control/counters").document.at("byService").at("graph").at("reads") == 20);

    requests.push_back(get_item("21", "/domains"));
    const auto too_many = call(emu, "POST", "/v1.0/$batch", token, {{"requests", requests}});
    CHECK(too_many.status == 400);
    CHECK(too_many.document.at("error").contains("innerError"));

    const auto duplicate = call(emu, "POST", "/v1.0/$batch", token,
                                {{"requests", {get_item("1", "/domains"), get_item("1", "/users")}}});
    CHECK(duplicate.status == 400);
    CHECK(call(emu, "POST", "/v1.0/$batch", token, {{"nope", 1}}).status == 400);
    CHECK(call(emu, "POST", "/v1.0/$batch", "", {{"requests", {get_item("1", "/domains")}}}).status == 401);
}

TEST_CASE("dependsOn orders items and a failed dependency gives 424", "[graph][batch]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const json body = {{"requests",
                        {{{"id", "patch"},
                          {"method", "PATCH"},
                          {"url", "/domains/batch.example"},
                          {"headers", {{"Content-Type", "application/json"}}},
                          {"body", {{"isDefault", true}}},
                          {"dependsOn", {"add"}}},
                         {{"id", "add"},
                          {"method", "POST"},
                          {"url", "/domains"},
                          {"headers", {{"Content-Type", "application/json"}}},
                          {"body", {{"id", "batch.example"}}}},
                         {{"id", "after-patch"}, {"method", "GET"}, {"url", "/domains/batch.example"}, {"dependsOn", {"patch"}}},
                         {{"id", "no-headers"}, {"method", "POST"}, {"url", "/domains"}, {"body", {{"id", "x.example"}}}},
                         {{"id", "absolute"}, {"method", "GET"}, {"url", "https://graph.microsoft.com/v1.0/domains"}}}}};
    const auto batch = call(emu, "POST", "/v1.0/$batch", token, body);
    REQUIRE(batch.status == 200);
    REQUIRE(batch.document.at("responses").size() == 5);
    CHECK(response_with_id(batch.document, "add").at("status") == 201);
    // The domain is unverified, so the PATCH fails and the GET that depends on it is not run.
    CHECK(response_with_id(batch.document, "patch").at("status") == 400);
    CHECK(response_with_id(batch.document, "after-patch").at("status") == 424);
    CHECK(response_with_id(batch.document, "no-headers").at("status") == 400);
    CHECK(response_with_id(batch.document, "absolute").at("status") == 400);
    // "add" ran before "patch" although it came second.
    const json& responses = batch.document.at("responses");
    std::size_t add_at = 0, patch_at = 0;
    for (std::size_t i = 0; i < responses.size(); ++i) {
        if (responses[i].at("id") == "add")
            add_at = i;
        if (responses[i].at("id") == "patch")
            patch_at = i;
    }
    CHECK(add_at < patch_at);
    CHECK(call(emu, "GET", "/v1.0/domains/x.example", token).status == 404);

    // Unknown dependencies and cycles refuse the whole batch.
    CHECK(call(emu, "POST", "/v1.0/$batch", token,
               {{"requests", {{{"id", "a"}, {"method", "GET"}, {"url", "/domains"}, {"dependsOn", {"zz"}}}}}})
              .status == 400);
    CHECK(call(emu, "POST", "/v1.0/$batch", token,
               {{"requests", {{{"id", "a"}, {"method", "GET"}, {"url", "/domains"}, {"dependsOn", {"b"}}},
                              {{"id", "b"}, {"method", "GET"}, {"url", "/domains"}, {"dependsOn", {"a"}}}}}})
              .status == 400);
}

TEST_CASE("each batch item is authorized on its own with the batch's token", "[graph][batch][auth]")
{
    auto& emu = fresh_emulator();
    const std::string token = limited_graph_token(emu, {"Organization.Read.All"});
    const auto batch = call(emu, "POST", "/v1.0/$batch", token,
                            {{"requests", {get_item("org", "/organization"), get_item("users", "/users")}}});
    REQUIRE(batch.status == 200);
    CHECK(response_with_id(batch.document, "org").at("status") == 200);
    const json users = response_with_id(batch.document, "users");
    CHECK(users.at("status") == 403);
    CHECK(users.at("body").at("error").at("code") == "Authorization_RequestDenied");
}
