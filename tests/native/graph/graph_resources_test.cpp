// Typed Graph helpers: organization, domains and DNS records, users (passwords only in the
// body), licences, service principals (keyCredentials merge, SPNs).
#include <catch2/catch.hpp>

#include "core/error.h"
#include "graph/cloud_fakes.h"
#include "graph/graph_resources.h"
#include "graph/iso_time.h"

using namespace mailint;
using namespace mailint::graph;
using nlohmann::json;

namespace {

struct graph_fixture : test::channel_fixture {
    graph_client client{channel, "https://graph.microsoft.com"};
};

std::span<const unsigned char> bytes_of(std::string_view s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

const std::string password_text = "xWwvJ]6NMw+bWH-d\"q'";

}  // namespace

TEST_CASE("organization: tenant id and verified domains", "[graph]") {
    graph_fixture f;
    f.http.answer(200, {{"value",
                         {{{"id", "11111111-2222-3333-4444-555555555555"},
                           {"displayName", "Contoso"},
                           {"verifiedDomains",
                            {{{"name", "contoso.onmicrosoft.com"}, {"type", "Managed"}, {"isInitial", true}, {"isDefault", true},
                              {"capabilities", "Email, OfficeCommunicationsOnline"}}}}}}}});
    auto org = get_organization(f.client);
    CHECK(f.http.seen[0].url == "https://graph.microsoft.com/v1.0/organization");
    CHECK(org.tenant_id == "11111111-2222-3333-4444-555555555555");
    REQUIRE(org.verified_domains.size() == 1);
    CHECK(org.verified_domains[0].is_initial);
    CHECK(org.verified_domains[0].capabilities == "Email, OfficeCommunicationsOnline");

    f.http.answer(200, {{"value", json::array()}});
    CHECK_THROWS_AS(get_organization(f.client), error);
}

TEST_CASE("DNS records parse with or without '#' in @odata.type", "[graph]") {
    const json page = json::parse(R"({"value":[
 {"@odata.type":"#microsoft.graph.domainDnsTxtRecord","id":"t1","isOptional":false,"label":"contoso.com","recordType":"Txt","supportedService":"Email","ttl":3600,"text":"MS=ms12345678"},
 {"@odata.type":"microsoft.graph.domainDnsMxRecord","isOptional":false,"label":"contoso.com","recordType":"Mx","supportedService":"Email","ttl":3600,"mailExchange":"contoso-com.mail.protection.outlook.com","preference":0},
 {"@odata.type":"microsoft.graph.domainDnsCnameRecord","isOptional":false,"label":"autodiscover.contoso.com","recordType":"CName","supportedService":"Email","ttl":3600,"canonicalName":"autodiscover.outlook.com"},
 {"@odata.type":"#microsoft.graph.domainDnsSrvRecord","isOptional":true,"label":"contoso.com","recordType":"Srv","supportedService":"OfficeCommunicationsOnline","ttl":"3600","nameTarget":"sipdir.online.lync.com","port":443,"priority":100,"protocol":"_tls","service":"_sip","weight":1},
 {"recordType":"Mx","label":"x.com","mailExchange":"m.x.com","preference":32767,"ttl":3600}]})");
    std::vector<domain_dns_record> r;
    for (const auto &v : page["value"]) r.push_back(parse_dns_record(v));
    CHECK(r[0].kind == dns_record_kind::txt);
    CHECK(r[0].value == "MS=ms12345678");
    CHECK(r[0].id == "t1");
    CHECK(r[1].kind == dns_record_kind::mx);
    CHECK(r[1].value == "contoso-com.mail.protection.outlook.com");
    CHECK(r[1].preference == 0);
    CHECK(r[2].kind == dns_record_kind::cname);
    CHECK(r[2].record_type == "CName");
    CHECK(r[2].label == "autodiscover.contoso.com");
    CHECK(r[2].value == "autodiscover.outlook.com");
    CHECK(r[3].kind == dns_record_kind::srv);
    CHECK(r[3].ttl == 3600);  // sent as text
    CHECK(r[3].is_optional);
    CHECK(r[3].value == "sipdir.online.lync.com");
    CHECK((r[3].port == 443 && r[3].priority == 100 && r[3].weight == 1));
    CHECK((r[3].protocol == "_tls" && r[3].service == "_sip"));
    CHECK(r[4].kind == dns_record_kind::mx);  // no @odata.type: recordType decides
    CHECK(r[4].preference == 32767);
}

TEST_CASE("domains: add, verification records, verify, services and default", "[graph]") {
    graph_fixture f;
    f.http.answer(201, {{"id", "contoso.com"}, {"isVerified", false}, {"authenticationType", "Managed"}});
    f.http.answer(200, {{"value", {{{"@odata.type", "#microsoft.graph.domainDnsTxtRecord"}, {"label", "contoso.com"},
                                    {"recordType", "Txt"}, {"ttl", 3600}, {"text", "MS=ms42"}}}}});
    f.http.answer(200, {{"id", "contoso.com"}, {"isVerified", true}, {"availabilityStatus", "AvailableImmediately"}});
    f.http.answer_empty(204);
    f.http.answer_empty(204);
    f.http.answer(200, {{"value", json::array()}});
    f.http.answer(404, {{"error", {{"code", "Request_ResourceNotFound"}, {"message", "Resource not found."}}}});

    auto added = add_domain(f.client, "contoso.com");
    CHECK(added.id == "contoso.com");
    CHECK_FALSE(added.is_verified);
    auto records = verification_dns_records(f.client, "contoso.com");
    REQUIRE(records.size() == 1);
    CHECK(records[0].value == "MS=ms42");
    auto verified = verify_domain(f.client, "contoso.com");
    CHECK(verified.is_verified);
    CHECK(verified.availability_status == "AvailableImmediately");
    set_supported_services(f.client, "contoso.com", {"Email", "OfficeCommunicationsOnline"});
    set_default_domain(f.client, "contoso.com");
    CHECK(service_configuration_records(f.client, "contoso.com").empty());
    CHECK_FALSE(get_domain(f.client, "missing.com"));

    const auto &s = f.http.seen;
    REQUIRE(s.size() == 7);
    CHECK((s[0].method == "POST" && s[0].url == "https://graph.microsoft.com/v1.0/domains"));
    CHECK(json::parse(s[0].body) == json{{"id", "contoso.com"}});
    CHECK((s[1].method == "GET" && s[1].url == "https://graph.microsoft.com/v1.0/domains/contoso.com/verificationDnsRecords"));
    CHECK((s[2].method == "POST" && s[2].url == "https://graph.microsoft.com/v1.0/domains/contoso.com/verify"));
    CHECK(s[2].body.empty());
    CHECK((s[3].method == "PATCH" && s[3].url == "https://graph.microsoft.com/v1.0/domains/contoso.com"));
    CHECK(json::parse(s[3].body) == json{{"supportedServices", {"Email", "OfficeCommunicationsOnline"}}});
    CHECK(json::parse(s[4].body) == json{{"isDefault", true}});
    CHECK(s[5].url == "https://graph.microsoft.com/v1.0/domains/contoso.com/serviceConfigurationRecords");
    CHECK(s[6].url == "https://graph.microsoft.com/v1.0/domains/missing.com");
}

TEST_CASE("users: the password comes from the secret store and goes only into the body", "[graph]") {
    graph_fixture f;
    secret_store secrets;
    secrets.set("NewUserPassword", bytes_of(password_text));
    new_user u;
    u.user_principal_name = "crm.svc@contoso.com";
    u.display_name = "CRM Service";
    u.usage_location = "US";
    u.password_secret = "NewUserPassword";

    f.http.answer(201, {{"id", "87d349ed"}, {"userPrincipalName", "crm.svc@contoso.com"}});
    auto created = create_user(f.client, secrets, u);
    CHECK(created["id"] == "87d349ed");
    REQUIRE(f.http.seen.size() == 1);
    const auto &post = f.http.seen[0];
    CHECK(post.url == "https://graph.microsoft.com/v1.0/users");
    auto body = json::parse(post.body);
    CHECK(body == json{{"accountEnabled", true},
                       {"displayName", "CRM Service"},
                       {"mailNickname", "crm.svc"},
                       {"userPrincipalName", "crm.svc@contoso.com"},
                       {"usageLocation", "US"},
                       {"passwordProfile", {{"forceChangePasswordNextSignIn", true}, {"password", password_text}}}});
    CHECK(post.url.find("xWwv") == std::string::npos);
    for (const auto &[name, value] : post.headers.fields()) CHECK(value.find("xWwv") == std::string::npos);

    // An error that echoes the request (as some services do) still never shows the password.
    f.http.answer(400, {{"error", {{"code", "Request_BadRequest"},
                                   {"message", "The specified password '" + password_text + "' does not comply with password complexity requirements."}}}});
    try {
        create_user(f.client, secrets, u);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "graph.bad_request");
        CHECK(test::exposed_text(e).find(password_text) == std::string::npos);
        CHECK(test::exposed_text(e).find("********") != std::string::npos);
    }

    new_user nameless = u;
    nameless.password_secret = "NotHandedOver";
    try {
        create_user(f.client, secrets, nameless);
        FAIL("no error");
    } catch (const error &e) {
        CHECK(e.id() == "graph.user.password_missing");
        CHECK(e.code() == errc::invalid_argument);
    }
    CHECK(f.http.seen.size() == 2);  // nothing sent without a password
}

TEST_CASE("users in a $batch: failures are per item and never show the password", "[graph]") {
    graph_fixture f;
    secret_store secrets;
    secrets.set("pw", bytes_of(password_text));
    std::vector<batch_request> requests;
    for (std::string upn : {"a@contoso.com", "b@contoso.com"}) {
        new_user u;
        u.user_principal_name = upn;
        u.password_secret = "pw";
        requests.push_back(create_user_request(secrets, u, upn));
    }
    json sent;
    f.http.answer_with([&](const http::request &r) {
        sent = json::parse(r.body);
        return test::json_response(
            200, {{"responses",
                   {{{"id", "a@contoso.com"}, {"status", 201}, {"body", {{"id", "1"}}}},
                    {{"id", "b@contoso.com"},
                     {"status", 400},
                     {"body", {{"error", {{"code", "Request_BadRequest"}, {"message", "Bad password " + password_text}}}}}}}}});
    });
    batch_options options;
    options.secrets = &secrets;
    auto results = run_batch(f.client, requests, options);
    CHECK(sent["requests"][0]["url"] == "/users");
    CHECK(sent["requests"][0]["body"]["passwordProfile"]["password"] == password_text);
    CHECK(sent["requests"][0]["body"]["mailNickname"] == "a");
    CHECK(results[0].ok());
    REQUIRE_FALSE(results[1].ok());
    CHECK(test::exposed_text(*results[1].failure).find(password_text) == std::string::npos);
}

TEST_CASE("users: get by UPN, list with an escaped $filter, patch and delete", "[graph]") {
    graph_fixture f;
    f.http.answer(200, {{"id", "1"}, {"userPrincipalName", "o'neil@contoso.com"}});
    f.http.answer(404, {{"error", {{"code", "Request_ResourceNotFound"}, {"message", "Resource 'x' does not exist."}}}});
    f.http.answer(200, {{"value", {{{"id", "1"}}}}});
    f.http.answer_empty(204);
    f.http.answer_empty(204);
    f.http.answer(200, {{"id", "2"}});

    CHECK(get_user(f.client, "o'neil@contoso.com", {"id", "userPrincipalName"}));
    CHECK_FALSE(get_user(f.client, "gone@contoso.com"));
    auto found = list_users(f.client, query().filter(filter_eq("userPrincipalName", "o'neil@contoso.com")).select({"id"}));
    CHECK(found.size() == 1);
    update_user(f.client, "o'neil@contoso.com", {{"usageLocation", "GB"}});
    delete_user(f.client, "1");
    get_user(f.client, "$admin@contoso.com");

    const auto &s = f.http.seen;
    CHECK(s[0].url == "https://graph.microsoft.com/v1.0/users/o%27neil%40contoso.com?$select=id,userPrincipalName");
    CHECK(s[2].url == "https://graph.microsoft.com/v1.0/users?$filter=userPrincipalName%20eq%20%27o%27%27neil%40contoso.com%27&$select=id");
    CHECK((s[3].method == "PATCH" && s[3].url == "https://graph.microsoft.com/v1.0/users/o%27neil%40contoso.com"));
    CHECK((s[4].method == "DELETE" && s[4].url == "https://graph.microsoft.com/v1.0/users/1"));
    CHECK(s[5].url == "https://graph.microsoft.com/v1.0/users(%27%24admin%40contoso.com%27)");
    CHECK(nickname_from_upn("a b(c)@x.com") == "abc");
}

TEST_CASE("licences: available units and assignLicense", "[graph]") {
    graph_fixture f;
    f.http.answer(200, json::parse(R"({"value":[{"accountId":"a","capabilityStatus":"Enabled","consumedUnits":14,
        "id":"48a8_c7df","prepaidUnits":{"enabled":25,"lockedOut":0,"suspended":2,"warning":1},
        "servicePlans":[{"servicePlanName":"EXCHANGE_S_ENTERPRISE"}],"skuId":"c7df2760","skuPartNumber":"ENTERPRISEPREMIUM"},
        {"consumedUnits":30,"prepaidUnits":{"enabled":25},"skuId":"over"}]})"));
    auto skus = list_subscribed_skus(f.client);
    REQUIRE(skus.size() == 2);
    CHECK(skus[0].available_units() == 11);
    CHECK(skus[0].sku_part_number == "ENTERPRISEPREMIUM");
    CHECK(skus[0].service_plan_names == std::vector<std::string>{"EXCHANGE_S_ENTERPRISE"});
    CHECK(skus[1].available_units() == 0);
    CHECK(f.http.seen[0].url == "https://graph.microsoft.com/v1.0/subscribedSkus");

    f.http.answer(200, {{"id", "1"}, {"assignedLicenses", {{{"skuId", "c7df2760"}}}}});
    assign_license(f.client, "a@contoso.com", {{"c7df2760", {"plan-off"}}});
    CHECK(f.http.seen[1].url == "https://graph.microsoft.com/v1.0/users/a%40contoso.com/assignLicense");
    CHECK(json::parse(f.http.seen[1].body) ==
          json{{"addLicenses", {{{"disabledPlans", {"plan-off"}}, {"skuId", "c7df2760"}}}}, {"removeLicenses", json::array()}});

    auto item = assign_license_request("a@contoso.com", {{"c7df2760", {}}}, {}, "l1", {"u1"});
    CHECK(item.url == "/users/a%40contoso.com/assignLicense");
    CHECK(item.depends_on == std::vector<std::string>{"u1"});
}

TEST_CASE("service principals: a new key keeps the existing ones, without their material", "[graph]") {
    graph_fixture f;
    auto now = *parse_iso_time("2026-06-01T00:00:00Z");
    const json listed = json::parse(R"({"value":[{"id":"sp-1","appId":"00000007-0000-0000-c000-000000000000",
        "servicePrincipalNames":["00000007-0000-0000-c000-000000000000/*.contoso.com"],
        "keyCredentials":[
          {"keyId":"k-old","type":"AsymmetricX509Cert","usage":"Verify","displayName":"CN=old","customKeyIdentifier":"AAA","startDateTime":"2024-01-01T00:00:00Z","endDateTime":"2025-01-01T00:00:00Z","key":null},
          {"keyId":"k-live","type":"AsymmetricX509Cert","usage":"Verify","displayName":"CN=live","customKeyIdentifier":"BBB","startDateTime":"2025-01-01T00:00:00Z","endDateTime":"2027-01-01T00:00:00.0000000Z","key":null}]}]})");
    f.http.answer(200, listed);
    auto sp = find_service_principal(f.client, "00000007-0000-0000-c000-000000000000");
    REQUIRE(sp);
    CHECK(f.http.seen[0].url ==
          "https://graph.microsoft.com/v1.0/servicePrincipals?$filter=appId%20eq%20%2700000007-0000-0000-c000-000000000000%27"
          "&$select=id,appId,displayName,servicePrincipalNames,keyCredentials");
    CHECK(sp->key_credentials.size() == 2);

    // The single object returns the key material, so "already there" can be decided.
    json single = listed["value"][0];
    single["keyCredentials"][0]["key"] = "T0xE";
    single["keyCredentials"][1]["key"] = "TElWRQ==";
    f.http.answer(200, single);
    f.http.answer_empty(204);
    new_key_credential cert;
    cert.key = "TkVX";
    cert.display_name = "CN=crm.contoso.com";
    cert.start = *parse_iso_time("2026-01-01T00:00:00Z");
    cert.end = *parse_iso_time("2028-01-01T00:00:00Z");
    auto change = add_key_credential(f.client, *sp, cert, now);
    CHECK(change.added);
    CHECK(change.removed_expired == std::vector<std::string>{"k-old"});
    REQUIRE(f.http.seen.size() == 3);
    CHECK(f.http.seen[1].url == "https://graph.microsoft.com/v1.0/servicePrincipals/sp-1?$select=id,keyCredentials");
    CHECK(f.http.seen[2].method == "PATCH");
    CHECK(f.http.seen[2].url == "https://graph.microsoft.com/v1.0/servicePrincipals/sp-1");
    auto patch = json::parse(f.http.seen[2].body);
    REQUIRE(patch["keyCredentials"].size() == 2);
    const auto &kept = patch["keyCredentials"][0];
    CHECK(kept["keyId"] == "k-live");
    CHECK(kept["customKeyIdentifier"] == "BBB");
    CHECK(kept["displayName"] == "CN=live");
    CHECK_FALSE(kept.contains("key"));
    CHECK(patch["keyCredentials"][1] == json{{"type", "AsymmetricX509Cert"},
                                             {"usage", "Verify"},
                                             {"key", "TkVX"},
                                             {"displayName", "CN=crm.contoso.com"},
                                             {"startDateTime", "2026-01-01T00:00:00Z"},
                                             {"endDateTime", "2028-01-01T00:00:00Z"}});

    // The same certificate again: nothing to send.
    new_key_credential same = cert;
    same.key = "TElWRQ==";
    service_principal without_expired = *sp;
    without_expired.key_credentials.erase(without_expired.key_credentials.begin());
    single["keyCredentials"].erase(0);
    f.http.answer(200, single);
    auto again = add_key_credential(f.client, without_expired, same, now);
    CHECK(again.already_present);
    CHECK_FALSE(again.added);
    CHECK(f.http.seen.size() == 4);  // the read, no PATCH
}

TEST_CASE("service principals: names are added keeping the existing ones", "[graph]") {
    graph_fixture f;
    service_principal sp;
    sp.id = "sp-1";
    sp.service_principal_names = {"00000007-0000-0000-c000-000000000000/*.contoso.com", "https://x"};
    f.http.answer_empty(204);
    CHECK(add_service_principal_names(f.client, sp, {"00000007-0000-0000-c000-000000000000", "HTTPS://X"}));
    REQUIRE(f.http.seen.size() == 1);
    CHECK(json::parse(f.http.seen[0].body) ==
          json{{"servicePrincipalNames",
                {"00000007-0000-0000-c000-000000000000/*.contoso.com", "https://x", "00000007-0000-0000-c000-000000000000"}}});
    sp.service_principal_names.push_back("00000007-0000-0000-c000-000000000000");
    CHECK_FALSE(add_service_principal_names(f.client, sp, {"00000007-0000-0000-C000-000000000000"}));
    CHECK(f.http.seen.size() == 1);
}

TEST_CASE("ISO times as Graph writes them", "[graph]") {
    using namespace std::chrono;
    auto t = parse_iso_time("2026-03-01T10:00:00Z");
    REQUIRE(t);
    CHECK(format_iso_time(*t) == "2026-03-01T10:00:00Z");
    CHECK(*parse_iso_time("2026-03-01T10:00:00.5Z") - *t == milliseconds(500));
    CHECK(*parse_iso_time("2026-03-01T11:30:00+01:30") == *t);
    CHECK(*parse_iso_time("2026-03-01T10:00:00") == *t);
    CHECK_FALSE(parse_iso_time("2026-02-30T10:00:00Z"));
    CHECK_FALSE(parse_iso_time("2026-03-01"));
    CHECK_FALSE(parse_iso_time("2026-03-01T10:00:00Zjunk"));
}
