// End to end: the Graph client and helpers over the real cpprest client, a cloud::connection
// signed in with the demo app's secret, against the emulator's Graph personality
// (emulator/PROTOCOL.md "Microsoft Graph personality", "Traffic shaping").
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <openssl/evp.h>

#include "../support/pfx_factory.h"
#include "core/error.h"
#include "graph/cloud_fakes.h"
#include "graph/emulator_cloud.h"
#include "graph/graph_batch.h"
#include "graph/graph_client.h"
#include "graph/graph_resources.h"

using namespace mailint;
using namespace mailint::graph;
using nlohmann::json;

namespace {

const std::string crm_app_id = "00000007-0000-0000-c000-000000000000";

std::string base64(const std::vector<unsigned char> &der) {
    std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), der.data(), static_cast<int>(der.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string id_of(const std::optional<mailint::error> &e) { return e ? e->id() : "ok"; }

}  // namespace

TEST_CASE("emulator: a domain is added, verified through DNS, given services and made default", "[graph][emulator]") {
    test::emulator_cloud cloud(test::quick_retry());
    graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);

    auto org = get_organization(graph);
    CHECK(org.tenant_id == test::demo_tenant);

    auto added = add_domain(graph, "Fabrikam.com");
    CHECK(added.id == "fabrikam.com");
    CHECK_FALSE(added.is_verified);
    try {
        add_domain(graph, "fabrikam.com");
        FAIL("a domain was added twice");
    } catch (const error &e) {
        CHECK(e.id() == "graph.bad_request");
        CHECK(e.detail()["code"] == "Request_BadRequest");
        CHECK(e.detail()["path"] == "/v1.0/domains");
    }

    auto records = verification_dns_records(graph, "fabrikam.com");
    REQUIRE(records.size() == 2);
    CHECK(records[0].kind == dns_record_kind::txt);
    CHECK(records[0].value.rfind("MS=ms", 0) == 0);
    CHECK(records[0].label == "fabrikam.com");
    CHECK(records[0].ttl == 3600);
    CHECK(records[1].kind == dns_record_kind::mx);
    CHECK(records[1].preference == 32767);
    CHECK(records[1].value.ends_with(".msv1.invalid"));

    // Not yet in DNS: Graph refuses to verify it, and an unverified domain cannot be updated.
    try {
        verify_domain(graph, "fabrikam.com");
        FAIL("verified without the DNS record");
    } catch (const error &e) {
        CHECK(e.id() == "graph.bad_request");
        CHECK(std::string(e.what()).find("verification failed") != std::string::npos);
    }
    CHECK_THROWS_AS(set_supported_services(graph, "fabrikam.com", {"Email"}), error);

    cloud.control_json("POST", "/control/dns/records", json{{"name", "fabrikam.com"}, {"type", "TXT"}, {"value", records[0].value}});
    auto verified = verify_domain(graph, "fabrikam.com");
    CHECK(verified.is_verified);
    CHECK(verified.availability_status == "AvailableImmediately");

    set_supported_services(graph, "fabrikam.com", {"Email", "OfficeCommunicationsOnline"});
    auto service = service_configuration_records(graph, "fabrikam.com");
    REQUIRE(service.size() >= 5);
    CHECK(service[0].kind == dns_record_kind::mx);
    CHECK(service[0].value == "fabrikam-com.mail.protection.outlook.com");
    CHECK(service[1].kind == dns_record_kind::txt);
    CHECK(service[1].value == "v=spf1 include:spf.protection.outlook.com ~all");
    CHECK(service[2].kind == dns_record_kind::cname);
    CHECK(service[2].label == "autodiscover.fabrikam.com");
    CHECK(service[2].value == "autodiscover.outlook.com");
    auto srv = std::find_if(service.begin(), service.end(), [](const auto &r) { return r.kind == dns_record_kind::srv; });
    REQUIRE(srv != service.end());
    CHECK(srv->value == "sipdir.online.lync.com");
    CHECK(srv->port == 443);

    set_default_domain(graph, "fabrikam.com");
    auto domains = list_domains(graph);
    REQUIRE(domains.size() == 2);
    for (const auto &d : domains) CHECK(d.is_default == (d.id == "fabrikam.com"));
    auto fabrikam = get_domain(graph, "fabrikam.com");
    REQUIRE(fabrikam);
    CHECK(fabrikam->supported_services == std::vector<std::string>{"Email", "OfficeCommunicationsOnline"});
    CHECK_FALSE(get_domain(graph, "nowhere.com"));

    org = get_organization(graph);
    CHECK(std::any_of(org.verified_domains.begin(), org.verified_domains.end(),
                      [](const verified_domain &d) { return d.name == "fabrikam.com" && d.is_default; }));
}

TEST_CASE("emulator: 60 users with licences in $batch, failures reported per item", "[graph][emulator]") {
    test::emulator_cloud cloud(test::quick_retry());
    graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    const std::string password = "Bulk-P@ss-1234!x";
    cloud.secrets.set("BulkPassword", test::bytes_of(password));
    const std::string sku = "a1b2c3d4-0000-4000-8000-000000000001";
    cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/skus",
                       json{{"skuId", sku}, {"skuPartNumber", "E2E_PACK"}, {"prepaidUnits", 50}});

    std::vector<batch_request> requests;
    for (int n = 1; n <= 60; ++n) {
        new_user u;
        u.user_principal_name = n == 30 ? "alexw@contoso.onmicrosoft.com" : "bulk" + std::to_string(n) + "@contoso.onmicrosoft.com";
        u.display_name = "Bulk " + std::to_string(n);
        if (n != 7) u.usage_location = "US";
        u.password_secret = "BulkPassword";
        requests.push_back(create_user_request(cloud.secrets, u, "u" + std::to_string(n)));
        requests.push_back(assign_license_request(u.user_principal_name, {{sku, {}}}, {}, "l" + std::to_string(n),
                                                  {"u" + std::to_string(n)}));
    }
    batch_options options;
    options.secrets = &cloud.secrets;
    auto results = run_batch(graph, requests, options);
    REQUIRE(results.size() == 120);

    std::map<std::string, int> creates, licences;
    for (std::size_t i = 0; i < results.size(); i += 2) {
        ++creates[id_of(results[i].failure)];
        ++licences[id_of(results[i + 1].failure)];
        if (results[i].failure) CHECK(test::exposed_text(*results[i].failure).find(password) == std::string::npos);
    }
    CHECK(creates == std::map<std::string, int>{{"ok", 59}, {"graph.user.upn_conflict", 1}});
    CHECK(licences == std::map<std::string, int>{{"ok", 50},
                                                 {"graph.license.exhausted", 8},
                                                 {"graph.license.usage_location_missing", 1},
                                                 {"graph.dependency_failed", 1}});
    CHECK(results[58].failure->code() == errc::already_exists);  // u30
    CHECK(results[59].failure->detail()["dependsOn"] == "u30");
    CHECK(results[13].failure->id() == "graph.license.usage_location_missing");  // l7
    CHECK(results[13].failure->code() == errc::failed_precondition);
    CHECK(results[0].status == 201);
    CHECK((*results[1].body)["assignedLicenses"][0]["skuId"] == sku);

    auto skus = list_subscribed_skus(graph);
    auto pack = std::find_if(skus.begin(), skus.end(), [&](const subscribed_sku &s) { return s.sku_id == sku; });
    REQUIRE(pack != skus.end());
    CHECK(pack->consumed_units == 50);
    CHECK(pack->available_units() == 0);

    // Paged listing over a filter: 59 new users, 25 a page.
    auto listed = graph.list("/v1.0/users", query().filter("startswith(userPrincipalName,'bulk')").select({"id", "userPrincipalName"}).top(25));
    CHECK(listed.items.size() == 59);
    CHECK(listed.pages == 3);

    // Six envelopes of 20; the password never reached the emulator's log.
    auto log = cloud.control("GET", "/control/requests");
    REQUIRE(log.status == 200);
    CHECK(log.body.find(password) == std::string::npos);
    const auto entries = json::parse(log.body)["requests"];
    int envelopes = 0, items = 0;
    for (const auto &entry : entries) {
        if (entry["path"] == "/v1.0/$batch") ++envelopes;
        if (entry.contains("batch")) ++items;
    }
    CHECK(envelopes == 6);
    CHECK(items == 119);  // every item but l30, which Graph never ran (424)
}

TEST_CASE("emulator: a user whose UPN has a quote is created, found and filtered", "[graph][emulator]") {
    test::emulator_cloud cloud(test::quick_retry());
    graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    cloud.secrets.set("pw", test::bytes_of("Another-P@ss-99"));
    new_user u;
    u.user_principal_name = "o'neil+x@contoso.onmicrosoft.com";
    u.display_name = "Pat O'Neil";
    u.password_secret = "pw";
    auto created = create_user(graph, cloud.secrets, u);
    CHECK(created["userPrincipalName"] == u.user_principal_name);

    auto got = get_user(graph, u.user_principal_name, {"id", "userPrincipalName", "usageLocation"});
    REQUIRE(got);
    CHECK((*got)["id"] == created["id"]);
    auto found = list_users(graph, query().filter(filter_eq("userPrincipalName", u.user_principal_name)).select({"id"}));
    REQUIRE(found.size() == 1);
    CHECK(found[0]["id"] == created["id"]);

    update_user(graph, u.user_principal_name, {{"usageLocation", "gb"}});
    CHECK((*get_user(graph, u.user_principal_name, {"usageLocation"}))["usageLocation"] == "GB");
    try {
        assign_license(graph, "meganb@contoso.onmicrosoft.com", {{"ffffffff-0000-4000-8000-000000000000", {}}});
        FAIL("an unknown SKU was assigned");
    } catch (const error &e) {
        CHECK(e.id() == "graph.bad_request");
    }
    try {
        create_user(graph, cloud.secrets, u);
        FAIL("created twice");
    } catch (const error &e) {
        CHECK(e.id() == "graph.user.upn_conflict");
        CHECK_FALSE(e.detail()["requestId"].get<std::string>().empty());
    }
    delete_user(graph, u.user_principal_name);
    CHECK_FALSE(get_user(graph, u.user_principal_name));
}

TEST_CASE("emulator: throttled $batch items wait for Retry-After and all land once", "[graph][emulator]") {
    test::emulator_cloud cloud(test::quick_retry(10));
    graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);
    cloud.secrets.set("pw", test::bytes_of("Throttle-P@ss-1"));
    const std::string sku = "a1b2c3d4-0000-4000-8000-000000000002";
    cloud.control_json("POST", "/control/graph/" + test::demo_tenant + "/skus",
                       json{{"skuId", sku}, {"skuPartNumber", "E2E_BIG"}, {"prepaidUnits", 100}});
    get_organization(graph);  // the token is fetched before the clock of the throttle matters
    cloud.control_json("POST", "/control/traffic",
                       json{{"seed", 7}, {"timeScale", 1}, {"services", {{"graph", {{"throttle", {{"ratePerSecond", 20}, {"burst", 20}}}}}}}});

    std::vector<batch_request> requests;
    for (int n = 1; n <= 60; ++n) {
        new_user u;
        u.user_principal_name = "thr" + std::to_string(n) + "@contoso.onmicrosoft.com";
        u.usage_location = "US";
        u.password_secret = "pw";
        requests.push_back(create_user_request(cloud.secrets, u, "u" + std::to_string(n)));
        requests.push_back(assign_license_request(u.user_principal_name, {{sku, {}}}, {}, "l" + std::to_string(n),
                                                  {"u" + std::to_string(n)}));
    }
    auto results = run_batch(graph, requests);
    int ok = 0, retried = 0;
    for (const auto &r : results) {
        if (r.ok()) ++ok;
        else FAIL_CHECK(r.id << ": " << r.failure->what());
        if (r.attempts > 1) ++retried;
    }
    CHECK(ok == 120);
    CHECK(retried > 0);
    const auto gate = cloud.connection->graph().gate().stats();
    CHECK(gate.throttled > 0);
    CHECK(gate.paused_total >= std::chrono::seconds(1));

    cloud.control_json("POST", "/control/traffic", json{{"seed", 0}, {"services", json::object()}});
    auto stats = cloud.control_json("GET", "/control/traffic/stats");
    CHECK(stats["total"]["throttled429"].get<int>() > 0);
    // Nothing was created twice: a refused item never ran.
    auto listed = list_users(graph, query().filter("startswith(userPrincipalName,'thr')").select({"id"}));
    CHECK(listed.size() == 60);
    auto skus = list_subscribed_skus(graph);
    auto big = std::find_if(skus.begin(), skus.end(), [&](const subscribed_sku &s) { return s.sku_id == sku; });
    REQUIRE(big != skus.end());
    CHECK(big->consumed_units == 60);
}

TEST_CASE("emulator: the CRM principal gets key credentials added, keeping the existing ones", "[graph][emulator]") {
    test::emulator_cloud cloud(test::quick_retry());
    graph_client graph(cloud.connection->graph(), cloud.connection->settings().environment.graph_base);

    test::pfx_spec first_spec;
    first_spec.common_name = "crm-s2s-1.contoso.com";
    test::pfx_spec second_spec;
    second_spec.common_name = "crm-s2s-2.contoso.com";
    const auto first = base64(test::make_pfx(first_spec).certificate_der);
    const auto second = base64(test::make_pfx(second_spec).certificate_der);

    auto sp = find_service_principal(graph, crm_app_id);
    REQUIRE(sp);
    CHECK(sp->key_credentials.empty());
    new_key_credential one;
    one.key = first;
    one.display_name = "CN=crm-s2s-1.contoso.com";
    CHECK(add_key_credential(graph, *sp, one).added);

    sp = find_service_principal(graph, crm_app_id);
    REQUIRE(sp->key_credentials.size() == 1);
    CHECK_FALSE(sp->key_credentials[0].key);  // listings carry no key material
    const std::string first_key_id = sp->key_credentials[0].key_id;

    new_key_credential two;
    two.key = second;
    auto change = add_key_credential(graph, *sp, two);
    CHECK(change.added);
    CHECK_FALSE(change.already_present);

    auto single = graph.get("/v1.0/servicePrincipals/" + sp->id, query().select({"id", "keyCredentials"}));
    REQUIRE(single);
    auto now = parse_service_principal(*single);
    REQUIRE(now.key_credentials.size() == 2);
    CHECK(now.key_credentials[0].key_id == first_key_id);
    CHECK(now.key_credentials[0].key == first);
    CHECK(now.key_credentials[0].display_name == "CN=crm-s2s-1.contoso.com");
    CHECK(now.key_credentials[1].key == second);
    CHECK(now.key_credentials[1].type == "AsymmetricX509Cert");
    CHECK(now.key_credentials[1].usage == "Verify");

    // The same certificate again: nothing is sent.
    cloud.control("POST", "/control/counters/reset");
    auto again = add_key_credential(graph, *find_service_principal(graph, crm_app_id), one);
    CHECK(again.already_present);
    CHECK_FALSE(again.added);
    const auto entries = json::parse(cloud.control("GET", "/control/requests").body)["requests"];
    int patches = 0, reads = 0;
    for (const auto &entry : entries) {
        if (entry["method"] == "PATCH") ++patches;
        if (entry["method"] == "GET") ++reads;
    }
    CHECK(reads == 2);  // the listing and the single object with its key material
    CHECK(patches == 0);

    const auto names_before = sp->service_principal_names;
    CHECK(add_service_principal_names(graph, *sp, {crm_app_id}));
    auto renamed = find_service_principal(graph, crm_app_id);
    auto expected = names_before;
    expected.push_back(crm_app_id);
    CHECK(renamed->service_principal_names == expected);
    CHECK_FALSE(add_service_principal_names(graph, *renamed, {crm_app_id}));
}
