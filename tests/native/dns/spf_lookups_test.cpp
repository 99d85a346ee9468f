#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "dns/spf_lookups.h"

using namespace mailint::dns;
using mailint::diagnostics;
using mailint::severity;

namespace {

// An in-memory DNS: TXT records by name; a name not in the map is NXDOMAIN. Counts queries.
struct fake_dns {
    std::map<std::string, txt_answer> names;
    std::vector<std::string> queried;

    void txt(const std::string &name, std::vector<std::string> records) {
        names[name] = txt_answer{txt_answer::status::ok, std::move(records), {}};
    }
    void spf(const std::string &name, const std::string &record) { txt(name, {"MS=ms1", record}); }
    void state(const std::string &name, txt_answer::status s, std::string error = {}) {
        names[name] = txt_answer{s, {}, std::move(error)};
    }
    txt_lookup lookup() {
        return [this](const std::string &name) {
            queried.push_back(name);
            auto found = names.find(name);
            return found == names.end() ? txt_answer{txt_answer::status::nxdomain, {}, {}} : found->second;
        };
    }
};

spf_record parsed(const std::string &text) {
    diagnostics out;
    auto r = parse_spf_record(text, out);
    INFO(text);
    REQUIRE(r);
    return *r;
}

std::vector<std::string> ids(const spf_lookup_report &r) {
    std::vector<std::string> out;
    for (const auto &d : r.findings.items()) out.push_back(d.id);
    return out;
}

// Google Workspace's published chain: one include that pulls in three more.
void add_google(fake_dns &dns) {
    dns.spf("_spf.google.com", "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com "
                               "include:_netblocks3.google.com ~all");
    dns.spf("_netblocks.google.com", "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all");
    dns.spf("_netblocks2.google.com", "v=spf1 ip6:2001:4860:4000::/36 ~all");
    dns.spf("_netblocks3.google.com", "v=spf1 ip4:172.217.0.0/19 ~all");
}

}  // namespace

TEST_CASE("nested includes are counted the way a receiver evaluates them", "[dns][spf]") {
    fake_dns dns;
    add_google(dns);
    dns.spf("spf.protection.outlook.com", "v=spf1 include:spfd.protection.outlook.com ip4:40.92.0.0/15 -all");
    dns.spf("spfd.protection.outlook.com", "v=spf1 ip4:40.107.0.0/16 -all");
    auto report = count_spf_lookups(
        "Contoso.com.", parsed("v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com ~all"),
        dns.lookup());
    CHECK(report.lookups == 1 + 4 + 2);
    CHECK(report.void_lookups == 0);
    CHECK(report.complete);
    CHECK(report.problems.empty());
    CHECK(report.findings.empty());
    CHECK(report.chain == std::vector<std::string>{
                              "mx (1 lookup)",
                              "include:_spf.google.com (4 lookups)",
                              "  include:_netblocks.google.com (1 lookup)",
                              "  include:_netblocks2.google.com (1 lookup)",
                              "  include:_netblocks3.google.com (1 lookup)",
                              "include:spf.protection.outlook.com (2 lookups)",
                              "  include:spfd.protection.outlook.com (1 lookup)",
                          });
}

TEST_CASE("every lookup term counts one; ip4, ip6 and all count none", "[dns][spf]") {
    fake_dns dns;
    auto report = count_spf_lookups(
        "contoso.com",
        parsed("v=spf1 a mx/24 ptr a:mail.contoso.com exists:%{i}._spf.contoso.com ip4:192.0.2.1 ip6:::1 -all"),
        dns.lookup());
    CHECK(report.lookups == 5);
    CHECK(report.problems.empty());
    CHECK(dns.queried.empty());  // a, mx, ptr and exists are counted, not resolved
}

TEST_CASE("terms after all, and a redirect beside all, are never evaluated", "[dns][spf]") {
    fake_dns dns;
    dns.spf("_spf.example.com", "v=spf1 a mx -all");
    auto with_all = count_spf_lookups("contoso.com", parsed("v=spf1 mx -all include:x.example.com redirect=_spf.example.com"),
                                      dns.lookup());
    CHECK(with_all.lookups == 1);
    CHECK(dns.queried.empty());

    // Without all, the redirect is evaluated after every mechanism, wherever it is written.
    auto redirected = count_spf_lookups("contoso.com", parsed("v=spf1 redirect=_spf.example.com mx"), dns.lookup());
    CHECK(redirected.lookups == 1 + 1 + 2);
    CHECK(redirected.chain ==
          std::vector<std::string>{"mx (1 lookup)", "redirect=_spf.example.com (3 lookups)", "  a (1 lookup)",
                                   "  mx (1 lookup)"});
}

TEST_CASE("an include loop is reported and the walk ends", "[dns][spf]") {
    fake_dns dns;
    dns.spf("a.example.com", "v=spf1 include:b.example.com -all");
    dns.spf("b.example.com", "v=spf1 ip4:192.0.2.1 include:contoso.com -all");
    auto report = count_spf_lookups("contoso.com", parsed("v=spf1 include:a.example.com -all"), dns.lookup());
    CHECK(report.lookups == 3);
    CHECK(report.complete);
    CHECK(ids(report) == std::vector<std::string>{"dns.spf.include_loop"});
    REQUIRE(report.problems.size() == 1);
    CHECK_THAT(report.problems[0], Catch::Contains("contoso.com -> a.example.com -> b.example.com -> contoso.com"));
    CHECK(report.chain.back() == "    include:contoso.com (1 lookup; loops back to contoso.com)");

    fake_dns self;
    self.spf("contoso.com", "v=spf1 redirect=contoso.com");
    auto direct = count_spf_lookups("contoso.com", parsed("v=spf1 redirect=CONTOSO.com."), self.lookup());
    CHECK(ids(direct) == std::vector<std::string>{"dns.spf.include_loop"});
    CHECK(self.queried.empty());
}

TEST_CASE("void lookups are counted separately, with a limit of two", "[dns][spf]") {
    fake_dns dns;
    dns.state("empty.example.com", txt_answer::status::nodata);
    dns.txt("blank.example.com", {});
    auto two = count_spf_lookups("contoso.com", parsed("v=spf1 include:gone.example.com include:empty.example.com -all"),
                                 dns.lookup());
    CHECK(two.lookups == 2);
    CHECK(two.void_lookups == 2);
    CHECK(two.complete);
    CHECK(ids(two) == std::vector<std::string>{"dns.spf.target_missing", "dns.spf.target_missing"});
    CHECK_THAT(two.problems[0], Catch::Contains("NXDOMAIN"));
    CHECK_THAT(two.problems[1], Catch::Contains("no TXT records"));
    CHECK(two.chain[0] == "include:gone.example.com (1 lookup; void: NXDOMAIN)");

    auto three = count_spf_lookups(
        "contoso.com",
        parsed("v=spf1 include:gone.example.com include:empty.example.com redirect=blank.example.com"),
        dns.lookup());
    CHECK(three.void_lookups == 3);
    CHECK(ids(three).back() == "dns.spf.too_many_void_lookups");
}

TEST_CASE("a target with no SPF record, two, or a broken one is a finding", "[dns][spf]") {
    fake_dns dns;
    dns.txt("verify.example.com", {"google-site-verification=abc"});
    dns.txt("twice.example.com", {"v=spf1 -all", "v=spf1 mx -all"});
    dns.spf("broken.example.com", "v=spf1 ip4:192.0.2.256 -all");
    auto report = count_spf_lookups(
        "contoso.com",
        parsed("v=spf1 include:verify.example.com include:twice.example.com include:broken.example.com -all"),
        dns.lookup());
    CHECK(report.lookups == 3);
    CHECK(report.void_lookups == 0);  // answers with records are not void, even without SPF
    CHECK(ids(report) ==
          std::vector<std::string>{"dns.spf.target_not_spf", "dns.spf.multiple_records", "dns.spf.target_malformed"});
    CHECK_THAT(report.problems[2], Catch::Contains("192.0.2.256"));
    for (const auto &d : report.findings.items()) {
        CHECK(d.level == severity::error);
        CHECK(d.target == "contoso.com");
    }
}

TEST_CASE("more than 10 lookups through includes is a finding", "[dns][spf]") {
    fake_dns dns;
    add_google(dns);
    dns.spf("_spf.salesforce.com", "v=spf1 exists:%{i}._spf.mta.salesforce.com -all");
    dns.spf("servers.mcsv.net", "v=spf1 ip4:205.201.128.0/20 ip4:198.2.128.0/18 ?all");
    dns.spf("sendgrid.net", "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all");
    dns.spf("mail.zendesk.com", "v=spf1 ip4:192.161.144.0/20 ip4:185.12.80.0/22 ~all");
    dns.spf("spf.protection.outlook.com", "v=spf1 include:spfd.protection.outlook.com -all");
    dns.spf("spfd.protection.outlook.com", "v=spf1 ip4:40.107.0.0/16 -all");
    const auto record = parsed("v=spf1 a mx include:_spf.google.com include:_spf.salesforce.com include:servers.mcsv.net "
                               "include:sendgrid.net include:mail.zendesk.com include:spf.protection.outlook.com -all");
    // Statically only 8 terms: the nesting is what breaks the limit.
    CHECK(record.lookup_terms() == 8);
    auto report = count_spf_lookups("contoso.com", record, dns.lookup());
    CHECK(report.lookups == 2 + 4 + 2 + 1 + 1 + 1 + 2);
    CHECK(report.complete);
    REQUIRE_FALSE(report.problems.empty());
    CHECK(ids(report).front() == "dns.spf.too_many_lookups");
    CHECK_THAT(report.problems.front(), Catch::Contains("13 DNS lookups"));
    CHECK_THAT(report.problems.front(), Catch::Contains("flattening"));
}

TEST_CASE("targets with macros are counted once and marked; %{d} is expanded", "[dns][spf]") {
    fake_dns dns;
    dns.spf("_spf.contoso.com", "v=spf1 mx -all");
    dns.spf("spf.contoso.com", "v=spf1 a -all");
    dns.spf("com.contoso._r.example.net", "v=spf1 ip4:192.0.2.0/24 -all");
    auto report = count_spf_lookups(
        "contoso.com",
        parsed("v=spf1 include:%{ir}.%{v}._spf.example.net exists:%{l}.x.example.com include:spf.%{d2} "
               "include:%{dr}._r.example.net redirect=_spf.%{d}"),
        dns.lookup());
    CHECK(report.lookups == 1 + 1 + 2 + 1 + 2);
    CHECK(report.complete);
    CHECK(report.problems.empty());
    REQUIRE(report.chain.size() == 7);
    CHECK_THAT(report.chain[0], Catch::StartsWith("include:%{ir}.%{v}._spf.example.net (1 lookup; its target uses macros"));
    CHECK(report.chain[1] == "exists:%{l}.x.example.com (1 lookup)");
    CHECK(report.chain[2] == "include:spf.%{d2} (2 lookups)");
    CHECK(report.chain[4] == "include:%{dr}._r.example.net (1 lookup)");
    CHECK(report.chain[5] == "redirect=_spf.%{d} (2 lookups)");
    CHECK(std::find(dns.queried.begin(), dns.queried.end(), "com.contoso._r.example.net") != dns.queried.end());
}

TEST_CASE("a DNS error makes the count incomplete", "[dns][spf]") {
    fake_dns dns;
    dns.state("flaky.example.com", txt_answer::status::error, "SERVFAIL from 192.0.2.53");
    dns.spf("ok.example.com", "v=spf1 mx -all");
    auto report = count_spf_lookups("contoso.com", parsed("v=spf1 include:flaky.example.com include:ok.example.com -all"),
                                    dns.lookup());
    CHECK_FALSE(report.complete);
    CHECK(report.lookups == 3);  // what could be read is still counted
    CHECK(report.void_lookups == 0);
    CHECK(ids(report) == std::vector<std::string>{"dns.spf.lookup_failed"});
    CHECK(report.findings.items()[0].level == severity::warning);
    CHECK_THAT(report.problems[0], Catch::Contains("SERVFAIL from 192.0.2.53"));
}

TEST_CASE("a record included twice is counted twice and fetched once", "[dns][spf]") {
    fake_dns dns;
    dns.spf("shared.example.com", "v=spf1 a mx -all");
    dns.spf("left.example.com", "v=spf1 include:shared.example.com -all");
    auto report = count_spf_lookups(
        "contoso.com", parsed("v=spf1 include:left.example.com include:shared.example.com -all"), dns.lookup());
    CHECK(report.lookups == (1 + 1 + 2) + (1 + 2));
    CHECK(report.problems.empty());
    CHECK(std::count(dns.queried.begin(), dns.queried.end(), "shared.example.com") == 1);
}

TEST_CASE("a hostile tree of includes ends after a bounded number of records", "[dns][spf]") {
    // Every name includes two new names: an endless tree with no loop to detect.
    int queries = 0;
    txt_lookup endless = [&](const std::string &name) {
        ++queries;
        const std::string n = name.substr(1, name.find('.') - 1);
        const auto k = std::stoull(n);
        return txt_answer{txt_answer::status::ok,
                          {"v=spf1 include:n" + std::to_string(2 * k) + ".example.com include:n" +
                           std::to_string(2 * k + 1) + ".example.com -all"},
                          {}};
    };
    auto report = count_spf_lookups("contoso.com", parsed("v=spf1 include:n1.example.com -all"), endless);
    CHECK_FALSE(report.complete);
    CHECK(queries == spf_max_followed_records);
    CHECK(report.lookups > spf_max_lookups);
    const auto found = ids(report);
    CHECK(std::count(found.begin(), found.end(), "dns.spf.walk_limit") == 1);
    CHECK(found.front() == "dns.spf.too_many_lookups");
    CHECK_THAT(report.problems.front(), Catch::Contains("or more"));
}

TEST_CASE("a hand-built record with a broken macro is counted, not expanded", "[dns][spf]") {
    fake_dns dns;
    spf_record record;
    for (std::string spec : {"x.%", "%{", "%{}.example.com"}) {
        spf_mechanism include;
        include.kind = spf_mechanism_kind::include;
        include.domain_spec = spec;
        record.terms.emplace_back(include);
    }
    auto report = count_spf_lookups("contoso.com", record, dns.lookup());
    CHECK(report.lookups == 3);
    CHECK(report.problems.empty());
    CHECK(dns.queried.empty());
}
