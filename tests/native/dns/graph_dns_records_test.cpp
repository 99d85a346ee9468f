#include <catch2/catch.hpp>

#include <functional>

#include "core/diagnostic.h"
#include "core/error.h"
#include "dns/graph_dns_records.h"
#include "dns/m365_records.h"

using namespace mailint;
using namespace mailint::dns;
using nlohmann::json;

namespace {

// wire-apis.md §2.2's examples: verification records with the leading '#', service records
// without it, all four kinds.
const json verification_answer = json::parse(R"({"value":[
 {"@odata.type":"#microsoft.graph.domainDnsTxtRecord","id":"a","isOptional":false,
  "label":"contoso.com","recordType":"Txt","supportedService":"Email","ttl":3600,"text":"MS=ms12345678"},
 {"@odata.type":"#microsoft.graph.domainDnsMxRecord","id":"b","isOptional":false,
  "label":"contoso.com","recordType":"Mx","supportedService":"Email","ttl":3600,
  "mailExchange":"ms12345678.msv1.invalid","preference":32767}]})");

const json service_answer = json::parse(R"({"value":[
 {"@odata.type":"microsoft.graph.domainDnsMxRecord","isOptional":false,"label":"contoso.com","recordType":"Mx",
  "supportedService":"Email","ttl":3600,"mailExchange":"contoso-com.mail.protection.outlook.com","preference":0},
 {"@odata.type":"microsoft.graph.domainDnsTxtRecord","isOptional":false,"label":"contoso.com","recordType":"Txt",
  "supportedService":"Email","ttl":3600,"text":"v=spf1 include:spf.protection.outlook.com ~all"},
 {"@odata.type":"microsoft.graph.domainDnsCnameRecord","isOptional":false,"label":"Autodiscover.Contoso.com.",
  "recordType":"CName","supportedService":"Email","ttl":3600,"canonicalName":"autodiscover.outlook.com"},
 {"@odata.type":"microsoft.graph.domainDnsSrvRecord","isOptional":false,"label":"contoso.com","recordType":"Srv",
  "supportedService":"OfficeCommunicationsOnline","ttl":3600,"nameTarget":"sipdir.online.lync.com","port":443,
  "priority":100,"protocol":"_tls","service":"_sip","weight":1},
 {"@odata.type":"microsoft.graph.domainDnsCnameRecord","isOptional":true,"label":"enterpriseenrollment.contoso.com",
  "recordType":"CName","supportedService":"Intune","ttl":3600,"canonicalName":"enterpriseenrollment.manage.microsoft.com"}]})");

}  // namespace

TEST_CASE("Graph's verification records become the proof records", "[dns][graph]") {
    diagnostics d;
    auto records = from_graph_json(verification_answer, "contoso.com", d);
    CHECK(d.empty());
    REQUIRE(records.size() == 2);
    CHECK(records[0].name == "@");
    CHECK(records[0].fqdn == "contoso.com");
    CHECK(records[0].data == record_data{txt_data{"MS=ms12345678"}});
    CHECK(records[1].data == record_data{mx_data{32767, "ms12345678.msv1.invalid"}});
    // Equal to what m365_records builds from the same code.
    CHECK(records[0].data == ownership_proof_record("contoso.com", "ms12345678", ownership_proof::txt).data);
    CHECK(records[1].data == ownership_proof_record("contoso.com", "ms12345678", ownership_proof::mx).data);
    CHECK_THAT(records[0].purpose, Catch::Contains("own contoso.com"));
}

TEST_CASE("Graph's service records: labels made relative, SRV owners built, purposes given", "[dns][graph]") {
    diagnostics d;
    auto records = from_graph_json(service_answer["value"], "contoso.com", d);  // the bare array works too
    CHECK(d.empty());
    REQUIRE(records.size() == 5);
    CHECK(records[0].data == record_data{mx_data{0, "contoso-com.mail.protection.outlook.com"}});
    CHECK_THAT(records[0].purpose, Catch::Contains("Exchange Online"));
    CHECK(records[1].data == record_data{txt_data{"v=spf1 include:spf.protection.outlook.com ~all"}});
    CHECK_THAT(records[1].purpose, Catch::StartsWith("SPF"));
    CHECK(records[2].name == "autodiscover");
    CHECK(records[2].fqdn == "autodiscover.contoso.com");
    CHECK(records[2].data == record_data{cname_data{"autodiscover.outlook.com"}});
    CHECK(records[3].name == "_sip._tls");
    CHECK(records[3].fqdn == "_sip._tls.contoso.com");
    CHECK(records[3].data == record_data{srv_data{100, 1, 443, "sipdir.online.lync.com"}});
    CHECK(records[4].name == "enterpriseenrollment");
    CHECK(records[4].purpose == "Intune: device enrollment (optional)");
    for (const auto &r : records) CHECK(r.ttl == 3600);
}

TEST_CASE("Graph records that cannot be published are reported, the rest kept", "[dns][graph]") {
    json list = json::array({
        {{"@odata.type", "#microsoft.graph.domainDnsUnavailableRecord"}, {"label", "contoso.com"},
         {"recordType", "Unavailable"}, {"description", "not available"}},
        {{"recordType", "Txt"}, {"label", "fabrikam.com"}, {"text", "v=spf1 -all"}},
        {{"recordType", "Mx"}, {"label", "contoso.com"}, {"mailExchange", "mx.contoso.com"}, {"preference", 70000}},
        {{"recordType", "CName"}, {"label", "x.contoso.com"}, {"canonicalName", "not a host"}},
        {{"recordType", "Srv"}, {"label", "contoso.com"}, {"nameTarget", "sip.example.com"}, {"port", 443}},
        {{"recordType", "Txt"}, {"label", "contoso.com"}, {"text", "hello"}, {"ttl", -1}},
        // No ttl (0): Microsoft's published 3600; no underscores on service/protocol: added.
        {{"recordType", "Srv"}, {"label", "contoso.com"}, {"nameTarget", "sipfed.online.lync.com."},
         {"port", 5061}, {"priority", 100}, {"weight", 1}, {"service", "sipfederationtls"}, {"protocol", "tcp"},
         {"supportedService", "OfficeCommunicationsOnline"}},
        "not an object",
    });
    diagnostics d;
    auto records = from_graph_json(list, "contoso.com", d);
    REQUIRE(records.size() == 1);
    CHECK(records[0].name == "_sipfederationtls._tcp");
    CHECK(records[0].ttl == 3600);
    CHECK(records[0].data == record_data{srv_data{100, 1, 5061, "sipfed.online.lync.com"}});
    std::vector<std::string> ids;
    for (const auto &item : d.items()) ids.push_back(item.id);
    CHECK(ids == std::vector<std::string>{"dns.graph_record.invalid", "dns.graph_record.unsupported",
                                          "dns.graph_record.outside_zone", "dns.graph_record.invalid",
                                          "dns.graph_record.invalid", "dns.graph_record.invalid",
                                          "dns.graph_record.invalid"});
    CHECK(d.items()[1].level == mailint::severity::warning);
    CHECK(d.items()[2].target == "fabrikam.com");

    diagnostics none;
    CHECK(from_graph_json(json{{"error", "x"}}, "contoso.com", none).empty());
    REQUIRE(none.items().size() == 1);
    CHECK(none.items()[0].id == "dns.graph_record.invalid");
}

TEST_CASE("dns_record to Graph's shape and back", "[dns][graph]") {
    m365_dns_options o;
    o.verification_code = "ms12345678";
    o.skype_cnames = true;
    o.mail_cname = true;
    auto m365 = m365_records("contoso.com", o);
    json list = json::array();
    for (const auto &r : m365.records) list.push_back(to_graph_json(r));
    CHECK(list[0] == json{{"@odata.type", "#microsoft.graph.domainDnsTxtRecord"},
                          {"isOptional", false},
                          {"label", "contoso.com"},
                          {"recordType", "Txt"},
                          {"supportedService", "Email"},
                          {"text", "MS=ms12345678"},
                          {"ttl", 3600}});
    const json &srv = list[5];
    CHECK(srv["@odata.type"] == "#microsoft.graph.domainDnsSrvRecord");
    CHECK(srv["label"] == "contoso.com");
    CHECK(srv["service"] == "_sip");
    CHECK(srv["protocol"] == "_tls");
    CHECK(srv["nameTarget"] == "sipdir.online.lync.com");
    CHECK(list[2]["recordType"] == "CName");
    CHECK(list[2]["canonicalName"] == "autodiscover.outlook.com");

    diagnostics d;
    auto back = from_graph_json(list, "contoso.com", d);
    CHECK(d.empty());
    REQUIRE(back.size() == m365.records.size());
    for (std::size_t i = 0; i < back.size(); ++i) {
        CAPTURE(i);
        CHECK(back[i].name == m365.records[i].name);
        CHECK(back[i].fqdn == m365.records[i].fqdn);
        CHECK(back[i].ttl == m365.records[i].ttl);
        CHECK(back[i].data == m365.records[i].data);
    }

    auto a = make_record("contoso.com", "mail", 3600, a_data{}, "");
    CHECK_THROWS_AS(to_graph_json(a), mailint::error);
    auto odd_srv = make_record("contoso.com", "sip", 3600, srv_data{1, 1, 1, "x.example.com"}, "");
    try {
        to_graph_json(odd_srv);
        FAIL("no exception");
    } catch (const mailint::error &e) {
        CHECK(e.id() == "dns.graph_record.invalid");
    }
}
