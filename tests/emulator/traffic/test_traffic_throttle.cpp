// Throttling: Retry-After and its bookkeeping, the token bucket, the concurrency cap, and the
// service-specific 429s.
#include "traffic/traffic_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

double seconds(const http_reply& reply) { return std::stod(reply.headers.at("retry-after")); }

std::vector<std::string> logged_faults(const emulator_process& emu)
{
    std::vector<std::string> faults;
    for (const auto& entry : log_entries(emu))
        faults.push_back(entry.contains("fault") ? entry.at("fault").get<std::string>() : "");
    return faults;
}

} // namespace

TEST_CASE("a 429 asks for Retry-After; an early retry is counted and refused again, a polite one is not counted",
          "[traffic][throttle]")
{
    emulator_process emu;
    set_traffic(emu, {{"services", {{"exchangeOnPrem", {{"retryAfterSeconds", 0.5}, {"faults", {{"rate429", 1.0}}}}}}}});
    const auto first = emu.invoke("Get-AcceptedDomain");
    REQUIRE(first.status == 429);
    CHECK(first.headers.at("retry-after") == "0.5");  // Exchange: decimal seconds
    CHECK(first.document.at("error").at("code") == "TooManyRequests");

    const auto early = emu.invoke("Get-AcceptedDomain");
    CHECK(early.status == 429);
    CHECK(seconds(early) > 0);
    CHECK(seconds(early) <= 0.5);
    CHECK(scope_stats(emu, onprem_scope).at("requestsDuringRetryAfter") == 1);

    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const auto polite = emu.invoke("Get-AcceptedDomain");
    CHECK(polite.status == 429);  // the profile still refuses every request …
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("requestsDuringRetryAfter") == 1);  // … but this one came after the wait
    CHECK(stats.at("faults").at("http429") == 2);
    CHECK(stats.at("throttled429") == 1);
    CHECK(stats.at("admitted") == 0);
    CHECK(traffic_stats(emu).at("total").at("requestsDuringRetryAfter") == 1);

    CHECK(logged_faults(emu) == std::vector<std::string>{"http429", "duringRetryAfter", "http429"});
    const json log = log_entries(emu);
    CHECK(log.at(2).at("atMs").get<long>() - log.at(0).at("atMs").get<long>() >= 500);
}

TEST_CASE("under a time scale Retry-After is the wall-time wait; the virtual one goes along", "[traffic][throttle]")
{
    emulator_process emu;
    set_traffic(emu, {{"timeScale", 0.1},
                      {"services", {{"exchangeOnPrem", {{"retryAfterSeconds", 5}, {"faults", {{"rate429", 1.0}}}}},
                                    {"graph", {{"retryAfterSeconds", 3}, {"faults", {{"rate429", 1.0}}}}}}}});
    const auto onprem = emu.invoke("Get-AcceptedDomain");
    CHECK(onprem.headers.at("retry-after") == "0.5");
    CHECK(onprem.headers.at("x-emulator-virtual-retry-after") == "5");
    // Graph's whole seconds could not say 0.3: under a time scale every service writes decimals.
    const auto graph = with_bearer(emu, "GET", "/v1.0/domains", demo_token(emu, "https://graph.microsoft.com"));
    CHECK(graph.status == 429);
    CHECK(graph.headers.at("retry-after") == "0.3");
    CHECK(graph.headers.at("x-emulator-virtual-retry-after") == "3");

    // Waiting the header's (wall) time is polite.
    std::this_thread::sleep_for(std::chrono::milliseconds(550));
    emu.invoke("Get-AcceptedDomain");
    CHECK(scope_stats(emu, onprem_scope).at("requestsDuringRetryAfter") == 0);
}

TEST_CASE("the token bucket admits its burst, then throttles with the time until the next token", "[traffic][throttle]")
{
    emulator_process emu;
    // One token every 10 s: the test is over long before the bucket refills.
    set_traffic(emu, {{"services", {{"exchangeOnPrem", {{"throttle", {{"ratePerSecond", 0.1}, {"burst", 3}}}}}}}});
    std::vector<int> statuses;
    std::vector<http_reply> replies;
    for (int i = 0; i < 5; ++i) {
        replies.push_back(emu.invoke("Get-AcceptedDomain"));
        statuses.push_back(replies.back().status);
    }
    CHECK(statuses == std::vector<int>{200, 200, 200, 429, 429});
    CHECK(seconds(replies[3]) > 9);
    CHECK(seconds(replies[3]) <= 10);
    CHECK(seconds(replies[4]) <= seconds(replies[3]));
    CHECK(logged_faults(emu) == std::vector<std::string>{"", "", "", "rateLimit", "duringRetryAfter"});
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("admitted") == 3);
    CHECK(stats.at("throttledBy") == json::parse(R"j({"rateLimit":1,"concurrencyLimit":0,"duringRetryAfter":1})j"));
    CHECK(stats.at("throttled429") == 2);

    // Buckets are per scope: another organization's budget is untouched (it answers 404, unthrottled).
    CHECK(emu.invoke("Get-AcceptedDomain", json::object(), "Other%20Organization").status == 404);
}

TEST_CASE("Graph's 429 has whole seconds and the throttle scope and information headers", "[traffic][throttle]")
{
    emulator_process emu;
    const std::string token = demo_token(emu, "https://graph.microsoft.com");
    set_traffic(emu, {{"services", {{"graph", {{"throttle", {{"ratePerSecond", 0.25}, {"burst", 1}}}}}}}});
    with_bearer(emu, "GET", "/v1.0/domains", token);  // takes the only token, whatever the service answers
    const auto throttled = with_bearer(emu, "PATCH", "/v1.0/domains/contoso.com", token, R"({"isDefault":true})");
    REQUIRE(throttled.status == 429);
    CHECK(throttled.headers.at("retry-after") == "4");
    CHECK(throttled.headers.at("x-ms-throttle-scope") == "Tenant_Application/ReadWrite/" + demo_client + "/" + demo_tenant);
    CHECK(throttled.headers.at("x-ms-throttle-information") == "WriteLimitExceeded");
    CHECK(throttled.document.at("error").at("code") == "TooManyRequests");
    CHECK(throttled.document.at("error").contains("innerError"));
    CHECK(scope_stats(emu, "graph/" + demo_tenant).at("throttledBy").at("rateLimit") == 1);
}

TEST_CASE("Dataverse's 429 names the limit that was hit", "[traffic][throttle]")
{
    emulator_process emu;
    const std::string token = demo_token(emu, "https://graph.microsoft.com");  // only its tid matters here
    set_traffic(emu, {{"services", {{"dataverse", {{"throttle", {{"ratePerSecond", 0.5}, {"burst", 1}}}}}}}});
    with_bearer(emu, "GET", "/api/data/v9.2/mailboxes", token);
    const auto requests = with_bearer(emu, "GET", "/api/data/v9.2/mailboxes", token);
    REQUIRE(requests.status == 429);
    CHECK(requests.document.at("error").at("code") == "0x80072322");  // number of requests
    CHECK(requests.document.at("error").at("message") ==
          "Number of requests exceeded the limit of 1 over time window of 2 seconds.");
    CHECK(requests.headers.at("retry-after") == "2");

    set_traffic(emu, {{"services", {{"dataverse", {{"faults", {{"rate429", 1.0}}}}}}}});
    const auto load = with_bearer(emu, "GET", "/api/data/v9.2/mailboxes", token);
    CHECK(load.document.at("error").at("code") == "0x80072321");  // execution time
    CHECK(load.headers.at("retry-after") == "1");
}

TEST_CASE("the concurrency cap refuses requests beyond maxConcurrent in flight", "[traffic][throttle]")
{
    emulator_process emu;
    // Each admitted request is held 3 s, so all six are in flight together.
    set_traffic(emu, {{"services",
                       {{"exchangeOnPrem",
                         {{"latency", {{"distribution", "fixed"}, {"ms", 3000}}}, {"throttle", {{"maxConcurrent", 2}}}}}}}});
    const auto replies = in_parallel(6, [&] { return emu.invoke("Get-AcceptedDomain"); });
    int ok = 0;
    int throttled = 0;
    for (const auto& reply : replies) {
        if (reply.status == 200)
            ++ok;
        if (reply.status == 429) {
            ++throttled;
            CHECK(reply.error_text().find("maximum of 2 concurrent shells") != std::string::npos);
        }
    }
    CHECK(ok == 2);
    CHECK(throttled == 4);
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("peakConcurrent") == 2);
    CHECK(stats.at("admitted") == 2);
    CHECK(stats.at("throttledBy").at("concurrencyLimit").get<int>() >= 1);
    CHECK(stats.at("throttled429") == 4);
}

TEST_CASE("Exchange Online's concurrency 429 says 'maximum number of concurrent requests per tenant'",
          "[traffic][throttle]")
{
    emulator_process emu;
    set_traffic(emu, {{"services",
                       {{"exchangeOnline",
                         {{"retryAfterSeconds", 1.5},
                          {"latency", {{"distribution", "fixed"}, {"ms", 3000}}},
                          {"throttle", {{"maxConcurrent", 1}}}}}}}});
    const auto replies = in_parallel(3, [&] {
        return emu.post(exo_path("contoso.onmicrosoft.com"), cmdlet_body("Get-Mailbox"));
    });
    int throttled = 0;
    for (const auto& reply : replies) {
        if (reply.status != 429)
            continue;
        ++throttled;
        CHECK(reply.error_text().find("maximum number of concurrent requests per tenant") != std::string::npos);
        CHECK(seconds(reply) <= 1.5);
    }
    CHECK(throttled == 2);
    CHECK(scope_stats(emu, "exchangeOnline/contoso.onmicrosoft.com").at("peakConcurrent") == 1);
}
