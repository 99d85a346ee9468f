#include <catch2/catch.hpp>

#include <algorithm>

#include "dns/records_request.h"

using namespace mailint;
using namespace mailint::dns;
using nlohmann::json;

namespace {

json request(const char *scenario, json parameters) {
    return {{"schemaVersion", 1}, {"scenario", scenario}, {"parameters", std::move(parameters)}};
}

std::vector<std::string> ids(const diagnostics &d) {
    std::vector<std::string> out;
    for (const auto &i : d.items()) out.push_back(i.id + "@" + i.target);
    return out;
}

bool has(const std::vector<std::string> &v, const std::string &s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("records request: each scenario's parameters reach its builder's options", "[dns][records_request]") {
    records_request r;
    auto d = parse_records_request(request("m365", {{"DomainName", "contoso.com"},
                                                    {"VerificationCode", "MS=ms123"},
                                                    {"OwnershipProof", "mx"},
                                                    {"MxPreference", 20},
                                                    {"MailCname", true},
                                                    {"SkypeForBusiness", false},
                                                    {"Ttl", 600}}),
                                   false, r);
    CHECK(d.empty());
    CHECK(r.scenario == dns_scenario::m365);
    CHECK(r.domains == std::vector<std::string>{"contoso.com"});
    CHECK(r.m365.verification_code == "MS=ms123");
    CHECK(r.m365.proof == ownership_proof::mx);
    REQUIRE(r.m365.migration);
    CHECK(r.m365.migration->preference == 20);
    CHECK(r.m365.mail_cname);
    CHECK_FALSE(r.m365.skype_srv);
    CHECK(r.ttl_given);
    CHECK(r.m365.ttl == 600);

    records_request x;
    CHECK(parse_records_request(request("Exchange-OnPrem", {{"DomainName", "contoso.com"},
                                                            {"PublicIpAddress", "203.0.113.10"},
                                                            {"HostName", "owa"},
                                                            {"Autodiscover", "A"}}),
                                false, x)
              .empty());
    CHECK(x.scenario == dns_scenario::exchange_onprem);
    CHECK(x.public_ip == "203.0.113.10");
    CHECK(x.exchange_onprem.host_label == "owa");
    CHECK(x.exchange_onprem.autodiscover == autodiscover_style::a_record);

    records_request t;
    CHECK(parse_records_request(request("teams-essentials", {{"DomainName", {"a.com", "b.com"}},
                                                             {"InitialDomain", "contoso.onmicrosoft.com"},
                                                             {"Selector1CNAME", "s1.example"},
                                                             {"Selector2CNAME", "s2.example"},
                                                             {"MailToMicrosoft365", true},
                                                             {"DnsServer", {"127.0.0.1:5353", "192.0.2.53"}},
                                                             {"TimeoutMilliseconds", 500},
                                                             {"Tries", 3},
                                                             {"Migrating", true}}),
                                true, t)
              .empty());
    CHECK(t.domains.size() == 2);
    CHECK(t.teams.initial_domain == "contoso.onmicrosoft.com");
    REQUIRE(t.teams.dkim);
    CHECK(t.teams.dkim->selector2 == "s2.example");
    CHECK_FALSE(t.teams.keep_existing_mx);
    CHECK(t.resolvers.servers.size() == 2);
    CHECK(t.resolvers.timeout == std::chrono::milliseconds(500));
    CHECK(t.resolvers.tries == 3);
    CHECK(t.migrating);
}

TEST_CASE("records request: every mistake is found at once and names its parameter", "[dns][records_request]") {
    records_request r;
    auto found = ids(parse_records_request(request("m365", {{"Ttl", 5},
                                                            {"OwnershipProof", "Cname"},
                                                            {"MxPreference", 70000},
                                                            {"MailCname", "yes"},
                                                            {"PublicIpAddress", "203.0.113.10"}}),
                                           false, r));
    CHECK(has(found, "validation.domain.empty@DomainName"));
    CHECK(has(found, "validation.ttl.out_of_range@Ttl"));
    CHECK(has(found, "validation.dns.ownership_proof.unknown@OwnershipProof"));
    CHECK(has(found, "validation.dns.mx_preference.out_of_range@MxPreference"));
    CHECK(has(found, "validation.dns.parameter.invalid@MailCname"));
    // Another scenario's parameter is named, not silently ignored.
    CHECK(has(found, "validation.dns.parameter.unknown@PublicIpAddress"));

    records_request s;
    CHECK(ids(parse_records_request(request("sharepoint", {{"DomainName", "contoso.com"}}), false, s)) ==
          std::vector<std::string>{"request.scenario.unknown@Scenario"});

    records_request x;
    auto onprem = ids(parse_records_request(request("exchange-onprem", {{"DomainName", "contoso.com"}, {"Autodiscover", "mx"}}), false, x));
    CHECK(has(onprem, "validation.ipv4.empty@PublicIpAddress"));
    CHECK(has(onprem, "validation.autodiscover.unknown@Autodiscover"));

    records_request t;
    auto teams = ids(parse_records_request(request("teams-essentials", {{"DomainName", "contoso.com"}, {"Selector1CNAME", "s1.example"}}), false, t));
    CHECK(has(teams, "validation.dns.dkim_selector.incomplete@Selector2CNAME"));

    // The test-only parameters are refused where records are only rendered, and checked where they
    // are used: a resolver that is not IP[:port], several domains for one zone.
    records_request g;
    auto get = ids(parse_records_request(request("m365", {{"DomainName", {"a.com", "b.com"}}, {"DnsServer", {"ns1.contoso.com"}}}), false, g));
    CHECK(has(get, "validation.dns.parameter.invalid@DomainName"));
    CHECK(has(get, "validation.dns.parameter.unknown@DnsServer"));
    records_request v;
    auto test = ids(parse_records_request(request("m365", {{"DomainName", "a.com"}, {"DnsServer", {"ns1.contoso.com"}}, {"Tries", 0}}), true, v));
    CHECK(has(test, "validation.dns.server.malformed@DnsServer"));
    CHECK(has(test, "validation.dns.tries.out_of_range@Tries"));
}
