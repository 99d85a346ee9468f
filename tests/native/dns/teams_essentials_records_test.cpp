#include <catch2/catch.hpp>

#include <functional>

#include "core/diagnostic.h"
#include "core/error.h"
#include "dns/teams_essentials_records.h"

using namespace mailint;
using namespace mailint::dns;

namespace {

std::string error_id(const std::function<void()> &f) {
    try {
        f();
    } catch (const mailint::error &e) {
        return e.id();
    }
    return "";
}

bool has_note(const teams_essentials_dns &r, const std::string &part) {
    for (const auto &n : r.notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("T2: verification TXT, the SPF include to merge, the DKIM CNAMEs; the MX is left alone", "[dns][teams]") {
    teams_essentials_dns_options o;
    o.verification_code = "MS=ms12345678";
    o.initial_domain = "Contoso.onmicrosoft.com";
    auto r = teams_essentials_records("contoso.com", o);
    CHECK(r.zone == "contoso.com");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].name == "@");
    CHECK(r.records[0].data == record_data{txt_data{"MS=ms12345678"}});
    CHECK(r.records[1].name == "selector1._domainkey");
    CHECK(r.records[1].fqdn == "selector1._domainkey.contoso.com");
    CHECK(r.records[1].data ==
          record_data{cname_data{"selector1-contoso-com._domainkey.contoso.onmicrosoft.com"}});
    CHECK(r.records[2].name == "selector2._domainkey");
    CHECK(r.records[2].data ==
          record_data{cname_data{"selector2-contoso-com._domainkey.contoso.onmicrosoft.com"}});
    for (const auto &rec : r.records) {
        CHECK(rec.type() != record_type::mx);
        CHECK_FALSE(rec.purpose.empty());
        // No whole SPF record: it would replace the existing one and cut off the current mail system.
        if (auto *t = std::get_if<txt_data>(&rec.data)) CHECK(t->text.rfind("v=spf1", 0) != 0);
    }

    REQUIRE(r.spf_include);
    CHECK(r.spf_include->name == "@");
    CHECK(r.spf_include->fqdn == "contoso.com");
    CHECK(r.spf_include->include == "spf.protection.outlook.com");
    CHECK(r.spf_include->mechanism() == "include:spf.protection.outlook.com");
    CHECK(r.spf_include->ttl == 3600);
    CHECK_FALSE(r.spf_include->purpose.empty());
    auto required = r.spf_include->as_required_record();
    CHECK(required.name == "@");
    CHECK(required.fqdn == "contoso.com");
    CHECK(required.ttl == 3600);
    CHECK(required.data == record_data{txt_data{"v=spf1 include:spf.protection.outlook.com ~all"}});
    CHECK(required.purpose == r.spf_include->purpose);
    CHECK(has_note(r, "Keep the existing MX"));
    CHECK(has_note(r, "only once both selector CNAMEs resolve"));
}

TEST_CASE("Exchange Online's own selector targets win over the documented form", "[dns][teams]") {
    teams_essentials_dns_options o;
    o.initial_domain = "contoso.onmicrosoft.com";
    o.dkim = dkim_selector_targets{"selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft.",
                                   "Selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft"};
    auto r = teams_essentials_records("contoso.com", o);
    REQUIRE(r.records.size() == 2);  // no verification code: no TXT
    CHECK(r.records[0].data ==
          record_data{cname_data{"selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft"}});
    CHECK(r.records[1].data ==
          record_data{cname_data{"selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft"}});
    CHECK(has_note(r, "MS=ms"));
}

TEST_CASE("without the initial domain or the selectors, DKIM is a note", "[dns][teams]") {
    auto r = teams_essentials_records("contoso.com");
    CHECK(r.records.empty());
    CHECK(r.spf_include);
    CHECK(has_note(r, "onmicrosoft.com"));

    std::string sixty = std::string(60, 'a') + ".com";
    teams_essentials_dns_options o;
    o.initial_domain = "contoso.onmicrosoft.com";
    auto long_one = teams_essentials_records(sixty, o);
    CHECK(long_one.records.empty());
    CHECK(has_note(long_one, "Get-DkimSigningConfig"));
    CHECK_FALSE(documented_dkim_target(1, sixty, "contoso.onmicrosoft.com"));
    CHECK(documented_dkim_target(2, "fabrikam.co.uk", "fab.onmicrosoft.com.") ==
          "selector2-fabrikam-co-uk._domainkey.fab.onmicrosoft.com");
}

TEST_CASE("T11: a custom domain whose mail Microsoft 365 receives gets the MX and a whole SPF", "[dns][teams]") {
    teams_essentials_dns_options o;
    o.verification_code = "ms11112222";
    o.initial_domain = "contoso.onmicrosoft.com";
    o.keep_existing_mx = false;
    auto r = teams_essentials_records("contoso.com", o);
    CHECK_FALSE(r.spf_include);
    std::vector<std::string> kinds;
    for (const auto &rec : r.records) kinds.push_back(rec.name + " " + to_string(rec.type()));
    CHECK(kinds == std::vector<std::string>{"@ TXT", "@ MX", "@ TXT", "selector1._domainkey CNAME",
                                            "selector2._domainkey CNAME"});
    CHECK(r.records[1].data == record_data{mx_data{0, "contoso-com.mail.protection.outlook.com"}});
    CHECK(r.records[2].data == record_data{txt_data{"v=spf1 include:spf.protection.outlook.com -all"}});
}

TEST_CASE("Teams: typed input that breaks the rules throws", "[dns][teams]") {
    teams_essentials_dns_options bad_code;
    bad_code.verification_code = "MS=";
    CHECK(error_id([&] { teams_essentials_records("contoso.com", bad_code); }) ==
          "validation.dns.verification_code.malformed");
    teams_essentials_dns_options bad_initial;
    bad_initial.initial_domain = "not a domain";
    CHECK(error_id([&] { teams_essentials_records("contoso.com", bad_initial); }) == "validation.domain.malformed");
    teams_essentials_dns_options bad_selector;
    bad_selector.dkim = dkim_selector_targets{"ok.example.com", "bad..example.com"};
    CHECK(error_id([&] { teams_essentials_records("contoso.com", bad_selector); }) == "validation.domain.malformed");
    teams_essentials_dns_options bad_ttl;
    bad_ttl.ttl = 4294967295u;
    CHECK(error_id([&] { teams_essentials_records("contoso.com", bad_ttl); }) == "dns.ttl.out_of_range");
}

TEST_CASE("Teams from user text: subdomains pass, everything wrong is reported at once", "[dns][teams]") {
    SECTION("a subdomain and an onmicrosoft.com initial domain are fine") {
        diagnostics d;
        teams_essentials_dns_options o;
        o.initial_domain = "Contoso.OnMicrosoft.com";
        auto r = teams_essentials_records("Sales.Contoso.com.", o, d);
        REQUIRE(r);
        CHECK(d.empty());
        CHECK(r->zone == "sales.contoso.com");
        REQUIRE(r->records.size() == 2);
        CHECK(r->records[0].data ==
              record_data{cname_data{"selector1-sales-contoso-com._domainkey.contoso.onmicrosoft.com"}});
    }
    SECTION("bad domain, code, initial domain and selector") {
        diagnostics d;
        teams_essentials_dns_options o;
        o.verification_code = "12345678";
        o.initial_domain = "onmicrosoft";
        o.dkim = dkim_selector_targets{"bad example.com", "good.example.com"};
        CHECK_FALSE(teams_essentials_records("contoso..com", o, d));
        REQUIRE(d.items().size() == 4);
        CHECK(d.items()[0].id == "validation.domain.malformed");
        CHECK(d.items()[0].target == "DomainName");
        CHECK(d.items()[1].id == "validation.dns.verification_code.malformed");
        CHECK(d.items()[2].id == "validation.domain.single_label");
        CHECK(d.items()[2].target == "InitialDomain");
        CHECK(d.items()[3].id == "validation.domain.malformed");
        CHECK(d.items()[3].target == "Selector1CNAME");
    }
    SECTION("a public suffix is no domain") {
        diagnostics d;
        CHECK_FALSE(teams_essentials_records("co.uk", {}, d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.domain.single_label");
    }
}
