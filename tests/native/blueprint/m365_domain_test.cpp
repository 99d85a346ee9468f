// Add-M365Domain's plan and apply, end to end: the emulator's Graph (domains whose verification
// asks a real DNS server, --dns-server) and BIND on 127.0.0.1 serving the zone the test writes.
// The emulator's state and request log are the ground truth.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "blueprint/m365_domain_blueprint.h"
#include "blueprint/m365_domain_request.h"
#include "blueprint/m365_domain_session.h"
#include "exec/executor.h"
#include "graph/domains.h"
#include "graph/emulator_cloud.h"
#include "support/dns_server.h"
#include "support/temp_dir.h"

using namespace mailint;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string domain = "northwind-e2e.com";

m365_domain::request parsed(const json &parameters) {
    m365_domain::request r;
    auto found = m365_domain::parse_request(parameters, r);
    INFO(found.to_json().dump());
    REQUIRE_FALSE(found.has_errors());
    return r;
}

std::vector<std::string> ids_of(const diagnostics &d) {
    std::vector<std::string> out;
    for (const auto &i : d.items()) out.push_back(i.id);
    return out;
}

json graph_domain(test::emulator_cloud &cloud, const std::string &name) {
    const json state = cloud.control_json("GET", "/control/state");
    for (const auto &d : state.at("graph").at(test::demo_tenant).at("domains"))
        if (d.at("id") == name) return d;
    return nullptr;
}

}  // namespace

TEST_CASE("m365-domain request: bad input is an error id, nothing read", "[blueprint][m365_domain]") {
    const auto ids = [](const json &p) {
        m365_domain::request r;
        return ids_of(m365_domain::parse_request(p, r));
    };
    CHECK(ids({}) == std::vector<std::string>{"validation.domain.empty"});
    CHECK(ids({{"DomainName", "marketing.contoso.com"}}) == std::vector<std::string>{"validation.domain.third_level"});
    CHECK(ids({{"DomainName", "192.168.0.1"}}).front().starts_with("validation.domain."));
    CHECK(ids({{"DomainName", std::string(64, 'a') + ".com"}}).front() == "validation.domain.malformed");
    CHECK(ids({{"DomainName", "contoso.com"}, {"SupportedServices", {"Email", "Fax"}}}) ==
          std::vector<std::string>{"m365.domain.supported_services.unknown"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"WaitTimeoutSeconds", -1}}) ==
          std::vector<std::string>{"m365.domain.wait_timeout.invalid"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"DnsServer", {"not-an-ip"}}}) ==
          std::vector<std::string>{"dns.resolver.server.malformed"});

    // The subdomain is allowed when asked for; names are normalised.
    m365_domain::request r;
    CHECK(m365_domain::parse_request({{"DomainName", "Marketing.Contoso.com."}, {"AllowSubdomain", true},
                                      {"SupportedServices", {"email", "Yammer", "Email"}}},
                                     r)
              .empty());
    CHECK(r.domain == "marketing.contoso.com");
    CHECK(r.supported_services == std::vector<std::string>{"Email", "Yammer"});
}

TEST_CASE("Add-M365Domain: from nothing to a verified default domain, then a run with no write",
          "[blueprint][m365_domain][emulator]") {
    test::dns_server bind({{domain, "@ IN MX 10 mail.northwind-e2e.com.\nmail IN A 192.0.2.25\n"}});
    test::emulator_cloud cloud({"--dns-server", bind.address()}, test::quick_retry());
    graph::graph_client client(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    const auto request = parsed({{"DomainName", domain},
                                 {"SetDefault", true},
                                 {"WaitTimeoutSeconds", 30},
                                 {"PollIntervalSeconds", 1},
                                 {"DnsServer", {bind.address()}}});

    const auto first = m365_domain::build_plan(request, client, {});
    std::vector<std::string> commands;
    for (const auto &s : first.steps) commands.push_back(s.command ? s.command->name : s.action);
    CHECK(commands == std::vector<std::string>{"New-MgDomain", "Wait-M365DomainVerificationRecord", "Confirm-MgDomain",
                                               "Update-MgDomain", "Update-MgDomain"});
    CHECK(first.steps[1].depends_on == std::vector<std::string>{"s01"});
    CHECK(first.steps[4].depends_on == std::vector<std::string>{"s04"});
    CHECK(cloud.writes_logged() == 0);  // planning only reads

    // The administrator publishes the TXT record a little after the domain was added: the wait
    // step sees it appear (the emulator computes the same code for the same tenant and name).
    std::thread publisher([&] {
        for (int i = 0; i < 200 && graph_domain(cloud, domain).is_null(); ++i) std::this_thread::sleep_for(50ms);
        // The service channel is thread-safe: the apply on the main thread shares it.
        std::string txt;
        {
            graph::graph_client second(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
            txt = m365_domain::verification_text(second, domain);
        }
        std::this_thread::sleep_for(1500ms);
        bind.set_zone({domain, "@ IN MX 10 mail.northwind-e2e.com.\nmail IN A 192.0.2.25\n@ IN TXT \"" + txt + "\"\n"});
    });

    test::temp_dir journal;
    std::vector<std::string> progress;
    m365_domain::domain_session session(client, bind.resolver_options(), [&](const std::string &, const std::string &s, int) {
        progress.push_back(s);
        return true;
    });
    transport_set transports;
    transports.add("graph", session);
    secret_store secrets;
    apply_options options;
    options.journal_directory = journal.path();
    const auto run = apply_plan(first, options, transports, secrets, {});
    publisher.join();
    for (const auto &r : run.results) {
        INFO(r.step_id << " " << r.status << " " << r.error_id << " " << r.message);
        CHECK(r.status == "succeeded");
    }
    CHECK_FALSE(progress.empty());  // at least one poll before the record appeared
    REQUIRE(run.results.size() == 5);
    REQUIRE_FALSE(run.results[1].warnings.empty());
    CHECK(run.results[1].warnings[0].find("TXT @ \"MS=ms") != std::string::npos);

    const json d = graph_domain(cloud, domain);
    CHECK(d.at("isVerified") == true);
    CHECK(d.at("isDefault") == true);
    CHECK(d.at("supportedServices") == json::array({"Email"}));

    // Converged: one read, every step a no-op, and the apply sends no write.
    cloud.control_json("POST", "/control/counters/reset", json::object());
    const auto second = m365_domain::build_plan(request, client, {});
    for (const auto &s : second.steps) CHECK(s.action == "noop");
    apply_plan(second, options, transports, secrets, {});
    CHECK(cloud.writes_logged() == 0);
    CHECK(cloud.control_json("GET", "/control/requests").at("requests").size() == 1);  // the one GET
}

TEST_CASE("Add-M365Domain: without the record, the wait fails with the record to publish and verify is not tried",
          "[blueprint][m365_domain][emulator]") {
    test::dns_server bind({{domain, "@ IN MX 10 mail.northwind-e2e.com.\n"}});
    test::emulator_cloud cloud({"--dns-server", bind.address()}, test::quick_retry());
    graph::graph_client client(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    const auto request = parsed({{"DomainName", domain}, {"DnsServer", {bind.address()}}});  // look once
    const auto p = m365_domain::build_plan(request, client, {});
    m365_domain::domain_session session(client, bind.resolver_options(), {});
    transport_set transports;
    transports.add("graph", session);
    test::temp_dir journal;
    apply_options options;
    options.journal_directory = journal.path();
    secret_store secrets;
    const auto run = apply_plan(p, options, transports, secrets, {});
    REQUIRE(run.results.size() >= 3);
    CHECK(run.results[0].status == "succeeded");  // the domain was added
    CHECK(run.results[1].status == "failed");
    CHECK(run.results[1].error_id == "m365.domain.verification_record.not_visible");
    CHECK(run.results[1].message.find("MS=ms") != std::string::npos);
    CHECK(run.results[2].status == "blocked");  // Confirm-MgDomain never sent
    CHECK(graph_domain(cloud, domain).at("isVerified") == false);

    // A second run finds the domain, shows the record in the plan and does not add it again.
    const auto again = m365_domain::build_plan(request, client, {});
    CHECK(again.steps[0].action == "noop");
    REQUIRE(again.steps[1].notes.size() == 1);
    CHECK(again.steps[1].notes[0].find("MS=ms") != std::string::npos);
}
