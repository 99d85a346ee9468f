// Enable-M365DkimSigning's plan and apply, end to end: the emulator's Exchange Online (which, like
// the service, refuses to enable signing before public DNS shows both selector CNAMEs, asking a
// real DNS server with --dns-server) and BIND on 127.0.0.1 serving the zone the test writes.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "blueprint/m365_dkim_blueprint.h"
#include "blueprint/m365_dkim_request.h"
#include "blueprint/m365_dkim_session.h"
#include "core/error.h"
#include "exec/executor.h"
#include "graph/domains.h"
#include "graph/emulator_cloud.h"
#include "support/dns_server.h"
#include "support/temp_dir.h"

using namespace mailint;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string domain = "fourthcoffee-dkim.com";
const std::string base_zone = "@ IN MX 10 mail.fourthcoffee-dkim.com.\nmail IN A 192.0.2.25\n";

m365_dkim::request parsed(const json &parameters) {
    m365_dkim::request r;
    auto found = m365_dkim::parse_request(parameters, r);
    INFO(found.to_json().dump());
    REQUIRE_FALSE(found.has_errors());
    return r;
}

std::vector<std::string> ids_of(const diagnostics &d) {
    std::vector<std::string> out;
    for (const auto &i : d.items()) out.push_back(i.id);
    return out;
}

json signing_config(test::emulator_cloud &cloud) {
    const json state = cloud.control_json("GET", "/control/state");
    for (const auto &c : state.at("exchangeOnline").at(test::demo_tenant).at("dkimSigningConfigs"))
        if (c.value("Domain", "") == domain) return c;
    return nullptr;
}

// The domain added to the tenant and verified through Graph, so Exchange Online accepts it.
void link_domain(test::emulator_cloud &cloud, test::dns_server &bind) {
    graph::graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    graph::add_domain(graph, domain);
    std::string txt;
    for (const auto &r : graph::verification_dns_records(graph, domain))
        if (r.kind == graph::dns_record_kind::txt) txt = r.value;
    bind.set_zone({domain, base_zone + "@ IN TXT \"" + txt + "\"\n"});
    graph::verify_domain(graph, domain);
}

exchange_online::exo_client exchange_of(test::emulator_cloud &cloud) {
    const auto &s = cloud.connection->settings();
    return exchange_online::exo_client(cloud.connection->exchange(), {s.environment.exchange_base, s.app.tenant, {}});
}

struct applied {
    run_outcome run;
    std::vector<std::string> statuses;
};

applied apply(const plan &p, exchange_online::exo_client &exchange, test::dns_server &bind) {
    test::temp_dir journal;
    m365_dkim::dkim_session session(exchange, bind.resolver_options(), {});
    transport_set transports;
    transports.add("exchange", session);
    secret_store secrets;
    apply_options options;
    options.journal_directory = journal.path();
    applied a{apply_plan(p, options, transports, secrets, {}), {}};
    for (const auto &r : a.run.results) a.statuses.push_back(r.status);
    return a;
}

}  // namespace

TEST_CASE("m365-dkim request: bad input is an error id naming the parameter", "[blueprint][m365_dkim]") {
    const auto ids = [](const json &p) {
        m365_dkim::request r;
        return ids_of(m365_dkim::parse_request(p, r));
    };
    CHECK(ids(json::object()) == std::vector<std::string>{"validation.domain.empty"});
    CHECK(ids({{"DomainName", "bad..com"}}) == std::vector<std::string>{"validation.domain.malformed"});
    CHECK(ids({{"DomainName", "192.0.2.1"}}).front().rfind("validation.domain.", 0) == 0);
    CHECK(ids({{"DomainName", "contoso.onmicrosoft.com"}}) == std::vector<std::string>{"m365.dkim.domain.initial"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"KeySize", 512}}) == std::vector<std::string>{"m365.dkim.key_size.invalid"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"WaitTimeoutSeconds", -1}, {"PollIntervalSeconds", 0}}) ==
          std::vector<std::string>{"m365.dkim.wait_timeout.invalid", "m365.dkim.poll_interval.invalid"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"DnsServer", {"ns1.contoso.com"}}}) ==
          std::vector<std::string>{"dns.resolver.server.malformed"});
    // A subdomain is signed as any accepted domain is.
    m365_dkim::request r;
    CHECK_FALSE(m365_dkim::parse_request({{"DomainName", "Sales.Contoso.com."}}, r).has_errors());
    CHECK(r.domain == "sales.contoso.com");
}

TEST_CASE("Enable-M365DkimSigning: created disabled, enabled only once both CNAMEs resolve, then nothing to do",
          "[blueprint][m365_dkim][emulator]") {
    test::dns_server bind({{domain, base_zone}});
    test::emulator_cloud cloud({"--dns-server", bind.address()}, test::quick_retry());
    auto exchange = exchange_of(cloud);

    // Not an accepted domain yet: the plan says so and nothing is written.
    const auto look_once = parsed({{"DomainName", domain}, {"DnsServer", {bind.address()}}});
    try {
        m365_dkim::build_plan(look_once, exchange, {});
        FAIL("planned for a domain that is not accepted");
    } catch (const error &e) {
        CHECK(e.id() == "m365.dkim.domain.not_accepted");
        CHECK(std::string(e.what()).find("Add-M365Domain") != std::string::npos);
    }
    link_domain(cloud, bind);
    cloud.control_json("POST", "/control/counters/reset", json::object());

    // First run, no CNAMEs published: the configuration is made (disabled), the wait fails with
    // the two records to publish, and enabling is not even tried.
    const auto first = m365_dkim::build_plan(look_once, exchange, {});
    std::vector<std::string> commands;
    for (const auto &s : first.steps) commands.push_back(s.command ? s.command->name : s.action);
    CHECK(commands == std::vector<std::string>{"New-DkimSigningConfig", "Wait-M365DkimSelectorRecord", "Set-DkimSigningConfig"});
    CHECK(first.steps[2].depends_on == std::vector<std::string>{"s02"});
    CHECK(cloud.writes_logged() == 0);
    auto a = apply(first, exchange, bind);
    CHECK(a.statuses == std::vector<std::string>{"succeeded", "failed", "blocked"});
    CHECK(a.run.results[1].error_id == "m365.dkim.selector_records.not_visible");
    REQUIRE_FALSE(a.run.results[1].warnings.empty());
    const json created = signing_config(cloud);
    REQUIRE(created.is_object());
    CHECK(created.at("Enabled") == false);
    const std::string t1 = created.at("Selector1CNAME"), t2 = created.at("Selector2CNAME");
    CHECK(a.run.results[1].warnings[0].find("selector1._domainkey -> " + t1) != std::string::npos);
    CHECK(a.run.results[1].warnings[0].find("selector2._domainkey -> " + t2) != std::string::npos);

    // The service itself refuses to enable before DNS shows the records (what the wait spares).
    try {
        exchange.invoke({"Set-DkimSigningConfig", {{"Identity", domain}, {"Enabled", true}}});
        FAIL("Exchange Online enabled DKIM without the CNAMEs");
    } catch (const error &e) {
        CHECK(std::string(e.what()).find("CNAME record does not exist") != std::string::npos);
    }

    // One selector published: the plan now shows both targets, and the wait still refuses.
    bind.set_zone({domain, base_zone + "selector1._domainkey IN CNAME " + t1 + ".\n"});
    const auto second = m365_dkim::build_plan(look_once, exchange, {});
    CHECK(second.steps[0].action == "noop");
    REQUIRE(second.steps[1].notes.size() == 2);
    CHECK(second.steps[1].notes[1].find("selector2._domainkey -> " + t2) != std::string::npos);
    a = apply(second, exchange, bind);
    CHECK(a.statuses == std::vector<std::string>{"unchanged", "failed", "blocked"});
    CHECK(a.run.results[1].message.find("selector2._domainkey." + domain) != std::string::npos);
    CHECK(signing_config(cloud).at("Enabled") == false);

    // The second appears while the run waits: it sees it and enables signing.
    const auto waiting = parsed({{"DomainName", domain}, {"DnsServer", {bind.address()}}, {"WaitTimeoutSeconds", 30},
                                 {"PollIntervalSeconds", 1}});
    std::thread publisher([&] {
        std::this_thread::sleep_for(1500ms);
        bind.set_zone({domain, base_zone + "selector1._domainkey IN CNAME " + t1 + ".\nselector2._domainkey IN CNAME " +
                                   t2 + ".\n"});
    });
    a = apply(m365_dkim::build_plan(waiting, exchange, {}), exchange, bind);
    publisher.join();
    for (const auto &r : a.run.results) INFO(r.step_id << " " << r.status << " " << r.error_id << " " << r.message);
    CHECK(a.statuses == std::vector<std::string>{"unchanged", "succeeded", "succeeded"});
    CHECK(signing_config(cloud).at("Enabled") == true);

    // Converged: two reads, all no-ops, no write.
    cloud.control_json("POST", "/control/counters/reset", json::object());
    const auto third = m365_dkim::build_plan(waiting, exchange, {});
    for (const auto &s : third.steps) CHECK(s.action == "noop");
    apply(third, exchange, bind);
    CHECK(cloud.writes_logged() == 0);
    CHECK(cloud.control_json("GET", "/control/requests").at("requests").size() == 2);
}
