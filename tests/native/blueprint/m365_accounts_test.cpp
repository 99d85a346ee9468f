// Seeds M4, M5 against the emulator: online accounts for 500 local users, matched by UPN or mail,
// conflicts and licence exhaustion reported per user in the results file, and a re-run that
// creates nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "blueprint/m365_accounts_blueprint.h"
#include "blueprint/m365_accounts_record.h"
#include "blueprint/m365_accounts_request.h"
#include "exec/executor.h"
#include "graph/emulator_cloud.h"
#include "graph/graph_bulk_session.h"
#include "graph/users.h"
#include "support/temp_dir.h"

using namespace mailint;
using nlohmann::json;

namespace {

const std::string kDomain = "contoso.onmicrosoft.com";
const std::string kPassword = "First-Sign-In pw 5521";

std::string local(int i) {
    char name[16];
    std::snprintf(name, sizeof name, "user%03d", i);
    return name;
}

struct fixture {
    test::emulator_cloud cloud{test::quick_retry(), test::quick_retry()};
    test::temp_dir dir;
    graph::graph_client graph{cloud.connection->graph(), cloud.connection->settings().environment.graph_base};

    fixture() { cloud.secrets.set("InitialPassword", test::bytes_of(kPassword)); }

    // Local users 1..n as Get-ADUser | Export-Csv writes them.
    std::string csv(int n) {
        auto path = dir / "local-users.csv";
        std::ofstream out(path, std::ios::binary);
        out << "\"SamAccountName\",\"UserPrincipalName\",\"DisplayName\",\"GivenName\",\"Surname\",\"Mail\",\"Enabled\"\r\n";
        for (int i = 1; i <= n; ++i)
            out << "\"" << local(i) << "\",\"" << local(i) << "@corp.contoso.local\",\"Local User " << i << "\",\"Local\",\"User " << i
                << "\",\"" << local(i) << "@corp.contoso.local\",\"True\"\r\n";
        return path.string();
    }

    void online(const std::string &upn, const std::string &name, const std::vector<std::string> &other_mails) {
        graph::new_user u;
        u.user_principal_name = upn;
        u.display_name = name;
        u.password_secret = "InitialPassword";
        if (!other_mails.empty()) u.extra["otherMails"] = other_mails;
        graph::create_user(graph, cloud.secrets, u);
    }

    plan build(json p, json *summary = nullptr) {
        m365_accounts::request r;
        auto found = m365_accounts::parse_request(p, r);
        INFO(found.to_json().dump());
        REQUIRE_FALSE(found.has_errors());
        return m365_accounts::build_plan(r, graph, nullptr, summary);
    }

    run_outcome apply(const plan &p) {
        graph::graph_bulk_session bulk(graph, cloud.secrets, nullptr);
        transport_set transports(bulk);
        transports.add("graph", bulk);
        apply_options options;
        options.journal_directory = dir / "journal";
        return apply_plan(p, options, transports, cloud.secrets, nullptr);
    }

    std::vector<std::string> results_lines() {
        std::ifstream in(dir / "results.csv");
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
};

std::size_t users_named(const json &state, const std::string &prefix) {
    std::size_t n = 0;
    for (const auto &u : state["graph"][test::demo_tenant]["users"])
        if (u.value("userPrincipalName", "").rfind(prefix, 0) == 0) ++n;
    return n;
}

}  // namespace

TEST_CASE("m365 accounts: 500 local users, 40 already online, 5 taken by others: 455 created, 40 matched, 5 reported",
          "[m365-accounts][emulator]") {
    fixture f;
    // 1–20 online under their UPN with the local address; 21–40 under another UPN, found by mail;
    // 41–45's UPNs are other people's accounts.
    for (int i = 1; i <= 20; ++i) f.online(local(i) + "@" + kDomain, "Local User " + std::to_string(i), {local(i) + "@corp.contoso.local"});
    for (int i = 21; i <= 40; ++i)
        f.online("legacy." + local(i) + "@" + kDomain, "Local User " + std::to_string(i), {local(i) + "@corp.contoso.local"});
    for (int i = 41; i <= 45; ++i) f.online(local(i) + "@" + kDomain, "Someone Else " + std::to_string(i), {});
    f.cloud.control_json("POST", "/control/counters/reset");

    const json parameters = {{"DomainName", kDomain}, {"UsersCsvPath", f.csv(500)}, {"UsageLocation", "FR"},
                             {"InitialPassword", {{"$secret", "InitialPassword"}}}, {"ResultsPath", (f.dir / "results.csv").string()}};
    json summary;
    const plan p = f.build(parameters, &summary);
    CHECK(summary["matched"] == 40);
    CHECK(summary["toCreate"] == 455);
    CHECK(summary["conflicts"] == 5);
    CHECK(f.cloud.writes_logged() == 0);
    const auto outcome = f.apply(p);
    std::size_t created_ok = 0;
    for (const auto &r : outcome.results) {
        const auto *s = p.find(r.step_id);
        if (s->action == "create") {
            CHECK(r.status == "succeeded");
            ++created_ok;
        }
        if (s->action == "check") {
            CHECK(r.status == "failed");
            CHECK(r.error_id == "m365.account.upn_taken");
            std::size_t reported = 0;
            for (const auto &o : r.output)
                if (o.value("ErrorId", "") == "m365.account.upn_taken") ++reported;
            CHECK(reported == 5);
        }
    }
    CHECK(created_ok == 1);
    const json state = f.cloud.control_json("GET", "/control/state");
    CHECK(users_named(state, "user") == 480);  // 455 made, 20 matched under their UPN, the 5 other people
    CHECK(users_named(state, "legacy.") == 20);
    CHECK(f.cloud.writes_logged() == 455);
    const auto lines = f.results_lines();
    REQUIRE(lines.size() == 6);  // header + 5
    for (int i = 41; i <= 45; ++i) {
        bool found = false;
        for (const auto &l : lines) found = found || (l.find(local(i) + "@" + kDomain) != std::string::npos && l.find("m365.account.upn_taken") != std::string::npos);
        CHECK(found);
    }
    CHECK(lines[1].find("another name") != std::string::npos);  // the recommended action
    const std::string everything = p.to_json().dump() + outcome.to_json().dump();
    CHECK(everything.find(kPassword) == std::string::npos);

    // The re-run makes nobody: every made account is matched now.
    f.cloud.control_json("POST", "/control/counters/reset");
    json again;
    const plan second = f.build(parameters, &again);
    CHECK(again["matched"] == 495);
    CHECK(again["toCreate"] == 0);
    CHECK(again["conflicts"] == 5);
    f.apply(second);
    CHECK(f.cloud.writes_logged() == 0);
}

TEST_CASE("m365 accounts: licences running out midway are reported per user, the accounts still made", "[m365-accounts][emulator]") {
    fixture f;
    f.cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/skus",
                         json{{"skuId", "3b555118-da6a-4418-894f-7df1e2096870"}, {"skuPartNumber", "O365_BUSINESS_ESSENTIALS"}, {"prepaidUnits", 12}});
    const json parameters = {{"DomainName", kDomain}, {"UsersCsvPath", f.csv(20)}, {"UsageLocation", "FR"}, {"LicenseSku", "O365_BUSINESS_ESSENTIALS"},
                             {"InitialPassword", {{"$secret", "InitialPassword"}}}, {"ResultsPath", (f.dir / "results.csv").string()}};
    const plan p = f.build(parameters);
    const auto outcome = f.apply(p);
    REQUIRE(outcome.results.size() == 1);
    CHECK(outcome.results[0].status == "failed");
    std::size_t exhausted = 0;
    for (const auto &o : outcome.results[0].output)
        if (o.value("ErrorId", "") == "graph.license.exhausted") ++exhausted;
    CHECK(exhausted == 8);
    const json state = f.cloud.control_json("GET", "/control/state");
    CHECK(users_named(state, "user") == 20);
    std::size_t licensed = 0;
    for (const auto &u : state["graph"][test::demo_tenant]["users"])
        if (!u.value("assignedLicenses", json::array()).empty() && u.value("userPrincipalName", "").rfind("user", 0) == 0) ++licensed;
    CHECK(licensed == 12);
    CHECK(f.results_lines().size() == 9);
    // Once licences are bought the re-run licenses the 8, and makes no account.
    f.cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/skus",
                         json{{"skuId", "3b555118-da6a-4418-894f-7df1e2096870"}, {"skuPartNumber", "O365_BUSINESS_ESSENTIALS"}, {"prepaidUnits", 25}});
    json summary;
    const plan second = f.build(parameters, &summary);
    CHECK(summary["toCreate"] == 0);
    CHECK(summary["toLicense"] == 8);
    CHECK(f.apply(second).results.at(0).status == "succeeded");
}

TEST_CASE("m365 accounts: bad input is refused with ids and lines", "[m365-accounts]") {
    test::temp_dir dir;
    const auto write = [&](const std::string &text) {
        auto path = dir / "u.csv";
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    };
    const auto ids = [](json p) {
        m365_accounts::request r;
        std::vector<std::string> out;
        const auto found = m365_accounts::parse_request(p, r);  // held: the loop ranges over a member of it
        for (const auto &d : found.items())
            if (d.level == severity::error) out.push_back(d.id);
        return out;
    };
    using list = std::vector<std::string>;
    const std::string header = "SamAccountName,DisplayName,Mail\r\n";
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header + "alice,Alice,alice@corp.local\r\n")}, {"UsageLocation", "FR"}}).empty());
    CHECK(ids({{"DomainName", "not a domain"}, {"UsersCsvPath", write(header)}}) == list{"m365.accounts.domain.malformed"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header + "alice,Alice,\r\n")}}) == list{"m365.accounts.usage_location_missing"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header + "al ice,Alice,\r\n")}, {"UsageLocation", "FR"}}) ==
          list{"m365.accounts.csv.name_malformed"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header + "alice,Alice,\r\nALICE,Alice 2,\r\n")}, {"UsageLocation", "FR"}}) ==
          list{"m365.accounts.csv.duplicate"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write("Name\r\nalice\r\n")}, {"UsageLocation", "FR"}}) ==
          list{"m365.accounts.csv.column_missing", "m365.accounts.csv.column_missing"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header)}, {"UsageLocation", "France"}}) == list{"m365.accounts.usage_location.invalid"});
    CHECK(ids({{"DomainName", "contoso.com"}, {"UsersCsvPath", write(header)}, {"InitialPassword", "plain"}}) == list{"request.secret.inline"});
}

TEST_CASE("m365 accounts: lifecycle — disabled local users blocked, deleted ones deleted, re-enabled allowed again; then nothing",
          "[m365-accounts][emulator]") {
    fixture f;
    const json parameters = {{"DomainName", kDomain}, {"UsersCsvPath", f.csv(10)}, {"UsageLocation", "FR"},
                             {"InitialPassword", {{"$secret", "InitialPassword"}}}};
    m365_accounts::planned_links links;
    {
        m365_accounts::request r;
        REQUIRE_FALSE(m365_accounts::parse_request(parameters, r).has_errors());
        const plan p = m365_accounts::build_plan(r, f.graph, nullptr, nullptr, &links);
        CHECK(links.create_step == "s01");
        CHECK(links.created.accounts.size() == 10);
        f.apply(p);
    }
    m365_accounts::link_record record = links.created;
    const auto path = m365_accounts::link_record_path(f.dir.path(), test::demo_tenant);
    m365_accounts::save_link_record(path, record);
    REQUIRE(m365_accounts::load_link_record(path)->accounts.size() == 10);

    // The directory now: user003 and user005 disabled, user009 and user010 deleted.
    auto csv = f.dir / "now.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        out << "SamAccountName,DisplayName,Enabled\r\n";
        for (int i = 1; i <= 8; ++i) out << local(i) << ",Local User " << i << "," << (i == 3 || i == 5 ? "False" : "True") << "\r\n";
    }
    const json sync = {{"DomainName", kDomain}, {"UsersCsvPath", csv.string()}};
    m365_accounts::request r;
    REQUIRE_FALSE(m365_accounts::parse_sync_request(sync, r).has_errors());
    f.cloud.control_json("POST", "/control/counters/reset");
    std::vector<std::pair<std::string, std::string>> forget;
    const plan p = m365_accounts::build_sync_plan(r, *m365_accounts::load_link_record(path), f.graph, nullptr, &forget);
    REQUIRE(p.steps.size() == 4);  // one per account: -WhatIf names each
    CHECK(p.steps[0].action == "update");
    CHECK(p.steps[0].identity == local(3) + "@" + kDomain);
    CHECK(p.steps[1].action == "update");
    CHECK(p.steps[2].action == "delete");
    CHECK(p.steps[2].risk == "high");
    CHECK(p.steps[2].identity == local(9) + "@" + kDomain);
    CHECK(p.steps[3].identity == local(10) + "@" + kDomain);
    CHECK(forget.size() == 2);
    const auto outcome = f.apply(p);
    for (const auto &res : outcome.results) CHECK(res.status == "succeeded");
    CHECK(f.cloud.writes_logged() == 4);
    const json state = f.cloud.control_json("GET", "/control/state");
    std::map<std::string, bool> enabled;
    for (const auto &u : state["graph"][test::demo_tenant]["users"]) enabled[u.value("userPrincipalName", "")] = u.value("accountEnabled", true);
    CHECK(enabled.at(local(3) + "@" + kDomain) == false);
    CHECK(enabled.at(local(5) + "@" + kDomain) == false);
    CHECK(enabled.at(local(4) + "@" + kDomain) == true);
    CHECK(enabled.count(local(9) + "@" + kDomain) == 0);
    CHECK(enabled.count(local(10) + "@" + kDomain) == 0);
    for (const auto &[name, step] : forget) record.accounts.erase(name);
    m365_accounts::save_link_record(path, record);

    // Converged: reads only.
    f.cloud.control_json("POST", "/control/counters/reset");
    const plan again = m365_accounts::build_sync_plan(r, record, f.graph, nullptr);
    REQUIRE(again.steps.size() == 1);
    CHECK(again.steps[0].action == "noop");
    CHECK(f.cloud.writes_logged() == 0);

    // user003 enabled again locally: allowed to sign in again.
    {
        std::ofstream out(csv, std::ios::binary);
        out << "SamAccountName,DisplayName,Enabled\r\n";
        for (int i = 1; i <= 8; ++i) out << local(i) << ",Local User " << i << "," << (i == 5 ? "False" : "True") << "\r\n";
    }
    m365_accounts::request now;
    REQUIRE_FALSE(m365_accounts::parse_sync_request(sync, now).has_errors());
    const plan back = m365_accounts::build_sync_plan(now, record, f.graph, nullptr);
    REQUIRE(back.steps.size() == 1);
    CHECK(back.steps[0].changes.at(0).to == true);
    CHECK(back.steps[0].identity == local(3) + "@" + kDomain);
}

TEST_CASE("m365 integration: disable removes the links with no service to reach, and only the asked tenant's", "[m365-accounts]") {
    test::temp_dir dir;
    m365_accounts::link_record a;
    a.tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    a.accounts["alice"] = {"alice@contoso.com", "alice@corp.local"};
    m365_accounts::link_record b = a;
    b.tenant = "bbbbbbbb-0000-0000-0000-000000000002";
    m365_accounts::save_link_record(m365_accounts::link_record_path(dir.path(), a.tenant), a);
    m365_accounts::save_link_record(m365_accounts::link_record_path(dir.path(), b.tenant), b);
#ifndef _WIN32
    CHECK((std::filesystem::status(m365_accounts::link_record_path(dir.path(), a.tenant)).permissions() & std::filesystem::perms::group_all) ==
          std::filesystem::perms::none);
#endif
    CHECK(m365_accounts::remove_link_records(dir.path(), a.tenant).size() == 1);
    CHECK_FALSE(m365_accounts::load_link_record(m365_accounts::link_record_path(dir.path(), a.tenant)));
    CHECK(m365_accounts::load_link_record(m365_accounts::link_record_path(dir.path(), b.tenant)));
    CHECK(m365_accounts::remove_link_records(dir.path(), "").size() == 1);
    CHECK(m365_accounts::remove_link_records(dir.path(), "").empty());
}
