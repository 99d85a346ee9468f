#include <catch2/catch.hpp>

#include <string>

#include "dns/records_request.h"
#include "dns/scenario_records.h"

using namespace mailint;
using namespace mailint::dns;
using nlohmann::json;

namespace {

records_request parsed(const char *scenario, json parameters) {
    records_request r;
    auto d = parse_records_request({{"schemaVersion", 1}, {"scenario", scenario}, {"parameters", std::move(parameters)}},
                                   true, r);
    REQUIRE_FALSE(d.has_errors());
    return r;
}

std::string first_error(const diagnostics &d) {
    const auto *e = d.first_error();
    return e ? e->id + "@" + e->target : "";
}

bool has_note(const scenario_records &r, const std::string &part) {
    for (const auto &n : r.notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("names that are not a domain are refused by every scenario with a validation id", "[dns][scenario_records]") {
    const std::vector<std::string> bad = {
        "   ",                                     // empty
        "xn--ab-.com",                             // an IDN A-label ending in a hyphen
        "bücher.example",                          // a U-label: give the A-label
        std::string(64, 'a') + ".com",             // a label over 63 octets
        std::string(60, 'b') + "." + std::string(60, 'c') + "." + std::string(60, 'd') + "." + std::string(60, 'e') +
            "." + std::string(60, 'f') + ".com",   // a name over 253 octets
        "contoso.com..",                           // two trailing dots
        ".contoso.com",                            // a leading dot
        "192.0.2.10",                              // an IP where a name is wanted
        "localhost",                               // one label
    };
    for (const char *scenario : {"m365", "teams-essentials", "exchange-onprem"}) {
        json p = {{"DomainName", ""}};
        if (std::string(scenario) == "exchange-onprem") p["PublicIpAddress"] = "203.0.113.10";
        for (const auto &name : bad) {
            p["DomainName"] = name;
            auto r = parsed(scenario, p);
            diagnostics d;
            INFO(scenario << " '" << name << "'");
            CHECK_FALSE(records_for(r, name, nullptr, d));
            CHECK(first_error(d).rfind("validation.domain.", 0) == 0);
            CHECK(first_error(d).ends_with("@DomainName"));
        }
        // 247 bytes is a valid name, but the DKIM selectors under it would pass 253: Teams
        // Essentials says so about the parameter instead of failing.
        if (std::string(scenario) == "teams-essentials") {
            const std::string long_name = std::string(60, 'b') + "." + std::string(60, 'c') + "." + std::string(60, 'd') +
                                          "." + std::string(60, 'e') + ".com";
            p["DomainName"] = long_name;
            p["InitialDomain"] = "contoso.onmicrosoft.com";
            diagnostics d;
            CHECK_FALSE(records_for(parsed(scenario, p), long_name, nullptr, d));
            CHECK(first_error(d) == "validation.domain.malformed@DomainName");
            p.erase("InitialDomain");
        }
        // One trailing dot is the absolute form of the same name.
        p["DomainName"] = "Contoso.COM.";
        diagnostics ok;
        auto r = records_for(parsed(scenario, p), "Contoso.COM.", nullptr, ok);
        REQUIRE(r);
        CHECK(r->zone == "contoso.com");
    }
}

TEST_CASE("offline, the documents' tables; connected, the tenant's records win", "[dns][scenario_records]") {
    auto request = parsed("m365", {{"DomainName", "contoso.com"}, {"MxPreference", 20}});
    diagnostics d;
    auto offline = records_for(request, "contoso.com", nullptr, d);
    REQUIRE(offline);
    CHECK(offline->source == "documents");
    CHECK(offline->records.front().type() == record_type::mx);  // no code: no proof record

    tenant_dns_facts facts;
    facts.domain_in_tenant = true;
    facts.verification_code = "ms4242";
    facts.service_records = std::vector<dns_record>{
        make_record("contoso.com", "@", 3600, mx_data{0, "contoso-com.r-v1.mail.protection.outlook.com"}, "mail"),
        make_record("contoso.com", "autodiscover", 3600, cname_data{"autodiscover.outlook.com"}, "autodiscover"),
    };
    auto connected = records_for(request, "contoso.com", &facts, d);
    REQUIRE(connected);
    CHECK(connected->source == "tenant");
    REQUIRE(connected->records.size() == 3);
    CHECK(connected->records[0].data == record_data{txt_data{"MS=ms4242"}});
    // The tenant's own MX host, with the migration preference the administrator asked for.
    CHECK(connected->records[1].data == record_data{mx_data{20, "contoso-com.r-v1.mail.protection.outlook.com"}});
    CHECK(has_note(*connected, "serviceConfigurationRecords"));

    // A verified domain needs no proof any more.
    facts.domain_verified = true;
    auto verified = records_for(request, "contoso.com", &facts, d);
    REQUIRE(verified);
    CHECK(verified->records.size() == 2);
    CHECK(has_note(*verified, "may be removed"));

    // Not in the tenant yet: the tables, and what to do.
    tenant_dns_facts absent;
    auto table = records_for(request, "contoso.com", &absent, d);
    REQUIRE(table);
    CHECK(table->source == "documents");
    CHECK(has_note(*table, "Add-M365Domain"));
    CHECK_FALSE(d.has_errors());
}

TEST_CASE("Teams Essentials: the tenant's DKIM targets and initial domain, and the SPF include to test", "[dns][scenario_records]") {
    auto request = parsed("teams-essentials", {{"DomainName", "fabrikam.com"}});
    tenant_dns_facts facts;
    facts.domain_in_tenant = true;
    facts.verification_code = "ms777";
    facts.initial_domain = "fabrikamtenant.onmicrosoft.com";
    facts.dkim = dkim_selector_targets{"selector1-fabrikam-com._domainkey.fabrikamtenant.r-v1.dkim.mail.microsoft",
                                       "selector2-fabrikam-com._domainkey.fabrikamtenant.r-v1.dkim.mail.microsoft"};
    diagnostics d;
    auto r = records_for(request, "fabrikam.com", &facts, d);
    REQUIRE(r);
    CHECK(r->source == "tenant");
    REQUIRE(r->records.size() == 3);
    CHECK(r->records[0].data == record_data{txt_data{"MS=ms777"}});
    CHECK(r->records[1].fqdn == "selector1._domainkey.fabrikam.com");
    CHECK(r->records[1].data == record_data{cname_data{facts.dkim->selector1}});
    REQUIRE(r->spf_include);
    auto required = r->required();
    REQUIRE(required.size() == 4);
    CHECK(std::get<txt_data>(required.back().data).text.find("include:spf.protection.outlook.com") != std::string::npos);
    auto doc = r->to_json();
    CHECK(doc.at("spfInclude").at("mechanism") == "include:spf.protection.outlook.com");
    CHECK(doc.at("scenario") == "teams-essentials");

    // Without a tenant and without an initial domain, the DKIM CNAMEs cannot be told.
    auto offline = records_for(request, "fabrikam.com", nullptr, d);
    REQUIRE(offline);
    CHECK(offline->records.empty());
    CHECK(offline->spf_include);
}

TEST_CASE("Exchange on-premises keeps its host name and certificate names", "[dns][scenario_records]") {
    auto request = parsed("exchange-onprem", {{"DomainName", "contoso.com"}, {"PublicIpAddress", "203.0.113.10"}});
    diagnostics d;
    auto r = records_for(request, "contoso.com", nullptr, d);
    REQUIRE(r);
    CHECK(r->host_name == "mail.contoso.com");
    CHECK_FALSE(r->certificate_names.empty());
    auto doc = r->to_json();
    CHECK(doc.at("hostName") == "mail.contoso.com");
    CHECK(doc.at("records").size() == r->records.size());
}
