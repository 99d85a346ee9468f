// Set-TeamsEssentialsRouting's plan and apply (Google Workspace mode) against the emulator's
// Exchange Online: from a tenant that has only its domain to the documented end state, with 2,000
// user mailboxes of which 300 already forward correctly; the emulator's state and request log are
// the ground truth.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "blueprint/m365_dkim_session.h"
#include "blueprint/teams_routing_blueprint.h"
#include "blueprint/teams_routing_removal.h"
#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "core/error.h"
#include "exec/executor.h"
#include "blueprint/m365_domain_session.h"
#include "graph/domains.h"
#include "graph/graph_bulk_session.h"
#include "graph/emulator_cloud.h"
#include "support/temp_dir.h"
#include "blueprint/teams_routing_support.h"

using namespace mailint;
using nlohmann::json;
using teams_test::exchange_of, teams_test::parsed;

namespace {

const std::string domain = "tailspin-teams.com";
const std::string forwarding = "g.tailspin-teams.com";

std::vector<std::string> ids_of(const diagnostics &d) {
    std::vector<std::string> out;
    for (const auto &i : d.items()) out.push_back(i.id + "@" + i.target);
    return out;
}

json tenant(test::emulator_cloud &cloud) {
    return cloud.control_json("GET", "/control/state").at("exchangeOnline").at(test::demo_tenant);
}

std::map<std::string, std::size_t> writes_by_cmdlet(test::emulator_cloud &cloud) {
    std::map<std::string, std::size_t> out;
    // Held: a range over a member of the temporary answer would dangle.
    const json log = cloud.control_json("GET", "/control/requests");
    for (const auto &r : log.at("requests"))
        if (r.value("write", false)) ++out[r.value("cmdlet", std::string("?"))];
    return out;
}

// T2 done: the domain added and verified (the emulator's simulated DNS holds the TXT), so
// Exchange Online accepts it.
void link_domain(test::emulator_cloud &cloud) {
    graph::graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    graph::add_domain(graph, domain);
    for (const auto &r : graph::verification_dns_records(graph, domain))
        if (r.kind == graph::dns_record_kind::txt)
            cloud.control_json("POST", "/control/dns/records", json{{"name", domain}, {"type", "TXT"}, {"value", r.value}});
    graph::verify_domain(graph, domain);
}

run_outcome apply(const plan &p, exchange_online::exo_client &exchange) {
    test::temp_dir journal;
    m365_dkim::dkim_session session(exchange, {}, {}, 3);
    transport_set transports;
    transports.add("exchange", session);
    secret_store secrets;
    apply_options options;
    options.journal_directory = journal.path();
    return apply_plan(p, options, transports, secrets, {});
}

}  // namespace

TEST_CASE("teams-routing request: bad input is an error id naming the parameter", "[blueprint][teams_routing]") {
    const auto ids = [](const json &p) {
        teams_routing::request r;
        return ids_of(teams_routing::parse_request(p, r));
    };
    const json good = {{"DomainName", "contoso.com"}, {"ForwardingDomain", "g.contoso.com"}};
    CHECK(ids(good).empty());
    auto p = good;
    p["ForwardingDomain"] = "g.fabrikam.com";
    CHECK(ids(p) == std::vector<std::string>{"teams.forwarding_domain.not_under_domain@ForwardingDomain"});
    p = good;
    p["ForwardingDomain"] = "contoso.com";  // the domain itself is not a subdomain of it
    CHECK(ids(p) == std::vector<std::string>{"teams.forwarding_domain.not_under_domain@ForwardingDomain"});
    p = good;
    p["SmartHost"] = "aspmx l google";
    CHECK(ids(p) == std::vector<std::string>{"teams.smart_host.malformed@SmartHost"});
    p = good;
    p["TestAddress"] = "johanna at g.contoso.com";
    CHECK(ids(p) == std::vector<std::string>{"teams.test_address.malformed@TestAddress"});
    p = good;
    p["Mode"] = "Lotus";
    CHECK(ids(p) == std::vector<std::string>{"teams.mode.unknown@Mode"});
    p = good;
    p["ManualStepsDone"] = {"google.spam-bypass", "google.everything"};
    CHECK(ids(p) == std::vector<std::string>{"teams.manual_step.unknown@ManualStepsDone"});
    CHECK(ids({{"DomainName", "bad..com"}}) ==
          std::vector<std::string>{"validation.domain.malformed@DomainName", "validation.domain.empty@ForwardingDomain"});
}

TEST_CASE("Set-TeamsEssentialsRouting: an empty tenant to the documented end state, 1,700 of 2,000 mailboxes "
          "forwarded, then nothing to do",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);

    link_domain(cloud);
    // 2,000 user mailboxes in all, 300 of them already forwarding as wanted; objects the module
    // did not make, which it must leave alone.
    std::size_t seeded = exchange.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}}}).objects.size();
    cloud.control_json("POST", "/control/exchange-online/" + test::demo_tenant + "/mailboxes/generate",
                       json{{"count", 2000 - seeded}, {"prefix", "tu"}});
    const auto users = exchange.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}}}).objects;
    REQUIRE(users.size() == 2000);
    std::vector<exchange_online::command> preset;
    for (std::size_t i = 0; i < 300; ++i)
        preset.push_back({"Set-Mailbox", {{"Identity", users[i].at("Identity")}, {"DeliverToMailboxAndForward", true},
                                          {"ForwardingSmtpAddress", users[i].at("Alias").get<std::string>() + "@" + forwarding}}});
    for (const auto &o : exchange.invoke_many(preset, 3)) REQUIRE_FALSE(o.failure);
    exchange.invoke({"New-TransportRule", {{"Name", "Disclaimer (not ours)"}, {"SetHeaderName", "X-Disclaimer"}, {"SetHeaderValue", "1"}}});
    exchange.invoke({"New-OutboundConnector", {{"Name", "Partner relay (not ours)"}, {"ConnectorType", "Partner"},
                                               {"SmartHosts", {"relay.partner.example"}}, {"UseMXRecord", false}}});
    const json before = tenant(cloud);
    cloud.control_json("POST", "/control/counters/reset", json::object());

    const auto request = parsed({{"DomainName", domain}, {"ForwardingDomain", forwarding}, {"TestAddress", "johanna@" + forwarding},
                                 {"ManualStepsDone", {"google.alias-subdomain"}}});
    const auto p = teams_routing::build_plan(request, exchange, test::demo_tenant, {});
    CHECK(writes_by_cmdlet(cloud).empty());  // planning reads only
    std::map<std::string, std::string> by_resource;
    for (const auto &s : p.steps) by_resource[s.resource_type + " " + s.identity] = s.action;
    CHECK(by_resource["Mailbox 1700 user mailboxes"] == "update");
    CHECK(by_resource["CASMailbox 2000 user mailboxes"] == "update");
    CHECK(by_resource["ManualStep google.alias-subdomain"] == "noop");
    CHECK(by_resource["ManualStep google.spam-bypass"] == "manual");
    CHECK(by_resource["TransportRule Delete all except Calendaring"] == "create");
    const auto &last = p.steps.back();
    CHECK(last.identity == "Delete all except Calendaring");
    CHECK(last.risk == "high");
    // The checklist carries this tenant's values.
    bool header = false;
    for (const auto &s : p.steps)
        header = header || s.description.find("X-MS-Exchange-CrossTenant-id: " + test::demo_tenant) != std::string::npos;
    CHECK(header);

    const auto run = apply(p, exchange);
    for (const auto &r : run.results) {
        INFO(r.step_id << " " << r.status << " " << r.error_id << " " << r.message);
        CHECK((r.status == "succeeded" || r.status == "unchanged"));
    }
    const auto writes = writes_by_cmdlet(cloud);
    CHECK(writes.at("Set-Mailbox") == 1700);
    CHECK(writes.at("Set-CASMailbox") == 2000);
    CHECK(writes.at("New-TransportRule") == 3);
    CHECK(writes.at("New-OutboundConnector") == 1);
    CHECK(writes.at("Set-HostedOutboundSpamFilterPolicy") == 1);
    CHECK(writes.at("Set-AcceptedDomain") == 1);

    // The end state.
    const json after = tenant(cloud);
    for (const auto &m : after.at("mailboxes")) {
        if (m.value("RecipientTypeDetails", "") != "UserMailbox") continue;
        CHECK(m.at("DeliverToMailboxAndForward") == true);
        CHECK(m.at("ForwardingSmtpAddress") == "smtp:" + m.at("Alias").get<std::string>() + "@" + forwarding);
    }
    std::size_t owa_off = 0;
    for (const auto &c : after.at("casMailboxes")) owa_off += c.value("OWAEnabled", true) ? 0 : 1;
    CHECK(owa_off >= 2000);
    bool relay = false;
    for (const auto &d : after.at("acceptedDomains"))
        if (d.value("DomainName", "") == domain) relay = d.at("DomainType") == "InternalRelay";
    CHECK(relay);
    std::map<std::string, json> rules;
    for (const auto &r : after.at("transportRules")) rules[r.at("Name")] = r;
    REQUIRE(rules.count("Direct to Calendar"));
    CHECK(rules["Direct to Calendar"].at("SetHeaderValue") == "Tentative");
    CHECK(rules["Delete all except Calendaring"].at("DeleteMessage") == true);
    CHECK(rules["Delete all except Calendaring"].at("Comments") == teams_routing::kMarker);
    CHECK(rules["Disclaimer (not ours)"] == before.at("transportRules").at(0));  // untouched
    bool connector = false;
    for (const auto &c : after.at("outboundConnectors"))
        if (c.at("Name") == "To Google Workspace")
            connector = c.at("IsTransportRuleScoped") == true && c.at("UseMXRecord") == false &&
                        c.at("SmartHosts") == json::array({"aspmx.l.google.com"}) &&
                        c.at("ValidationRecipients") == json::array({"johanna@" + forwarding});
    CHECK(connector);
    CHECK(after.at("outboundConnectors").at(0) == before.at("outboundConnectors").at(0));  // untouched

    // T10 went last, after every forwarding write.
    std::size_t last_forward = 0, delete_rule = 0;
    // Held: a range over a member of the temporary answer would dangle.
    const json log = cloud.control_json("GET", "/control/requests");
    for (const auto &r : log.at("requests")) {
        if (r.value("cmdlet", std::string()) == "Set-Mailbox") last_forward = r.at("seq");
        if (r.value("cmdlet", std::string()) == "New-TransportRule" && r.at("parameters").value("Name", "") == "Delete all except Calendaring")
            delete_rule = r.at("seq");
    }
    CHECK(delete_rule > last_forward);

    // Converged: reads only.
    cloud.control_json("POST", "/control/counters/reset", json::object());
    const auto again = teams_routing::build_plan(request, exchange, test::demo_tenant, {});
    for (const auto &s : again.steps) CHECK((s.action == "noop" || s.action == "manual"));
    apply(again, exchange);
    CHECK(writes_by_cmdlet(cloud).empty());
}

TEST_CASE("Set-TeamsEssentialsRouting: a domain the tenant does not accept is said before anything is written",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    try {
        teams_routing::build_plan(parsed({{"DomainName", "not-added.example"}, {"ForwardingDomain", "g.not-added.example"}}), exchange,
                                  test::demo_tenant, {});
        FAIL("planned for a domain the tenant does not accept");
    } catch (const error &e) {
        CHECK(e.id() == "teams.domain.not_accepted");
    }
    CHECK(writes_by_cmdlet(cloud).empty());
}

TEST_CASE("Remove-TeamsEssentialsRouting: the tenant as it was before, and nothing the module did not make",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    link_domain(cloud);
    cloud.control_json("POST", "/control/exchange-online/" + test::demo_tenant + "/mailboxes/generate", json{{"count", 60}, {"prefix", "rm"}});
    auto users = exchange.invoke({"Get-Mailbox", {{"ResultSize", "Unlimited"}, {"RecipientTypeDetails", {"UserMailbox"}}}}).objects;
    // Someone else's choices beforehand: ten mailboxes already forward as wanted, five forward
    // elsewhere, five have Outlook on the web off, a rule and a connector of their own.
    for (std::size_t i = 0; i < 20; ++i) {
        const std::string alias = users[i].at("Alias");
        if (i < 10)
            exchange.invoke({"Set-Mailbox", {{"Identity", users[i].at("Identity")}, {"DeliverToMailboxAndForward", true},
                                             {"ForwardingSmtpAddress", alias + "@" + forwarding}}});
        else if (i < 15)
            exchange.invoke({"Set-Mailbox", {{"Identity", users[i].at("Identity")}, {"ForwardingSmtpAddress", alias + "@elsewhere.example"}}});
        else
            exchange.invoke({"Set-CASMailbox", {{"Identity", users[i].at("Identity")}, {"OWAEnabled", false}}});
    }
    exchange.invoke({"New-TransportRule", {{"Name", "Disclaimer (not ours)"}, {"SetHeaderName", "X-Disclaimer"}, {"SetHeaderValue", "1"}}});
    exchange.invoke({"New-OutboundConnector", {{"Name", "Partner relay (not ours)"}, {"ConnectorType", "Partner"},
                                               {"SmartHosts", {"relay.partner.example"}}, {"UseMXRecord", false}}});
    const auto snapshot = [&] {
        json t = tenant(cloud);
        json out;
        for (const char *k : {"mailboxes", "casMailboxes", "transportRules", "outboundConnectors", "acceptedDomains",
                              "hostedOutboundSpamFilterPolicies"})
            out[k] = t.at(k);
        return out;
    };
    const json before = snapshot();

    const auto request = parsed({{"DomainName", domain}, {"ForwardingDomain", forwarding}});
    teams_routing::undo_record undo;
    const auto p = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, &undo);
    std::vector<std::string> all;
    for (const auto &s : p.steps) all.push_back(s.id);
    const auto record = undo.only_steps(all);
    std::size_t forwarding_changes = 0;
    for (const auto &c : record.changed) forwarding_changes += c.property == "ForwardingSmtpAddress" ? 1 : 0;
    CHECK(forwarding_changes == users.size() - 10);
    test::temp_dir state;
    const auto path = teams_routing::undo_record_path(state.path(), test::demo_tenant, domain);
    teams_routing::save_undo_record(path, record);
    CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::group_read) == std::filesystem::perms::none);
    for (const auto &r : apply(p, exchange).results) CHECK(r.status != "failed");
    CHECK(snapshot() != before);

    // Undo with the record: back to the state before, byte for byte.
    const auto loaded = teams_routing::load_undo_record(path);
    REQUIRE(loaded);
    const auto removal = teams_routing::build_removal_plan(domain, loaded, exchange, {});
    CHECK(removal.steps.front().command->name == "Remove-TransportRule");  // stop deleting mail first
    CHECK(removal.steps.front().identity == "Delete all except Calendaring");
    for (const auto &r : apply(removal, exchange).results) {
        INFO(r.step_id << " " << r.status << " " << r.message);
        CHECK(r.status == "succeeded");
    }
    const json after = snapshot();
    for (const auto &[k, v] : before.items()) {
        INFO(k);
        CHECK(after.at(k) == v);
    }

    // Again: nothing left to undo (the module's values are gone), and without a record only marked
    // objects would go — there are none.
    const auto nothing = teams_routing::build_removal_plan(domain, loaded, exchange, {});
    for (const auto &s : nothing.steps) CHECK(s.action == "noop");
    const auto unrecorded = teams_routing::build_removal_plan(domain, std::nullopt, exchange, {});
    for (const auto &s : unrecorded.steps) CHECK(s.action == "noop");
    bool warned = false;
    for (const auto &f : unrecorded.findings.items()) warned = warned || f.id == "teams.undo_record.missing";
    CHECK(warned);
}

namespace {

std::filesystem::path write_csv(const test::temp_dir &dir, const std::string &name, const std::string &text) {
    const auto path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("teams-routing T3: the users CSV is checked row by row before anything is read", "[blueprint][teams_routing]") {
    test::temp_dir dir;
    const auto ids = [&](const std::string &csv, json extra = json::object()) {
        json p = {{"DomainName", "contoso.com"}, {"ForwardingDomain", "g.contoso.com"},
                  {"UsersCsvPath", write_csv(dir, "u.csv", csv).string()}};
        p.update(extra);
        teams_routing::request r;
        return ids_of(teams_routing::parse_request(p, r));
    };
    CHECK(ids("UserPrincipalName,DisplayName,UsageLocation\r\nadele@contoso.com,Adele,FR\r\n\"o'neil@contoso.com\",\"O'Neil, Pat\",FR\r\n").empty());
    CHECK(ids("UserPrincipalName,Name\nadele@contoso.com,Adele\n") ==
          std::vector<std::string>{"teams.users_csv.column_missing@UsersCsvPath"});
    CHECK(ids("UserPrincipalName,DisplayName\nadele@contoso.com,Adele\nADELE@Contoso.com,Adele again\n", {{"UsageLocation", "FR"}}) ==
          std::vector<std::string>{"teams.users_csv.duplicate_upn@UsersCsvPath"});
    CHECK(ids("UserPrincipalName,DisplayName,UsageLocation\nnot an address,X,FR\n") ==
          std::vector<std::string>{"teams.users_csv.upn_malformed@UsersCsvPath"});
    CHECK(ids("UserPrincipalName,DisplayName\nadele@contoso.com,Adele\n") ==
          std::vector<std::string>{"teams.users_csv.usage_location_missing@UsageLocation"});
    CHECK(ids("UserPrincipalName,DisplayName,UsageLocation\nadele@contoso.com,Adele,France\n") ==
          std::vector<std::string>{"teams.usage_location.invalid@UsersCsvPath"});
    CHECK(ids("UserPrincipalName,DisplayName\n\"adele@contoso.com,Adele\n") ==
          std::vector<std::string>{"teams.users_csv.malformed@UsersCsvPath"});
    teams_routing::request r;
    CHECK(ids_of(teams_routing::parse_request({{"DomainName", "contoso.com"}, {"ForwardingDomain", "g.contoso.com"},
                                               {"UsersCsvPath", (dir.path() / "missing.csv").string()}},
                                              r)) == std::vector<std::string>{"teams.users_csv.unreadable@UsersCsvPath"});
}

TEST_CASE("Set-TeamsEssentialsRouting T3: users created and licensed, licence exhaustion reported per user, the re-run "
          "creates nothing",
          "[blueprint][teams_routing][emulator]") {
    test::emulator_cloud cloud(std::vector<std::string>{}, test::quick_retry());
    auto exchange = exchange_of(cloud);
    link_domain(cloud);
    graph::graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    const std::string teams_sku = "3ab6abff-666f-4424-bfb7-f0bc274ec7bc";
    cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/skus",
                       json{{"skuId", teams_sku}, {"skuPartNumber", "Teams_Ess"}, {"prepaidUnits", 15}});
    // Two of the twenty are in the tenant already, without a licence.
    cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/users/generate",
                       json{{"count", 2}, {"prefix", "tu"}, {"domain", domain}, {"usageLocation", "FR"}});
    test::temp_dir dir;
    std::string csv = "UserPrincipalName,DisplayName,UsageLocation\r\n";
    for (int i = 1; i <= 20; ++i) csv += "tu" + std::to_string(i) + "@" + domain + ",Teams user " + std::to_string(i) + ",FR\r\n";
    const auto results = dir.path() / "results.csv";
    const auto request = parsed({{"DomainName", domain}, {"ForwardingDomain", forwarding},
                                 {"UsersCsvPath", write_csv(dir, "users.csv", csv).string()},
                                 {"InitialPassword", {{"$secret", "InitialPassword"}}}, {"ResultsPath", results.string()}});
    secret_store secrets;
    const std::string password = "Tmp-Initial-Pa55word!";
    secrets.set("InitialPassword", std::span<const unsigned char>(reinterpret_cast<const unsigned char *>(password.data()), password.size()));

    const auto p = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, nullptr, nullptr, &graph);
    REQUIRE(p.steps.size() >= 2);
    CHECK(p.steps[0].command->name == "New-MgUser");
    CHECK(p.steps[0].command->parameters.at("$batch").size() == 18);
    CHECK(p.steps[1].command->name == "Set-MgUserLicense");
    CHECK(p.steps[1].command->parameters.at("$batch").size() == 20);
    CHECK(p.steps[1].depends_on == std::vector<std::string>{p.steps[0].id});

    const auto run_plan = [&](const plan &q) {
        test::temp_dir journal;
        graph::graph_bulk_session users(graph, secrets, {});
        m365_domain::domain_session graph_steps(graph, {}, {}, &users);
        m365_dkim::dkim_session exchange_steps(exchange, {}, {}, 3);
        transport_set transports;
        transports.add("graph", graph_steps);
        transports.add("exchange", exchange_steps);
        apply_options options;
        options.journal_directory = journal.path();
        return apply_plan(q, options, transports, secrets, {});
    };
    const auto run = run_plan(p);
    CHECK(run.results[0].status == "succeeded");
    CHECK(run.results[1].status == "failed");  // 5 of 20 without a licence
    CHECK(run.results[1].error_id == "graph.license.exhausted");

    const json directory = cloud.control_json("GET", "/control/state").at("graph").at(test::demo_tenant);
    std::size_t made = 0, licensed = 0;
    for (const auto &u : directory.at("users")) {
        const std::string upn = u.value("userPrincipalName", "");
        if (!upn.starts_with("tu")) continue;
        ++made;
        for (const auto &l : u.value("assignedLicenses", json::array())) licensed += l.value("skuId", "") == teams_sku ? 1 : 0;
    }
    CHECK(made == 20);
    CHECK(licensed == 15);
    // The results file: one line per user without a licence, with the reason and what to do.
    std::ifstream in(results);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    REQUIRE(lines.size() == 6);
    CHECK(lines[0].rfind("Item,Step,ErrorId,Message,RecommendedAction", 0) == 0);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        CHECK(lines[i].find(",Set-MgUserLicense,graph.license.exhausted,") != std::string::npos);
        CHECK(lines[i].find("buy more") != std::string::npos);
    }
    // The password never reached the plan, the journal or the results.
    std::stringstream all;
    all << p.to_json().dump() << std::ifstream(results).rdbuf();
    CHECK(all.str().find("Tmp-Initial-Pa55word!") == std::string::npos);

    // Again: nobody is created twice; only the five without a licence are tried again.
    const auto again = teams_routing::build_plan(request, exchange, test::demo_tenant, {}, nullptr, nullptr, &graph);
    CHECK(again.steps[0].command->name == "Set-MgUserLicense");
    CHECK(again.steps[0].command->parameters.at("$batch").size() == 5);
}
