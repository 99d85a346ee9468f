// The control endpoints: request log (and its redaction), counters, reset, seed.
#include "support/helpers.h"

#include <catch2/catch.hpp>

#include <thread>

using namespace emutest;

TEST_CASE("the request log never holds a SecureString's value", "[control][redaction]")
{
    auto& emu = fresh_emulator();
    const std::string password = "Sup3r-S3cret-Pfx-Passw0rd";
    const auto certificate = make_modern_pfx("/CN=mail.contoso.com", {"mail.contoso.com"}, password);
    const std::string encoded_password = secure_string(password).at("Data");
    REQUIRE(emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)},
                                                      {"Password", secure_string(password)}})
                .status == 200);
    // Failed requests and SecureStrings in unexpected places are logged redacted as well.
    emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)}, {"Password", secure_string(password)}});
    emu.invoke("Import-ExchangeCertificate", {{"FileData", byte_array(certificate.pfx)}, {"password", password}});
    emu.invoke("Get-AcceptedDomain", {{"Unexpected", json::array({secure_string(password)})}});

    const auto log = emu.get("/control/requests");
    REQUIRE(log.status == 200);
    CHECK(log.body.find(password) == std::string::npos);
    CHECK(log.body.find(encoded_password) == std::string::npos);
    const json requests = log.document.at("requests");
    REQUIRE(requests.size() == 4);
    CHECK(requests.at(0).at("parameters").at("Password") == "********");
    CHECK(requests.at(0).at("parameters").at("FileData") == "<" + std::to_string(certificate.pfx.size()) + " bytes>");
    CHECK(requests.at(2).at("parameters").at("password") == "********");
    CHECK(requests.at(3).at("parameters").at("Unexpected") == json::array({"********"}));
}

TEST_CASE("the request log records each request in order", "[control]")
{
    auto& emu = fresh_emulator();
    emu.invoke("Get-AcceptedDomain");
    emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}});
    emu.invoke("Set-AcceptedDomain", {{"Identity", "missing"}, {"MakeDefault", true}});
    const json requests = emu.get("/control/requests").document.at("requests");
    REQUIRE(requests.size() == 3);
    // atMs (ms since start-up) varies; the rest of the entry is exact.
    json first = requests.at(0);
    CHECK(first.at("atMs").is_number_integer());
    first.erase("atMs");
    CHECK(first == json::parse(R"j({"seq":1,"method":"POST","path":"/exchange-onprem/First Organization/InvokeCommand",
        "cmdlet":"Get-AcceptedDomain","parameters":{},"write":false,"status":200,
        "scope":"exchangeOnPrem/First Organization"})j"));
    CHECK(requests.at(1).at("seq") == 2);
    CHECK(requests.at(1).at("cmdlet") == "New-AcceptedDomain");
    CHECK(requests.at(1).at("parameters") == json{{"Name", "contoso"}, {"DomainName", "contoso.com"}});
    CHECK(requests.at(1).at("write") == true);
    CHECK(requests.at(2).at("status") == 404);
}

TEST_CASE("counters count reads and writes per cmdlet", "[control][counters]")
{
    auto& emu = fresh_emulator();
    CHECK(emu.get("/control/counters").document == json::parse(R"j({"reads":0,"writes":0,"byCmdlet":{}})j"));
    emu.invoke("Get-AcceptedDomain");
    emu.invoke("get-accepteddomain");
    emu.invoke("Get-ReceiveConnector");
    emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}});
    emu.invoke("Set-AcceptedDomain", {{"Identity", "contoso"}, {"MakeDefault", true}});
    emu.invoke("Set-AcceptedDomain", {{"Identity", "contoso"}, {"MakeDefault", true}});  // no-op, still a write
    const json counters = emu.get("/control/counters").document;
    CHECK(counters.at("reads") == 3);
    CHECK(counters.at("writes") == 3);
    CHECK(counters.at("byCmdlet") == json::parse(R"j({"Get-AcceptedDomain":2,"Get-ReceiveConnector":1,
        "New-AcceptedDomain":1,"Set-AcceptedDomain":2})j"));
}

TEST_CASE("POST /control/counters/reset clears log and counters and keeps the state", "[control][counters]")
{
    auto& emu = fresh_emulator();
    emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}});
    REQUIRE(emu.post("/control/counters/reset", "").status == 200);
    CHECK(emu.get("/control/counters").document.at("writes") == 0);
    CHECK(emu.get("/control/requests").document.at("requests") == json::array());
    CHECK(org_state(emu).at("acceptedDomains").size() == 2);
}

TEST_CASE("POST /control/reset returns to the seed and clears log and counters", "[control]")
{
    auto& emu = fresh_emulator();
    const json seed = emu.get("/control/state").document;
    emu.invoke("New-AcceptedDomain", {{"Name", "contoso"}, {"DomainName", "contoso.com"}});
    emu.invoke("Enable-OutlookAnywhere", {{"ExternalHostname", "mail.contoso.com"}, {"SSLOffloading", false}});
    REQUIRE(emu.get("/control/state").document != seed);
    REQUIRE(emu.post("/control/reset", "").status == 200);
    CHECK(emu.get("/control/state").document == seed);
    CHECK(emu.get("/control/counters").document.at("reads") == 0);
    CHECK(emu.get("/control/requests").document.at("requests") == json::array());
}

TEST_CASE("POST /control/seed replaces the state; reset goes back to the start-up seed", "[control]")
{
    auto& emu = fresh_emulator();
    const json seed = emu.get("/control/state").document;
    json custom = seed;
    json& org = custom["exchangeOnPrem"]["First Organization"];
    org["acceptedDomains"][0]["Default"] = false;
    org["acceptedDomains"].push_back(json::parse(R"j({"Identity":"contoso.com","Name":"contoso.com","DomainName":"contoso.com",
        "DomainType":"Authoritative","Default":true})j"));
    org.erase("sendConnectors");  // left out: filled in empty
    const json expected_domains = org.at("acceptedDomains");
    // (Adding an organization may move `org`: ordered_json keeps members in a vector.)
    custom["exchangeOnPrem"]["Other Org"] = {{"servers", json::array({{{"Name", "EX9"}, {"Fqdn", "ex9.other.local"}}})}};
    emu.invoke("Get-AcceptedDomain");

    REQUIRE(emu.post("/control/seed", custom.dump()).status == 200);
    CHECK(emu.get("/control/requests").document.at("requests") == json::array());
    const json state = emu.get("/control/state").document;
    CHECK(state.at("exchangeOnPrem").at("First Organization").at("acceptedDomains") == expected_domains);
    CHECK(state.at("exchangeOnPrem").at("First Organization").at("sendConnectors") == json::array());
    CHECK(state.at("exchangeOnPrem").at("Other Org").at("virtualDirectories").at("owa") == json::array());
    CHECK(value_of(emu.invoke("Get-ExchangeServer", json::object(), "Other%20Org")).at(0).at("Name") == "EX9");

    CHECK(emu.post("/control/seed", "not json").status == 400);
    CHECK(emu.post("/control/seed", R"j({"exchangeOnPrem":{"X":{"servers":{}}}})j").status == 400);
    CHECK(emu.post("/control/seed", R"j({"exchangeOnPrem":{"X":{"servers":[1]}}})j").status == 400);

    REQUIRE(emu.post("/control/reset", "").status == 200);
    CHECK(emu.get("/control/state").document == seed);
}

TEST_CASE("concurrent writes are all applied and all counted", "[control][concurrency]")
{
    auto& emu = fresh_emulator();
    constexpr int threads = 8;
    constexpr int per_thread = 10;
    std::vector<std::thread> workers;
    std::atomic<int> failures = 0;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const std::string name = "d" + std::to_string(t) + "-" + std::to_string(i);
                const auto reply = emu.invoke("New-AcceptedDomain", {{"Name", name}, {"DomainName", name + ".example"}});
                failures += reply.status != 200;
                failures += emu.invoke("Get-AcceptedDomain", {{"Identity", name}}).status != 200;
            }
        });
    for (auto& worker : workers)
        worker.join();
    CHECK(failures == 0);
    CHECK(org_state(emu).at("acceptedDomains").size() == 1 + threads * per_thread);
    const json counters = emu.get("/control/counters").document;
    CHECK(counters.at("writes") == threads * per_thread);
    CHECK(counters.at("reads") == threads * per_thread);
    const json requests = emu.get("/control/requests").document.at("requests");
    REQUIRE(requests.size() == 2 * threads * per_thread);
    for (std::size_t i = 0; i < requests.size(); ++i)
        CHECK(requests.at(i).at("seq") == i + 1);
}
