// Set-TeamsEssentialsRouting -Mode Gmail (T11) and -Mode ExchangeHybrid (T12) against the
// emulator: security defaults, conditional access and POP through Graph and Exchange Online, the
// checklist, the converged re-run, and Remove putting the tenant back; hybrid's checks read only.
#include <catch2/catch.hpp>

#include <map>

#include "blueprint/m365_dkim_session.h"
#include "blueprint/m365_domain_session.h"
#include "blueprint/teams_routing_blueprint.h"
#include "blueprint/teams_routing_removal.h"
#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "core/error.h"
#include "exec/executor.h"
#include "graph/domains.h"
#include "graph/emulator_cloud.h"
#include "graph/graph_bulk_session.h"
#include "support/temp_dir.h"
#include "blueprint/teams_routing_support.h"

using namespace mailint;
using nlohmann::json;
using teams_test::exchange_of, teams_test::parsed;

namespace {

std::vector<std::string> ids_of(const json &parameters) {
    teams_routing::request r;
    std::vector<std::string> out;
    const auto found = teams_routing::parse_request(parameters, r);  // held: items() of a temporary would dangle
    for (const auto &i : found.items()) out.push_back(i.id + "@" + i.target);
    return out;
}

// The writes of the log, by Exchange cmdlet or by Graph method and path.
std::map<std::string, std::size_t> writes(test::emulator_cloud &cloud) {
    std::map<std::string, std::size_t> out;
    const json log = cloud.control_json("GET", "/control/requests");  // held: the range is a member of it
    for (const auto &r : log.at("requests"))
        if (r.value("write", false)) {
            const auto &cmdlet = r.at("cmdlet");
            ++out[cmdlet.is_string() ? cmdlet.get<std::string>() : r.value("method", "") + " " + r.value("path", "")];
        }
    return out;
}

// The state with `edit` applied, seeded back. The state shows no secret (not even its hash), so
// the demo app's is given again.
template <class Edit>
void reseed(test::emulator_cloud &cloud, Edit edit) {
    json state = cloud.control_json("GET", "/control/state");
    for (auto &app : state["entra"]["tenants"][test::demo_tenant]["apps"])
        if (app.value("clientId", "") == test::demo_client_id) app["secrets"] = json::array({test::demo_secret_text});
    edit(state);
    cloud.control_json("POST", "/control/seed", state);
}

run_outcome apply(const plan &p, graph::graph_client &graph, exchange_online::exo_client &exchange) {
    test::temp_dir journal;
    secret_store secrets;
    graph::graph_bulk_session bulk(graph, secrets, {});
    m365_domain::domain_session graph_steps(graph, {}, {}, &bulk);
    m365_dkim::dkim_session exchange_steps(exchange, {}, {}, 3);
    transport_set transports;
    transports.add("graph", graph_steps);
    transports.add("exchange", exchange_steps);
    apply_options options;
    options.journal_directory = journal.path();
    return apply_plan(p, options, transports, secrets, {});
}

std::map<std::string, const plan_step *> by_identity(const plan &p) {
    std::map<std::string, const plan_step *> out;
    for (const auto &s : p.steps) out[s.resource_type + " " + s.identity] = &s;
    return out;
}

const std::string gmail_sku = "3ab6abff-666f-4424-bfb7-f0bc274ec7bc";

}  // namespace

TEST_CASE("teams-routing modes: each mode's parameters, and another mode's refused", "[blueprint][teams_routing]") {
    CHECK(ids_of({{"Mode", "Gmail"}}).empty());  // no domain needed
    CHECK(ids_of({{"Mode", "Gmail"}, {"ForwardingDomain", "g.contoso.com"}, {"SmartHost", "aspmx.l.google.com"}}) ==
          std::vector<std::string>{"teams.parameter.not_for_mode@ForwardingDomain", "teams.parameter.not_for_mode@SmartHost"});
    CHECK(ids_of({{"Mode", "ExchangeHybrid"}}) == std::vector<std::string>{"validation.domain.empty@DomainName"});
    CHECK(ids_of({{"Mode", "ExchangeHybrid"}, {"DomainName", "contoso.com"}, {"UsersCsvPath", "/tmp/u.csv"}}) ==
          std::vector<std::string>{"teams.parameter.not_for_mode@UsersCsvPath"});
    CHECK(ids_of({{"Mode", "GoogleWorkspace"}, {"DomainName", "contoso.com"}, {"ForwardingDomain", "g.contoso.com"},
                  {"EnablePop", true}}) == std::vector<std::string>{"teams.parameter.not_for_mode@EnablePop"});
    CHECK(ids_of({{"Mode", "Gmail"}, {"ManualStepsDone", {"gmail.pop-fetch", "google.spam-bypass"}}}) ==
          std::vector<std::string>{"teams.manual_step.unknown@ManualStepsDone"});
    CHECK(ids_of({{"Mode", "Gmail"}, {"DomainName", "-bad-.com"}}) == std::vector<std::string>{"validation.domain.malformed@DomainName"});
    CHECK(teams_routing::record_key("Gmail", "contoso.com") == "gmail");
    CHECK(teams_routing::record_key("GoogleWorkspace", "contoso.com") == "contoso.com");
}

TEST_CASE("Set-TeamsEssentialsRouting -Mode Gmail: security defaults off, POP on where it was off, the conditional "
          "access policy that blocks POP named, then nothing to do, and Remove puts it back",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    graph::graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    cloud.control_json("POST", "/control/exchange-online/" + test::demo_tenant + "/mailboxes/generate", json{{"count", 40}, {"prefix", "gm"}});
    const auto users = exchange.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}}}).objects;
    // Ten with POP off beforehand; a conditional access policy blocking legacy clients, one in
    // report-only mode, and one that does not concern POP.
    for (std::size_t i = 0; i < 10; ++i) exchange.invoke({"Set-CASMailbox", {{"Identity", users[i].at("Identity")}, {"PopEnabled", false}}});
    reseed(cloud, [](json &state) {
        state["graph"][test::demo_tenant]["conditionalAccessPolicies"] = json::parse(R"([
          {"id":"a1","displayName":"Block legacy authentication","state":"enabled",
           "conditions":{"clientAppTypes":["exchangeActiveSync","other"],"users":{"includeUsers":["All"]},
                         "applications":{"includeApplications":["All"]}},"grantControls":{"operator":"OR","builtInControls":["block"]}},
          {"id":"a2","displayName":"Report only","state":"enabledForReportingButNotEnforced",
           "conditions":{"clientAppTypes":["all"],"users":{"includeUsers":["All"]},"applications":{"includeApplications":["All"]}},
           "grantControls":{"operator":"OR","builtInControls":["block"]}},
          {"id":"a3","displayName":"MFA for browsers","state":"enabled",
           "conditions":{"clientAppTypes":["browser"],"users":{"includeUsers":["All"]},"applications":{"includeApplications":["All"]}},
           "grantControls":{"operator":"OR","builtInControls":["mfa"]}}])");
    });
    const auto snapshot = [&] {
        const json state = cloud.control_json("GET", "/control/state");
        return json{{"cas", state.at("exchangeOnline").at(test::demo_tenant).at("casMailboxes")},
                    {"securityDefaults", state.at("graph").at(test::demo_tenant).at("securityDefaults")}};
    };
    const json before = snapshot();
    CHECK(before.at("securityDefaults").at("isEnabled") == true);
    cloud.control_json("POST", "/control/counters/reset", json::object());

    const auto request = parsed({{"Mode", "Gmail"}, {"ManualStepsDone", {"gmail.teams-calendar-addon"}}});
    teams_routing::undo_record undo;
    json status;
    const auto p = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, &undo, &status, &graph);
    CHECK(writes(cloud).empty());
    auto steps = by_identity(p);
    REQUIRE(steps.count("SecurityDefaults identitySecurityDefaultsEnforcementPolicy"));
    const auto &defaults = *steps["SecurityDefaults identitySecurityDefaultsEnforcementPolicy"];
    CHECK(defaults.action == "update");
    CHECK(defaults.risk == "high");
    CHECK(defaults.transport == "graph");
    REQUIRE(steps.count("CASMailbox 10 user mailboxes"));
    CHECK(steps["CASMailbox 10 user mailboxes"]->command->parameters.at("$batch").size() == 10);
    REQUIRE(steps.count("ManualStep entra.conditional-access-pop"));
    const auto &ca = *steps["ManualStep entra.conditional-access-pop"];
    CHECK(ca.action == "manual");
    CHECK(ca.description.find("'Block legacy authentication'") != std::string::npos);
    CHECK(ca.description.find("Report only") == std::string::npos);
    CHECK(ca.description.find("MFA for browsers") == std::string::npos);
    CHECK(steps["ManualStep gmail.pop-fetch"]->description.find("outlook.office365.com, port 995") != std::string::npos);
    CHECK(steps["ManualStep gmail.teams-calendar-addon"]->action == "noop");
    CHECK(steps["ManualStep entra.mfa"]->action == "manual");
    CHECK(status.at("securityDefaultsEnabled") == true);
    CHECK(status.at("conditionalAccessBlockingPop").size() == 1);
    CHECK(status.at("pendingSteps") == 2);

    std::vector<std::string> all;
    for (const auto &s : p.steps) all.push_back(s.id);
    const auto record = undo.only_steps(all);
    CHECK(record.mode == "Gmail");
    for (const auto &r : apply(p, graph, exchange).results) {
        INFO(r.step_id << " " << r.status << " " << r.error_id << " " << r.message);
        CHECK((r.status == "succeeded" || r.status == "unchanged"));
    }
    const auto w = writes(cloud);
    CHECK(w.size() == 2);
    CHECK(w.at("Set-CASMailbox") == 10);
    CHECK(w.at("PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy") == 1);
    const json after = snapshot();
    CHECK(after.at("securityDefaults").at("isEnabled") == false);
    for (const auto &c : after.at("cas")) CHECK(c.at("PopEnabled") == true);

    // Converged: reads only; the checklist is still there until marked done.
    cloud.control_json("POST", "/control/counters/reset", json::object());
    const auto again = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, nullptr, &status, &graph);
    for (const auto &s : again.steps) CHECK((s.action == "noop" || s.action == "manual"));
    apply(again, graph, exchange);
    CHECK(writes(cloud).empty());
    CHECK(status.at("popEnabled") == 44);  // the 40 and the seed's four user mailboxes

    // Remove: POP off again on the ten, security defaults on; nothing else.
    const auto removal = teams_routing::build_removal_plan("gmail", record, exchange, {}, &graph, "Gmail");
    for (const auto &s : removal.steps) {
        INFO(s.resource_type << " " << s.identity);
        CHECK(s.command->name != "Remove-TransportRule");
    }
    for (const auto &r : apply(removal, graph, exchange).results) {
        INFO(r.step_id << " " << r.status << " " << r.message);
        CHECK(r.status == "succeeded");
    }
    CHECK(snapshot() == before);
    for (const auto &s : teams_routing::build_removal_plan("gmail", record, exchange, {}, &graph, "Gmail").steps) CHECK(s.action == "noop");
}

TEST_CASE("Set-TeamsEssentialsRouting -Mode Gmail with a custom domain: DKIM checked, the domain must be accepted",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    graph::graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    try {
        teams_routing::build_plan(parsed({{"Mode", "Gmail"}, {"DomainName", "not-added.example"}}), exchange, test::demo_tenant, {},
                                  nullptr, nullptr, &graph);
        FAIL("planned for a domain the tenant does not accept");
    } catch (const error &e) {
        CHECK(e.id() == "teams.domain.not_accepted");
    }
    // The initial domain signs with DKIM from the start.
    const auto p = teams_routing::build_plan(parsed({{"Mode", "Gmail"}, {"DomainName", "contoso.onmicrosoft.com"}}), exchange,
                                             test::demo_tenant, {}, nullptr, nullptr, &graph);
    CHECK(by_identity(p)["ManualStep m365.custom-domain-dkim"]->action == "noop");
    CHECK(writes(cloud).empty());
}

TEST_CASE("Set-TeamsEssentialsRouting -Mode ExchangeHybrid: the prerequisites checked in Exchange Online, nothing written",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    const std::string onprem = "contoso.onmicrosoft.com";  // an accepted domain of the demo tenant
    const auto request = parsed({{"Mode", "ExchangeHybrid"}, {"DomainName", onprem}});
    json status;
    auto p = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, nullptr, &status);
    auto steps = by_identity(p);
    CHECK(steps["HybridPrerequisite hybrid.oauth"]->action == "manual");
    CHECK(steps["HybridPrerequisite hybrid.organization-relationship"]->action == "manual");
    CHECK(steps["ManualStep hybrid.teams-rooms"]->description.find("https://learn.microsoft.com/") != std::string::npos);
    CHECK(status.at("intraOrganizationConnector").is_null());

    // What the Hybrid Configuration Wizard leaves: a connector and a relationship for the domain
    // (a disabled connector does not count).
    reseed(cloud, [&](json &state) {
        auto &t = state["exchangeOnline"][test::demo_tenant];
        t["intraOrganizationConnectors"] = json::array(
            {{{"Name", "Disabled one"}, {"Enabled", false}, {"TargetAddressDomains", {onprem}}},
             {{"Name", "HybridIOC - 7b2f"}, {"TargetAddressDomains", {onprem}},
              {"DiscoveryEndpoint", "https://mail.contoso.com/autodiscover/autodiscover.svc"}}});
        t["organizationRelationships"] = json::array(
            {{{"Name", "O365 to On-premises - 7b2f"}, {"DomainNames", {onprem}}, {"FreeBusyAccessEnabled", true},
              {"FreeBusyAccessLevel", "LimitedDetails"}}});
    });
    cloud.control_json("POST", "/control/counters/reset", json::object());
    p = teams_routing::build_plan(parsed({{"Mode", "ExchangeHybrid"}, {"DomainName", onprem}, {"ManualStepsDone", {"hybrid.teams-rooms"}}}),
                                  exchange, test::demo_tenant, {}, nullptr, &status);
    steps = by_identity(p);
    CHECK(steps["IntraOrganizationConnector HybridIOC - 7b2f"]->action == "noop");
    CHECK(steps["OrganizationRelationship O365 to On-premises - 7b2f"]->action == "noop");
    CHECK(steps["ManualStep hybrid.teams-rooms"]->action == "noop");
    CHECK(steps["ManualStep hybrid.teams-calendar-onprem"]->action == "manual");
    CHECK(status.at("intraOrganizationConnector").at("discoveryEndpoint") == "https://mail.contoso.com/autodiscover/autodiscover.svc");
    CHECK(status.at("pendingSteps") == 0);
    CHECK(writes(cloud).empty());
}
