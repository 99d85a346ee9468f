// Injected faults: reproducible from the seed, shaped like the service, decided before the service
// runs (so a faulted write changes nothing), and the connection drop and the stall on the wire.
#include "traffic/traffic_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

json onprem_faults(const json& faults, std::uint64_t seed = 7)
{
    return {{"seed", seed}, {"services", {{"exchangeOnPrem", {{"retryAfterSeconds", 0}, {"faults", faults}}}}}};
}

// The status of each of `count` Get-AcceptedDomain calls, one after the other.
std::vector<int> status_sequence(const emulator_process& emu, int count)
{
    std::vector<int> statuses;
    for (int i = 0; i < count; ++i)
        statuses.push_back(emu.invoke("Get-AcceptedDomain").status);
    return statuses;
}

} // namespace

TEST_CASE("the same seed gives the same faults in the same order", "[traffic][faults]")
{
    emulator_process emu;
    const json faults = {{"rate429", 0.2}, {"rate503", 0.2}, {"rate504", 0.2}, {"rateTransientException", 0.2}};
    set_traffic(emu, onprem_faults(faults, 7));
    const auto first = status_sequence(emu, 40);
    set_traffic(emu, onprem_faults(faults, 7));  // posting a profile restarts its random sequence
    const auto again = status_sequence(emu, 40);
    CHECK(first == again);
    set_traffic(emu, onprem_faults(faults, 8));
    const auto other_seed = status_sequence(emu, 40);
    CHECK(first != other_seed);

    // Every kind occurs, roughly as often as asked, and the statistics agree with the answers.
    const auto count = [&](int status) { return std::count(first.begin(), first.end(), status); };
    CHECK(count(429) > 0);
    CHECK(count(503) > 0);
    CHECK(count(504) > 0);
    CHECK(count(500) > 0);
    CHECK(count(200) > 0);
    CHECK(count(200) + count(429) + count(503) + count(504) + count(500) == 40);
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("requests") == 120);
    const json& kinds = stats.at("faults");
    CHECK(kinds.at("http429").get<long>() + kinds.at("http503").get<long>() + kinds.at("http504").get<long>() +
              kinds.at("transientException").get<long>() + stats.at("admitted").get<long>() ==
          120);
    // retryAfterSeconds 0: no request ever came during a Retry-After.
    CHECK(stats.at("requestsDuringRetryAfter") == 0);
}

TEST_CASE("Exchange faults have the admin API's error envelope", "[traffic][faults]")
{
    emulator_process emu;
    struct expectation {
        const char* rate;
        int status;
        const char* code;
        const char* exception_type;
    };
    for (const auto& e : {expectation{"rate503", 503, "ServiceUnavailable", "ODataServiceException"},
                          expectation{"rate504", 504, "GatewayTimeout", "ODataServiceException"},
                          expectation{"rateTransientException", 500, "InternalServerError", "DCOverloadedException"}}) {
        INFO(e.rate);
        // The same shape from both Exchange personalities; Exchange Online needs no mailbox for it
        // because the fault comes before the service runs.
        set_traffic(emu, {{"services",
                           {{"exchangeOnPrem", {{"faults", {{e.rate, 1.0}}}}},
                            {"exchangeOnline", {{"faults", {{e.rate, 1.0}}}}}}}});
        for (const auto& reply : {emu.invoke("Get-AcceptedDomain"),
                                  emu.post(exo_path("Contoso.onmicrosoft.com"), cmdlet_body("Get-AcceptedDomain"))}) {
            CHECK(reply.status == e.status);
            CHECK(reply.document.at("error").at("code") == e.code);
            CHECK(reply.document.at("error").at("innererror").at("type") ==
                  "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
            CHECK(reply.headers.at("x-exceptiontype") == e.exception_type);
            CHECK(reply.exception_class().find(e.exception_type) != std::string::npos);
        }
    }
    // The transient one is what the EXO module retries: details[0].message names DCOverloadedException.
    const auto transient = emu.invoke("Get-AcceptedDomain");
    CHECK(transient.exception_class() == "Microsoft.Exchange.Data.Directory.DCOverloadedException");
    CHECK(traffic_stats(emu).at("scopes").at("exchangeOnline/contoso.onmicrosoft.com").at("faults").at("transientException") == 1);
}

TEST_CASE("Graph, Dataverse and Entra faults have their service's error shape", "[traffic][faults]")
{
    emulator_process emu;
    const std::string graph_token = demo_token(emu, "https://graph.microsoft.com");
    set_traffic(emu, {{"services",
                       {{"graph", {{"faults", {{"rate503", 1.0}}}}},
                        {"dataverse", {{"faults", {{"rate504", 1.0}}}}},
                        {"entra", {{"faults", {{"rate503", 1.0}}}}}}}});

    const auto graph = http_request(emu.url(), "GET", "/v1.0/domains", "", "application/json",
                                    {{"Authorization", "Bearer " + graph_token}, {"client-request-id", "abc-123"}});
    CHECK(graph.status == 503);
    CHECK(graph.document.at("error").at("code") == "serviceNotAvailable");
    CHECK(graph.document.at("error").at("innerError").at("client-request-id") == "abc-123");
    CHECK(graph.document.at("error").at("innerError").at("request-id").get<std::string>().size() == 36);
    CHECK(graph.headers.at("client-request-id") == "abc-123");

    const auto dataverse = with_bearer(emu, "GET", "/api/data/v9.2/mailboxes", graph_token);
    CHECK(dataverse.status == 504);
    CHECK(dataverse.document.at("error").at("code") == "0x80040216");

    const auto token = emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                                              {"client_id", demo_client},
                                                              {"client_secret", demo_secret},
                                                              {"scope", "https://graph.microsoft.com/.default"}});
    CHECK(token.status == 503);
    CHECK(token.document.at("error") == "temporarily_unavailable");
    CHECK(token.document.at("error_codes") == json::array({90033}));

    // Each in the scope of its tenant: Graph and Dataverse from the token's tid.
    const json scopes = traffic_stats(emu).at("scopes");
    CHECK(scopes.at("graph/" + demo_tenant).at("faults").at("http503") == 1);
    CHECK(scopes.at("dataverse/" + demo_tenant).at("faults").at("http504") == 1);
    CHECK(scopes.at("entra/" + demo_tenant).at("faults").at("http503") == 1);
}

TEST_CASE("a faulted write changes nothing and is logged with its fault", "[traffic][faults]")
{
    emulator_process emu;
    const json before = org_state(emu);
    const json parameters = {{"Name", "contoso"}, {"DomainName", "contoso.com"}};
    for (const char* rate : {"rate429", "rate503", "rate504", "rateTransientException", "rateReset"}) {
        INFO(rate);
        set_traffic(emu, {{"services", {{"exchangeOnPrem", {{"retryAfterSeconds", 0}, {"faults", {{rate, 1.0}}}}}}}});
        if (std::string(rate) == "rateReset")
            CHECK_THROWS(emu.invoke("New-AcceptedDomain", parameters));
        else
            CHECK(emu.invoke("New-AcceptedDomain", parameters).status >= 429);
    }
    CHECK(org_state(emu) == before);
    CHECK(emu.get("/control/counters").document.at("writes") == 0);
    const json log = log_entries(emu);
    REQUIRE(log.size() == 5);
    std::vector<std::string> faults;
    for (const auto& entry : log) {
        faults.push_back(entry.at("fault"));
        CHECK(entry.at("cmdlet") == "New-AcceptedDomain");
        CHECK(entry.at("write") == false);
        CHECK(entry.at("scope") == onprem_scope);
    }
    CHECK(faults == std::vector<std::string>{"http429", "http503", "http504", "transientException", "connectionReset"});
    CHECK(log.at(4).at("status") == 502);

    // Without faults the same write goes through, once.
    set_traffic(emu, json::object());
    REQUIRE(emu.invoke("New-AcceptedDomain", parameters).status == 200);
    CHECK(org_state(emu).at("acceptedDomains").size() == before.at("acceptedDomains").size() + 1);
    CHECK(emu.get("/control/counters").document.at("writes") == 1);
}

TEST_CASE("a connection reset gives the client no complete response, and the emulator goes on", "[traffic][faults]")
{
    emulator_process emu;
    set_traffic(emu, {{"services", {{"exchangeOnPrem", {{"faults", {{"rateReset", 1.0}}}}}}}});
    // At once: the connection is closed, not left hanging until the client's 30 s timeout.
    const double dropped = elapsed_ms([&] { CHECK_THROWS(emu.invoke("Get-AcceptedDomain")); });
    CHECK(dropped < 10000);
    CHECK_THROWS(emu.invoke("Get-AcceptedDomain"));
    CHECK(scope_stats(emu, onprem_scope).at("faults").at("connectionReset") == 2);
    set_traffic(emu, json::object());
    CHECK(emu.invoke("Get-AcceptedDomain").status == 200);
}

TEST_CASE("a stall delays the request by stallMs, scaled, and then serves it", "[traffic][faults]")
{
    emulator_process emu;
    set_traffic(emu, {{"services", {{"exchangeOnPrem", {{"faults", {{"rateStall", 1.0}, {"stallMs", 600}}}}}}}});
    http_reply reply;
    const double unscaled = elapsed_ms([&] { reply = emu.invoke("New-AcceptedDomain", {{"Name", "a"}, {"DomainName", "a.com"}}); });
    CHECK(reply.status == 200);
    CHECK(unscaled >= 590);
    CHECK(org_state(emu).at("acceptedDomains").size() == 2);

    // 60 virtual seconds at time scale 0.01 are 600 ms of wall time.
    set_traffic(emu, {{"timeScale", 0.01},
                      {"services", {{"exchangeOnPrem", {{"faults", {{"rateStall", 1.0}, {"stallMs", 60000}}}}}}}});
    const double scaled = elapsed_ms([&] { reply = emu.invoke("Get-AcceptedDomain"); });
    CHECK(reply.status == 200);
    CHECK(scaled >= 590);
    CHECK(scaled < 20000);
    const json stats = scope_stats(emu, onprem_scope);
    CHECK(stats.at("faults").at("stall") == 2);
    CHECK(stats.at("admitted") == 2);
}

TEST_CASE("processedShare: a 504 or a reset after the service ran keeps the write and loses the reply", "[traffic][faults]")
{
    emulator_process emu;
    const json before = org_state(emu);
    for (const char* rate : {"rate504", "rateReset"}) {
        INFO(rate);
        set_traffic(emu, onprem_faults({{rate, 1.0}, {"processedShare", 1.0}}));
        const json parameters = {{"Name", std::string("d-") + rate}, {"DomainName", std::string(rate) + ".example"}};
        if (std::string(rate) == "rateReset")
            CHECK_THROWS(emu.invoke("New-AcceptedDomain", parameters));
        else
            CHECK(emu.invoke("New-AcceptedDomain", parameters).status == 504);
    }
    // Both writes happened although neither client heard of it.
    CHECK(org_state(emu).at("acceptedDomains").size() == before.at("acceptedDomains").size() + 2);
    CHECK(emu.get("/control/counters").document.at("writes") == 2);
    const json log = log_entries(emu);
    REQUIRE(log.size() == 2);
    CHECK(log.at(0).at("fault") == "http504Processed");
    CHECK(log.at(1).at("fault") == "connectionResetProcessed");
    for (const auto& entry : log) {
        CHECK(entry.at("processed") == true);
        CHECK(entry.at("write") == true);
        CHECK(entry.at("status") == 200);  // what the service answered; the client never saw it
    }
    const json stats = scope_stats(emu, onprem_scope);
    // Statistics survive a new profile: both requests were admitted (they ran), none refused.
    CHECK(stats.at("faults").at("http504Processed") == 1);
    CHECK(stats.at("faults").at("connectionResetProcessed") == 1);
    CHECK(stats.at("faults").at("http504") == 0);
    CHECK(stats.at("admitted") == 2);
}
