#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dns/spf_merge.h"

using namespace mailint::dns;
using mailint::diagnostics;
using mailint::severity;

namespace spf_test {
// Defined in spf_record_test.cpp: the real-world corpus, so both files test the same records.
extern const std::vector<std::string> real_world_records;
}  // namespace spf_test

namespace {

spf_record parsed(const std::string &text) {
    diagnostics out;
    auto r = parse_spf_record(text, out);
    INFO(text);
    REQUIRE(r);
    return *r;
}

spf_mechanism m365() {
    diagnostics out;
    auto t = parse_spf_term("include:spf.protection.outlook.com", out);
    return std::get<spf_mechanism>(*t);
}

int count_matching(const spf_record &r, const spf_mechanism &wanted) {
    return static_cast<int>(std::count_if(r.terms.begin(), r.terms.end(), [&](const spf_term &t) {
        const auto *m = std::get_if<spf_mechanism>(&t);
        return m && same_mechanism(*m, wanted);
    }));
}

// Whether `original`'s terms appear in `merged` in the same order (other terms may be between).
bool kept_in_order(const spf_record &original, const spf_record &merged) {
    std::size_t next = 0;
    for (const auto &t : merged.terms)
        if (next < original.terms.size() && t == original.terms[next]) ++next;
    return next == original.terms.size();
}

bool has_id(const diagnostics &d, const std::string &id) {
    return std::any_of(d.items().begin(), d.items().end(), [&](const auto &i) { return i.id == id; });
}

}  // namespace

TEST_CASE("a domain without an SPF record gets Microsoft's documented default", "[dns][spf]") {
    for (auto existing : {std::optional<std::string_view>{}, std::optional<std::string_view>{""},
                          std::optional<std::string_view>{"  "}}) {
        auto r = merge_microsoft_365_spf(existing);
        REQUIRE(r.record);
        CHECK(*r.record == "v=spf1 include:spf.protection.outlook.com -all");
        CHECK(r.changed);
        CHECK(r.findings.empty());
        REQUIRE(r.notes.size() == 1);
        CHECK_THAT(r.notes[0], Catch::Contains("no SPF record"));
    }
}

TEST_CASE("the include goes before the all term, which is kept", "[dns][spf]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"v=spf1 include:_spf.google.com ~all",
         "v=spf1 include:_spf.google.com include:spf.protection.outlook.com ~all"},
        {"v=spf1 a mx -all", "v=spf1 a mx include:spf.protection.outlook.com -all"},
        {"v=spf1 ?all", "v=spf1 include:spf.protection.outlook.com ?all"},
        {"v=spf1 mx -all exp=explain._spf.%{d}", "v=spf1 mx include:spf.protection.outlook.com -all exp=explain._spf.%{d}"},
        // The first all is the one receivers stop at.
        {"v=spf1 mx ~all -all", "v=spf1 mx include:spf.protection.outlook.com ~all -all"},
        // Written canonically once changed: names lower-case, single spaces, user's spelling kept.
        {"V=SPF1  A:Mail.Contoso.COM   ~ALL", "v=spf1 a:Mail.Contoso.COM include:spf.protection.outlook.com ~all"},
    };
    for (const auto &[existing, expected] : cases) {
        INFO(existing);
        auto r = merge_microsoft_365_spf(existing);
        REQUIRE(r.record);
        CHECK(*r.record == expected);
        CHECK(r.changed);
        CHECK_FALSE(r.findings.has_errors());
        REQUIRE_FALSE(r.notes.empty());
        CHECK_THAT(r.notes.back(), Catch::Contains("kept"));
    }
}

TEST_CASE("with a redirect and no all the include goes before the redirect, which is kept", "[dns][spf]") {
    auto r = merge_microsoft_365_spf("v=spf1 ip4:192.0.2.0/24 redirect=_spf.example.com exp=x.example.com");
    REQUIRE(r.record);
    CHECK(*r.record ==
          "v=spf1 ip4:192.0.2.0/24 include:spf.protection.outlook.com redirect=_spf.example.com exp=x.example.com");
    REQUIRE(r.notes.size() == 1);
    CHECK_THAT(r.notes[0], Catch::Contains("redirect is kept"));
    CHECK_THAT(r.notes[0], Catch::Contains("_spf.example.com's policy"));

    auto alone = merge_microsoft_365_spf("v=spf1 redirect=_spf.facebook.com");
    REQUIRE(alone.record);
    CHECK(*alone.record == "v=spf1 include:spf.protection.outlook.com redirect=_spf.facebook.com");
}

TEST_CASE("with neither all nor redirect the include follows the last mechanism", "[dns][spf]") {
    auto r = merge_microsoft_365_spf("v=spf1 mx a exp=explain.example.com");
    REQUIRE(r.record);
    CHECK(*r.record == "v=spf1 mx a include:spf.protection.outlook.com exp=explain.example.com");
    REQUIRE(r.notes.size() == 1);
    CHECK_THAT(r.notes[0], Catch::Contains("neutral"));

    auto empty = merge_microsoft_365_spf("v=spf1");
    REQUIRE(empty.record);
    CHECK(*empty.record == "v=spf1 include:spf.protection.outlook.com");
}

TEST_CASE("an include already present is not added again, whatever its spelling", "[dns][spf]") {
    for (std::string existing : {"v=spf1 include:spf.protection.outlook.com -all",
                                 "v=spf1  include:SPF.Protection.Outlook.COM  ~all ",
                                 "v=spf1 +include:spf.protection.outlook.com. mx -all",
                                 "v=spf1 mx redirect=x.example.com include:spf.protection.outlook.com"}) {
        INFO(existing);
        auto r = merge_microsoft_365_spf(existing);
        REQUIRE(r.record);
        CHECK(*r.record == existing);  // byte for byte: an unchanged record is not rewritten
        CHECK_FALSE(r.changed);
        CHECK_FALSE(r.findings.has_errors());
        CHECK_FALSE(has_id(r.findings, "dns.spf.term_not_pass"));
        REQUIRE(r.notes.size() == 1);
        CHECK_THAT(r.notes[0], Catch::Contains("already in the record"));
    }
}

TEST_CASE("an include present with a failing qualifier is kept and called out", "[dns][spf]") {
    for (std::string existing : {"v=spf1 -include:spf.protection.outlook.com ~all",
                                 "v=spf1 ?include:spf.protection.outlook.com -all",
                                 "v=spf1 ~Include:spf.protection.outlook.com -all"}) {
        INFO(existing);
        auto r = merge_microsoft_365_spf(existing);
        REQUIRE(r.record);
        CHECK(*r.record == existing);
        CHECK_FALSE(r.changed);
        CHECK(has_id(r.findings, "dns.spf.term_not_pass"));
        CHECK_FALSE(r.findings.has_errors());
    }
}

TEST_CASE("merge keeps every term in order and adds the include exactly once (corpus)", "[dns][spf]") {
    const auto include = m365();
    for (const auto &text : spf_test::real_world_records) {
        INFO(text);
        const auto original = parsed(text);
        auto once = merge_microsoft_365_spf(text);
        REQUIRE(once.record);
        const auto merged = parsed(*once.record);

        CHECK(kept_in_order(original, merged));
        const int before = count_matching(original, include);
        CHECK(count_matching(merged, include) == std::max(before, 1));
        CHECK(merged.terms.size() == original.terms.size() + (before == 0 ? 1u : 0u));
        CHECK(once.changed == (before == 0));
        // The policy for everyone else is untouched.
        if (original.all_index()) {
            CHECK(std::get<spf_mechanism>(merged.terms[*merged.all_index()]) ==
                  std::get<spf_mechanism>(original.terms[*original.all_index()]));
            CHECK(*merged.all_index() > 0);
            if (before == 0) {
                const auto &just_before = merged.terms[*merged.all_index() - 1];
                REQUIRE(std::holds_alternative<spf_mechanism>(just_before));
                CHECK(same_mechanism(std::get<spf_mechanism>(just_before), include));
            }
        }
        CHECK((merged.redirect() == nullptr) == (original.redirect() == nullptr));

        // Idempotent: merging the result again changes nothing.
        auto twice = merge_microsoft_365_spf(*once.record);
        REQUIRE(twice.record);
        CHECK(*twice.record == *once.record);
        CHECK_FALSE(twice.changed);
    }
}

TEST_CASE("on-premises Exchange (seed X2) uses the same merge with a mx", "[dns][spf]") {
    auto fresh = merge_spf_mechanisms(std::nullopt, "a mx", spf_qualifier::softfail);
    REQUIRE(fresh.record);
    CHECK(*fresh.record == "v=spf1 a mx ~all");
    CHECK(fresh.changed);

    auto hybrid = merge_spf_mechanisms("v=spf1 include:spf.protection.outlook.com -all", "a mx", spf_qualifier::softfail);
    REQUIRE(hybrid.record);
    CHECK(*hybrid.record == "v=spf1 include:spf.protection.outlook.com a mx -all");

    auto partly = merge_spf_mechanisms("v=spf1 MX -all", "a mx", spf_qualifier::softfail);
    REQUIRE(partly.record);
    CHECK(*partly.record == "v=spf1 mx a -all");
    CHECK(partly.notes.size() == 2);  // mx already there; a added

    auto done = merge_spf_mechanisms(*partly.record, "a mx", spf_qualifier::softfail);
    CHECK_FALSE(done.changed);
    CHECK(*done.record == *partly.record);

    // a/24 is a different mechanism from a.
    auto wider = merge_spf_mechanisms("v=spf1 a/24 mx -all", "a mx", spf_qualifier::softfail);
    CHECK(*wider.record == "v=spf1 a/24 mx a -all");
}

TEST_CASE("merging an arbitrary include", "[dns][spf]") {
    auto r = merge_spf_include("v=spf1 include:spf.protection.outlook.com -all", "_spf.google.com");
    REQUIRE(r.record);
    CHECK(*r.record == "v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all");

    auto fresh = merge_spf_include(std::nullopt, "mailgun.org", spf_qualifier::softfail);
    CHECK(*fresh.record == "v=spf1 include:mailgun.org ~all");

    for (std::string bad : {"", "spf example.com", "localhost", "%{z}.example.com"}) {
        INFO(bad);
        auto refused = merge_spf_include("v=spf1 -all", bad);
        CHECK_FALSE(refused.record);
        CHECK_FALSE(refused.changed);
        CHECK(refused.findings.has_errors());
    }
}

TEST_CASE("terms that are no mechanism cannot be merged", "[dns][spf]") {
    for (std::string bad : {"-all", "redirect=x.example.com", "", "ip4:192.0.2.300"}) {
        INFO(bad);
        auto r = merge_spf_mechanisms("v=spf1 mx -all", bad, spf_qualifier::fail);
        CHECK_FALSE(r.record);
        CHECK(r.findings.has_errors());
    }
}

TEST_CASE("a malformed existing record is reported, not rewritten", "[dns][spf]") {
    auto r = merge_microsoft_365_spf("v=spf1 ip4:192.0.2.256 include: -all", "TXT contoso.com");
    CHECK_FALSE(r.record);
    CHECK_FALSE(r.changed);
    REQUIRE(r.findings.first_error());
    CHECK(r.findings.first_error()->id == "dns.spf.bad_ip4");
    CHECK(r.findings.first_error()->target == "TXT contoso.com");
    CHECK(has_id(r.findings, "dns.spf.missing_domain"));
    REQUIRE(r.notes.size() == 1);
    CHECK_THAT(r.notes[0], Catch::Contains("fix them"));

    auto not_spf = merge_microsoft_365_spf("MS=ms12345678");
    CHECK_FALSE(not_spf.record);
    CHECK(not_spf.findings.first_error()->id == "dns.spf.not_spf");
}

TEST_CASE("more than 10 lookup terms still merges, with a finding", "[dns][spf]") {
    const std::string existing =
        "v=spf1 a mx include:a.example.com include:b.example.com include:c.example.com include:d.example.com "
        "include:e.example.com include:f.example.com include:g.example.com exists:%{i}.h.example.com ~all";
    REQUIRE(parsed(existing).lookup_terms() == 10);
    auto r = merge_microsoft_365_spf(existing, "TXT contoso.com");
    REQUIRE(r.record);
    CHECK(r.changed);
    CHECK(parsed(*r.record).lookup_terms() == 11);
    REQUIRE(has_id(r.findings, "dns.spf.too_many_lookups"));
    const auto &finding = r.findings.items().back();
    CHECK(finding.level == severity::warning);
    CHECK(finding.target == "TXT contoso.com");
    CHECK_THAT(finding.message, Catch::Contains("11"));
    CHECK_THAT(finding.message, Catch::Contains("flattening"));
    CHECK_THAT(finding.message, Catch::Contains("no longer use"));

    // At exactly 10 there is no finding.
    auto at_limit = merge_microsoft_365_spf("v=spf1 a mx include:a.example.com include:b.example.com "
                                            "include:c.example.com include:d.example.com include:e.example.com "
                                            "include:f.example.com include:g.example.com -all");
    CHECK_FALSE(has_id(at_limit.findings, "dns.spf.too_many_lookups"));
}

TEST_CASE("same_mechanism compares what a mechanism authorises", "[dns][spf]") {
    auto term = [](const std::string &t) {
        diagnostics out;
        auto parsed_term = parse_spf_term(t, out);
        INFO(t);
        REQUIRE(parsed_term);
        return std::get<spf_mechanism>(*parsed_term);
    };
    CHECK(same_mechanism(term("include:Spf.Protection.Outlook.com."), term("-include:spf.protection.outlook.com")));
    CHECK(same_mechanism(term("ip4:192.0.2.1/24"), term("ip4:192.0.2.0/24")));
    CHECK(same_mechanism(term("ip4:192.0.2.1"), term("ip4:192.0.2.1/32")));
    CHECK_FALSE(same_mechanism(term("ip4:192.0.2.0/24"), term("ip4:192.0.2.0/25")));
    CHECK(same_mechanism(term("ip6:2001:DB8::/32"), term("ip6:2001:db8:ffff::/32")));
    CHECK(same_mechanism(term("ip6:::1"), term("ip6:0:0:0:0:0:0:0:1/128")));
    CHECK(same_mechanism(term("mx"), term("mx/32//128")));
    CHECK_FALSE(same_mechanism(term("mx"), term("a")));
    CHECK_FALSE(same_mechanism(term("a"), term("a:example.com")));
    CHECK_FALSE(same_mechanism(term("include:a.example.com"), term("exists:a.example.com")));
}
