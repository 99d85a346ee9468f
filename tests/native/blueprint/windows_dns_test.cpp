// Publish-MailDnsRecord's planner against a zone held in memory, answering as the DnsServer cmdlets
// do (a name with nothing is ObjectNotFound). The real host session and the emulator's DnsServer
// stand-ins are exercised by tests/module.
#include <catch2/catch.hpp>

#include <map>

#include "blueprint/windows_dns_blueprint.h"
#include "blueprint/windows_dns_request.h"
#include "core/error.h"

using namespace mailint;
using nlohmann::json;

namespace {

class zone_host final : public host_session {
public:
    std::string zone = "contoso.com";
    std::map<std::string, std::vector<json>> names;  // relative name -> Get-DnsServerResourceRecord objects
    std::optional<host_failure> read_failure;
    std::vector<host_command> calls;

    host_result invoke(const host_command &c) override {
        calls.push_back(c);
        host_result r;
        if (c.name == "Get-DnsServerZone") {
            if (c.parameters.value("Name", "") != zone) r.failure = host_failure{"CimException", "ObjectNotFound", "no zone", "", {}};
            else r.objects.push_back({{"ZoneName", zone}});
        } else if (c.name == "Get-DnsServerResourceRecord") {
            if (read_failure) r.failure = read_failure;
            else if (auto it = names.find(c.parameters.value("Name", "")); it != names.end()) r.objects = it->second;
            else r.failure = host_failure{"CimException", "ObjectNotFound", "Failed to get record", "", {}};
        }
        return r;
    }
};

json rec(const std::string &type, json data) {
    return {{"HostName", "x"}, {"RecordType", type}, {"TimeToLive", "01:00:00"}, {"RecordData", std::move(data)}};
}

windows_dns::request parsed(json parameters) {
    windows_dns::request r;
    auto d = windows_dns::parse_request(parameters, r);
    INFO(d.to_json().dump());
    REQUIRE_FALSE(d.has_errors());
    return r;
}

dns::scenario_records records_of(const windows_dns::request &r) {
    diagnostics d;
    auto out = dns::records_for(r.records, r.records.domains.front(), nullptr, d);
    REQUIRE(out);
    return *out;
}

std::vector<std::string> actions(const plan &p) {
    std::vector<std::string> out;
    for (const auto &s : p.steps) out.push_back(s.action + " " + s.identity);
    return out;
}

}  // namespace

TEST_CASE("windows-dns request: the records' parameters pass through, its own are checked", "[blueprint][windows_dns]") {
    auto r = parsed({{"RecordScenario", "teams-essentials"}, {"DomainName", "contoso.com"}, {"InitialDomain", "contoso.onmicrosoft.com"},
                     {"ZoneName", "Contoso.com."}, {"ComputerName", "DC01"}});
    CHECK(r.records.scenario == dns::dns_scenario::teams_essentials);
    CHECK(r.records.teams.initial_domain == "contoso.onmicrosoft.com");
    CHECK(r.zone == "contoso.com");
    CHECK(r.computer_name == "DC01");
    CHECK(parsed({{"DomainName", "contoso.com"}, {"ComputerName", "dc01.corp.contoso.local"}}).computer_name == "dc01.corp.contoso.local");

    windows_dns::request bad;
    auto d = windows_dns::parse_request({{"DomainName", "contoso.com"}, {"ComputerName", "not a server!"}, {"ZoneName", "a..b"},
                                         {"PublicIpAddress", "203.0.113.1"}},
                                        bad);
    std::vector<std::string> ids;
    for (const auto &i : d.items()) ids.push_back(i.id + "@" + i.target);
    CHECK(std::find(ids.begin(), ids.end(), "validation.server.malformed@ComputerName") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "validation.domain.malformed@ZoneName") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "validation.dns.parameter.unknown@PublicIpAddress") != ids.end());
}

TEST_CASE("windows-dns plan: only what differs, replacements as remove-then-add, conflicts left alone",
          "[blueprint][windows_dns]") {
    const auto r = parsed({{"DomainName", "contoso.com"}, {"MailCname", true}, {"SkypeForBusiness", false}, {"ComputerName", "DC01"}});
    const auto records = records_of(r);
    zone_host host;
    host.names["@"] = {rec("MX", {{"MailExchange", "Contoso-com.mail.protection.outlook.com."}, {"Preference", 10}}),
                       rec("TXT", {{"DescriptiveText", "v=spf1 include:spf.protection.outlook.com -all"}})};
    host.names["autodiscover"] = {rec("CNAME", {{"HostNameAlias", "autodiscover.outlook.com."}})};
    host.names["mail"] = {rec("A", {{"IPv4Address", "203.0.113.5"}})};
    const auto p = windows_dns::build_plan(r, records, host, {});
    CHECK(actions(p) == std::vector<std::string>{"delete MX contoso.com", "create MX contoso.com", "noop CNAME autodiscover.contoso.com",
                                                  "manual CNAME mail.contoso.com", "noop TXT contoso.com"});
    CHECK(p.steps[1].depends_on == std::vector<std::string>{"s01"});
    CHECK(p.steps[0].command->parameters.at("RecordData") == "contoso-com.mail.protection.outlook.com");
    CHECK(p.steps[0].command->parameters.at("ComputerName") == "DC01");
    CHECK(p.steps[1].command->parameters.at("Preference") == 0);
    CHECK(p.steps[1].command->parameters.at("TimeToLive") == "01:00:00");
    bool warned = false;
    for (const auto &f : p.findings.items()) warned = warned || f.id == "windows_dns.cname.conflict";
    CHECK(warned);
    // Planning only reads: the zone, then each name once.
    for (const auto &c : host.calls) CHECK(c.is_read());
    CHECK(host.calls.size() == 4);
}

TEST_CASE("windows-dns plan: two SPF records are the administrator's; a failed read is never 'absent'",
          "[blueprint][windows_dns]") {
    const auto r = parsed({{"DomainName", "contoso.com"}, {"SkypeForBusiness", false}});
    const auto records = records_of(r);
    zone_host host;
    host.names["@"] = {rec("TXT", {{"DescriptiveText", "v=spf1 mx -all"}}), rec("TXT", {{"DescriptiveText", "v=spf1 a -all"}})};
    const auto p = windows_dns::build_plan(r, records, host, {});
    const auto a = actions(p);
    CHECK(std::find(a.begin(), a.end(), "manual TXT contoso.com") != a.end());

    zone_host failing;
    failing.read_failure = host_failure{"CimException", "PermissionDenied", "Access denied", "", {}};
    try {
        windows_dns::build_plan(r, records, failing, {});
        FAIL("a refused read was planned over");
    } catch (const error &e) {
        CHECK(e.code() == errc::permission_denied);
    }

    zone_host no_zone;
    no_zone.zone = "other.example";
    try {
        windows_dns::build_plan(r, records, no_zone, {});
        FAIL("planned for a zone the server does not host");
    } catch (const error &e) {
        CHECK(e.id() == "windows_dns.zone.not_found");
    }

    auto elsewhere = r;
    elsewhere.zone = "fabrikam.com";
    zone_host fabrikam;
    fabrikam.zone = "fabrikam.com";
    try {
        windows_dns::build_plan(elsewhere, records, fabrikam, {});
        FAIL("planned records outside the zone");
    } catch (const error &e) {
        CHECK(e.id() == "windows_dns.record.outside_zone");
    }
}
