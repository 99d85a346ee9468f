// Graph $batch: each item is throttled on its own (wire-apis.md §2.5), with Retry-After in the
// item's headers; the envelope itself takes no token.
#include "traffic/traffic_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("Graph $batch items spend the bucket one by one and a throttled item carries Retry-After",
          "[traffic][throttle][batch]")
{
    emulator_process emu;
    const std::string token = demo_token(emu, "https://graph.microsoft.com");
    set_traffic(emu, {{"services", {{"graph", {{"throttle", {{"ratePerSecond", 0.1}, {"burst", 2}}}}}}}});
    const json batch = {{"requests",
                         {{{"id", "1"}, {"method", "GET"}, {"url", "/domains"}},
                          {{"id", "2"}, {"method", "GET"}, {"url", "/domains"}},
                          {{"id", "3"}, {"method", "GET"}, {"url", "/domains"}},
                          {{"id", "4"}, {"method", "GET"}, {"url", "/domains"}}}}};
    const auto reply = with_bearer(emu, "POST", "/v1.0/$batch", token, batch.dump());
    REQUIRE(reply.status == 200);
    std::map<std::string, json> by_id;
    for (const auto& item : reply.document.at("responses"))
        by_id[item.at("id").get<std::string>()] = item;
    REQUIRE(by_id.size() == 4);
    CHECK(by_id.at("1").at("status") == 200);
    CHECK(by_id.at("2").at("status") == 200);
    CHECK(by_id.at("3").at("status") == 429);
    CHECK(by_id.at("4").at("status") == 429);
    const double wait = std::stod(by_id.at("3").at("headers").at("Retry-After").get<std::string>());
    CHECK(wait > 8);
    CHECK(wait <= 10);
    CHECK(by_id.at("3").at("headers").at("x-ms-throttle-information") == "ResourceUnitLimitExceeded");
    CHECK(by_id.at("3").at("body").at("error").at("code") == "TooManyRequests");

    const json stats = scope_stats(emu, "graph/" + demo_tenant);
    CHECK(stats.at("throttledBy").at("rateLimit") == 1);
    CHECK(stats.at("requestsDuringRetryAfter") == 1);  // item 4 came during item 3's Retry-After
    CHECK(stats.at("requests") == 5);                  // the envelope and its four items
    // The refused items are in the request log with their fault and batch id.
    std::vector<std::string> faults;
    for (const auto& entry : log_entries(emu))
        if (entry.contains("fault"))
            faults.push_back(entry.at("batch").get<std::string>() + ":" + entry.at("fault").get<std::string>());
    CHECK(faults == std::vector<std::string>{"3:rateLimit", "4:duringRetryAfter"});

    // The envelope answers 429 itself when it comes during the scope's Retry-After.
    CHECK(with_bearer(emu, "POST", "/v1.0/$batch", token, batch.dump()).status == 429);
}
