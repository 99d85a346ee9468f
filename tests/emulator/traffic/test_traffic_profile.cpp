// POST/GET /control/traffic: the control document, its validation, and what resets it.
#include "traffic/traffic_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

TEST_CASE("without a profile nothing is shaped and GET /control/traffic says so", "[traffic]")
{
    emulator_process emu;
    CHECK(emu.get("/control/traffic").document == json::parse(R"j({"seed":0,"timeScale":1,"services":{}})j"));
    // The on-premises personality answers as before.
    const auto domains = emu.invoke("Get-AcceptedDomain");
    REQUIRE(domains.status == 200);
    CHECK(value_of(domains).size() == 1);
    REQUIRE(emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}}).status == 200);
    CHECK(org_state(emu).at("acceptedDomains").size() == 2);
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("requests") == 2);
    CHECK(stats.at("admitted") == 2);
    CHECK(stats.at("throttled429") == 0);
    CHECK(stats.at("requestsDuringRetryAfter") == 0);
    CHECK(stats.at("peakConcurrent") == 1);
    // Log entries carry the time and the scope, and no fault.
    const json log = log_entries(emu);
    REQUIRE(log.size() == 2);
    CHECK(log.at(0).at("scope") == onprem_scope);
    CHECK(log.at(0).at("atMs").is_number_integer());
    CHECK(log.at(1).at("atMs").get<long>() >= log.at(0).at("atMs").get<long>());
    CHECK_FALSE(log.at(1).contains("fault"));
}

TEST_CASE("a posted profile comes back with every default written out", "[traffic]")
{
    emulator_process emu;
    const json profile = json::parse(R"j({"seed":42,"timeScale":0.5,"services":{
        "exchangeOnline":{"latency":{"distribution":"lognormal","medianMs":1000,"p95Ms":3000,
                                     "read":{"distribution":"fixed","ms":750}},
                          "throttle":{"ratePerSecond":2,"burst":10,"maxConcurrent":3},
                          "faults":{"rate503":0.01,"rateTransientException":0.02}},
        "graph":{"retryAfterSeconds":2,"throttle":{"ratePerSecond":20}}}})j");
    const auto reply = emu.post("/control/traffic", profile.dump());
    REQUIRE(reply.status == 200);
    const json expected = json::parse(R"j({"seed":42,"timeScale":0.5,"services":{
        "exchangeOnline":{"retryAfterSeconds":1,
            "latency":{"read":{"distribution":"fixed","ms":750},"write":{"distribution":"lognormal","medianMs":1000,"p95Ms":3000}},
            "throttle":{"ratePerSecond":2,"burst":10,"maxConcurrent":3},
            "faults":{"rate429":0,"rate503":0.01,"rate504":0,"rateTransientException":0.02,"rateReset":0,"rateStall":0,"stallMs":0,"processedShare":0}},
        "graph":{"retryAfterSeconds":2,
            "latency":{"read":{"distribution":"none"},"write":{"distribution":"none"}},
            "throttle":{"ratePerSecond":20,"burst":1,"maxConcurrent":0},
            "faults":{"rate429":0,"rate503":0,"rate504":0,"rateReset":0,"rateStall":0,"stallMs":0,"processedShare":0}}}})j");
    CHECK(reply.document == expected);
    CHECK(emu.get("/control/traffic").document == expected);
    // Posting it back gives the same profile.
    CHECK(emu.post("/control/traffic", expected.dump()).document == expected);

    REQUIRE(emu.post("/control/reset", "").status == 200);
    CHECK(emu.get("/control/traffic").document == json::parse(R"j({"seed":0,"timeScale":1,"services":{}})j"));
}

TEST_CASE("a bad profile is refused with the member it is about, and the old one stays", "[traffic]")
{
    emulator_process emu;
    set_traffic(emu, {{"seed", 1}});
    const auto refused = [&](const std::string& body, const std::string& fragment) {
        const auto reply = emu.post("/control/traffic", body);
        CHECK(reply.status == 400);
        const std::string message = reply.document.at("error").at("message");
        INFO(message);
        CHECK(message.find(fragment) != std::string::npos);
    };
    refused("not json", "not JSON");
    refused(R"({"services":{"exchange":{}}})", "unknown service \"exchange\"");
    refused(R"({"services":{"graph":{"faults":{"rate429":0.6,"rate503":0.5}}}})", "add up to more than 1");
    refused(R"({"services":{"graph":{"faults":{"rateTransientException":0.1}}}})", "rateTransientException");
    refused(R"({"services":{"graph":{"faults":{"rateStall":0.1}}}})", "stallMs");
    refused(R"({"services":{"dataverse":{"latency":{"distribution":"lognormal","medianMs":100,"p95Ms":50}}}})", "p95Ms");
    refused(R"({"services":{"dataverse":{"latency":{"ms":100}}}})", "distribution");
    refused(R"({"services":{"entra":{"throttle":{"maxConcurrent":1.5}}}})", "maxConcurrent");
    refused(R"({"services":{"entra":{"throttle":{"rate":1}}}})", "unknown member \"rate\"");
    refused(R"({"timeScale":0})", "timeScale");
    refused(R"({"seed":-1})", "seed");
    CHECK(emu.get("/control/traffic").document.at("seed") == 1);
}

TEST_CASE("traffic statistics are cleared by their reset, the counters reset and the full reset", "[traffic]")
{
    emulator_process emu;
    for (const std::string reset : {"/control/traffic/stats/reset", "/control/counters/reset", "/control/reset"}) {
        emu.invoke("Get-AcceptedDomain");
        CHECK(traffic_stats(emu).at("total").at("requests") == 1);
        REQUIRE(emu.post(reset, "").status == 200);
        const json stats = traffic_stats(emu);
        CHECK(stats.at("total").at("requests") == 0);
        CHECK(stats.at("total").at("peakConcurrent") == 0);
        CHECK(stats.at("scopes") == json::object());
    }
}
