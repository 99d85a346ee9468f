#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dns/spf_record.h"

using namespace mailint::dns;
using mailint::diagnostics;
using mailint::severity;

namespace spf_test {

// Records as published by real senders (some with their own names swapped for example ones),
// all in canonical spelling, so writing them back must give the same bytes. spf_merge_test.cpp
// runs its merge properties over the same list.
extern const std::vector<std::string> real_world_records;
const std::vector<std::string> real_world_records = {
    "v=spf1 include:_spf.google.com ~all",
    "v=spf1 include:spf.protection.outlook.com -all",
    "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
    "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 "
    "ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 "
    "ip4:216.239.32.0/19 ~all",
    "v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 "
    "ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all",
    "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:104.47.0.0/17 "
    "ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 ip6:2a01:111:f403:c000::/51 -all",
    "v=spf1 exists:%{i}._spf.mta.salesforce.com -all",
    "v=spf1 redirect=_spf.facebook.com",
    "v=spf1 a mx ~all",
    "v=spf1 mx -all exp=explain._spf.%{d}",
    "v=spf1 +mx ~a:relay.example.com ?include:partner.example.net -all",
    "v=spf1 ptr -all",
    "v=spf1 mx/24 -all",
    "v=spf1 a:host.example.com//64 -all",
    "v=spf1 a:mail.example.com/24//64 mx:example.net/30 ~all",
    "v=spf1 include:%{ir}.%{v}.%{d}.spf.has.pphosted.com ~all",
    "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} ~all",
    "v=spf1 ip6:::ffff:192.0.2.1 ip6:::1 ip6:2001:DB8:0:0:8:800:200C:417A -all",
    "v=spf1 -all",
    "v=spf1",
    "v=spf1 +all",
    "v=spf1 include:_spf.salesforce.com include:mail.zendesk.com include:servers.mcsv.net include:sendgrid.net ~all",
    "v=spf1 include:amazonses.com ~all",
    "v=spf1 include:mailgun.org include:spf.mandrillapp.com ~all",
    "v=spf1 mx include:spf.protection.outlook.com -all ra=postmaster rp=10 rr=e:f:s:p",
    "v=spf1 a:Mail.Contoso.COM mx:Contoso.com. -all",
    "v=spf1 ip4:192.0.2.10 ip4:198.51.100.0/24 mx ptr:example.org ?all",
    "v=spf1 exists:%{i}.spf.hc0000-01.iphmx.com ~all",
    "v=spf1 ip4:203.0.113.0/24 redirect=_spf.example.com",
    "v=spf1 mx a:%{d} -all moo=%%%_%-%{s}",
    "v=spf1 a:mail.example.com ip6:2001:db8:85a3::8a2e:370:7334/128 ip4:192.0.2.1/32 -all",
    "v=spf1 include:spf.protection.outlook.com. -all",
    "v=spf1 exists:%{l}.%{o}._spf.example.com ?exists:%{p}.%{h}.%{v}.example.com -all",
    "v=spf1 ip4:0.0.0.0/0 ip6:::/0 ?all",
    "v=spf1 include:spf.protection.outlook.com include:_spf.google.com ip4:198.51.100.25 ~all exp=spf-fail.%{d}",
};

}  // namespace spf_test

namespace {

std::vector<std::string> ids(const diagnostics &d, severity level) {
    std::vector<std::string> out;
    for (const auto &item : d.items())
        if (item.level == level) out.push_back(item.id);
    return out;
}

const spf_mechanism &mechanism(const spf_record &r, std::size_t i) { return std::get<spf_mechanism>(r.terms.at(i)); }
const spf_modifier &modifier(const spf_record &r, std::size_t i) { return std::get<spf_modifier>(r.terms.at(i)); }

}  // namespace

TEST_CASE("real-world SPF records parse and are written back byte for byte", "[dns][spf]") {
    REQUIRE(spf_test::real_world_records.size() >= 25);
    for (const auto &text : spf_test::real_world_records) {
        INFO(text);
        diagnostics out;
        auto parsed = parse_spf_record(text, out, "TXT contoso.com");
        REQUIRE(parsed);
        CHECK_FALSE(out.has_errors());
        CHECK(to_string(*parsed) == text);
        diagnostics again;
        auto reparsed = parse_spf_record(to_string(*parsed), again);
        REQUIRE(reparsed);
        CHECK(*reparsed == *parsed);
        CHECK(is_spf_record(text));
    }
}

TEST_CASE("reading tolerates extra spaces and any case; writing is canonical", "[dns][spf]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"v=spf1  a   mx ~all  ", "v=spf1 a mx ~all"},
        {"V=SPF1 MX -ALL", "v=spf1 mx -all"},
        {"v=spf1 Include:_spf.Google.com ~All", "v=spf1 include:_spf.Google.com ~all"},
        {"v=spf1 REDIRECT=_spf.example.com", "v=spf1 redirect=_spf.example.com"},
        {"v=spf1 Exp=Explain.%{D}", "v=spf1 exp=Explain.%{D}"},
        {"v=spf1 ", "v=spf1"},
        {"v=spf1 IP4:192.0.2.0/24 IP6:2001:DB8::/32 -All", "v=spf1 ip4:192.0.2.0/24 ip6:2001:DB8::/32 -all"},
        {"v=spf1 Foo-Bar=x", "v=spf1 Foo-Bar=x"},  // unknown modifiers keep their spelling
    };
    for (const auto &[input, canonical] : cases) {
        INFO(input);
        diagnostics out;
        auto parsed = parse_spf_record(input, out);
        REQUIRE(parsed);
        CHECK(to_string(*parsed) == canonical);
        diagnostics again;
        CHECK(parse_spf_record(to_string(*parsed), again) == parsed);
    }
}

TEST_CASE("mechanisms, qualifiers and modifiers are parsed into their parts", "[dns][spf]") {
    diagnostics out;
    auto r = parse_spf_record("v=spf1 +mx ~a:relay.example.com/24//64 ?include:x.example.net -ip4:192.0.2.0/24 "
                              "ip6:::ffff:192.0.2.1 exists:%{i}.e.example a//64 redirect=_spf.example.com "
                              "exp=why.%{d} ra=postmaster",
                              out);
    REQUIRE(r);
    CHECK(out.empty());
    REQUIRE(r->terms.size() == 10);

    CHECK(mechanism(*r, 0).kind == spf_mechanism_kind::mx);
    CHECK(mechanism(*r, 0).qualifier == spf_qualifier::pass);
    CHECK(mechanism(*r, 0).explicit_plus);

    const auto &a = mechanism(*r, 1);
    CHECK(a.kind == spf_mechanism_kind::a);
    CHECK(a.qualifier == spf_qualifier::softfail);
    CHECK(a.domain_spec == "relay.example.com");
    CHECK(a.ip4_prefix == 24);
    CHECK(a.ip6_prefix == 64);

    CHECK(mechanism(*r, 2).qualifier == spf_qualifier::neutral);
    CHECK(mechanism(*r, 2).domain_spec == "x.example.net");

    const auto &ip4 = mechanism(*r, 3);
    CHECK(ip4.qualifier == spf_qualifier::fail);
    CHECK(ip4.ip4 == mailint::validate::ipv4_address(192, 0, 2, 0));
    CHECK(ip4.ip4_prefix == 24);
    CHECK_FALSE(ip4.explicit_plus);

    const auto &ip6 = mechanism(*r, 4);
    CHECK(ip6.address == "::ffff:192.0.2.1");
    CHECK(ip6.ip6 == ipv6_bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1});
    CHECK_FALSE(ip6.ip6_prefix);

    CHECK(mechanism(*r, 5).domain_spec == "%{i}.e.example");
    CHECK_FALSE(mechanism(*r, 6).ip4_prefix);
    CHECK(mechanism(*r, 6).ip6_prefix == 64);
    CHECK(mechanism(*r, 6).domain_spec.empty());

    CHECK(modifier(*r, 7).kind == spf_modifier_kind::redirect);
    CHECK(modifier(*r, 7).value == "_spf.example.com");
    CHECK(r->redirect() == &modifier(*r, 7));
    CHECK(r->explanation() == &modifier(*r, 8));
    CHECK(modifier(*r, 9).kind == spf_modifier_kind::unknown);
    CHECK(modifier(*r, 9).name == "ra");
    CHECK_FALSE(r->all_index());
    // mx, a, include, exists, a, redirect
    CHECK(r->lookup_terms() == 6);
}

TEST_CASE("malformed SPF records are refused with a stable id and advice", "[dns][spf]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"spf1 -all", "dns.spf.not_spf"},
        {"v=spf10 -all", "dns.spf.not_spf"},
        {"v=spf1\tmx -all", "dns.spf.not_spf"},
        {" v=spf1 -all", "dns.spf.not_spf"},
        {"spf2.0/pra include:x.example.com -all", "dns.spf.not_spf"},
        {"", "dns.spf.not_spf"},
        {"v=spf1 ipv4:192.0.2.1 -all", "dns.spf.unknown_mechanism"},
        {"v=spf1 redirect:_spf.example.com", "dns.spf.unknown_mechanism"},
        {"v=spf1 ip4:192.0.2.256 -all", "dns.spf.bad_ip4"},
        {"v=spf1 ip4:192.0.2 -all", "dns.spf.bad_ip4"},
        {"v=spf1 ip4:2001:db8::1 -all", "dns.spf.bad_ip4"},
        {"v=spf1 ip4 -all", "dns.spf.bad_ip4"},
        {"v=spf1 ip4:010.0.0.1 -all", "dns.spf.bad_ip4"},
        {"v=spf1 ip6:2001:db8::1::2 -all", "dns.spf.bad_ip6"},
        {"v=spf1 ip6:192.0.2.1 -all", "dns.spf.bad_ip6"},
        {"v=spf1 ip6:12345::1 -all", "dns.spf.bad_ip6"},
        {"v=spf1 ip6:fe80::1%eth0 -all", "dns.spf.bad_ip6"},
        {"v=spf1 ip4:192.0.2.0/33 -all", "dns.spf.bad_prefix"},
        {"v=spf1 ip6:2001:db8::/129 -all", "dns.spf.bad_prefix"},
        {"v=spf1 ip4:192.168.0.0/024 -all", "dns.spf.bad_prefix"},
        {"v=spf1 ip4:192.0.2.0/24/ -all", "dns.spf.bad_prefix"},
        {"v=spf1 a:example.com/24/64 -all", "dns.spf.bad_prefix"},
        {"v=spf1 mx/ -all", "dns.spf.bad_prefix"},
        {"v=spf1 ptr/24 -all", "dns.spf.bad_prefix"},
        {"v=spf1 include:spf.example.com/24 -all", "dns.spf.bad_prefix"},
        {"v=spf1 exists:%{x}.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 exists:%{d0}.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 include:%{c}.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 a:50%.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 exists:%{i.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 exists:%{i2q}.example.com -all", "dns.spf.bad_macro"},
        {"v=spf1 moo=%x", "dns.spf.bad_macro"},
        {"v=spf1 redirect=a.example.com redirect=b.example.com", "dns.spf.duplicate_modifier"},
        {"v=spf1 -all exp=a.example.com exp=b.example.com", "dns.spf.duplicate_modifier"},
        {"v=spf1 include: -all", "dns.spf.missing_domain"},
        {"v=spf1 include -all", "dns.spf.missing_domain"},
        {"v=spf1 exists -all", "dns.spf.missing_domain"},
        {"v=spf1 redirect=", "dns.spf.missing_domain"},
        {"v=spf1 a: -all", "dns.spf.missing_domain"},
        {"v=spf1 include:localhost -all", "dns.spf.bad_domain"},
        {"v=spf1 a:192.0.2.1 -all", "dns.spf.bad_domain"},
        {"v=spf1 include:spf..example.com -all", "dns.spf.bad_domain"},
        {"v=spf1 include:example.123 -all", "dns.spf.bad_domain"},
        {"v=spf1 all:example.com", "dns.spf.bad_argument"},
        {"v=spf1 -all/24", "dns.spf.bad_argument"},
        {"v=spf1 -redirect=x.example.com", "dns.spf.bad_term"},
        {"v=spf1 mx.example.com -all", "dns.spf.bad_term"},
        {"v=spf1 - all", "dns.spf.bad_term"},
        {"v=spf1 %{d} -all", "dns.spf.bad_term"},
        {"v=spf1 mx:b\xc3\xbc" "cher.de -all", "dns.spf.bad_character"},
        {"v=spf1 mx -all\r\n", "dns.spf.bad_character"},
    };
    REQUIRE(cases.size() >= 15);
    for (const auto &[text, id] : cases) {
        INFO(text);
        diagnostics out;
        CHECK_FALSE(parse_spf_record(text, out, "TXT contoso.com"));
        REQUIRE(out.first_error());
        CHECK(out.first_error()->id == id);
        CHECK(out.first_error()->target == "TXT contoso.com");
        // One line that names the fault and the fix.
        CHECK(out.first_error()->message.find('\n') == std::string::npos);
        CHECK(out.first_error()->message.find(';') != std::string::npos);
    }
}

TEST_CASE("every malformed term of a record is reported, not only the first", "[dns][spf]") {
    diagnostics out;
    CHECK_FALSE(parse_spf_record("v=spf1 ip4:192.0.2.256 foo:bar include: ip6:::1/200 -all", out));
    CHECK(ids(out, severity::error) ==
          std::vector<std::string>{"dns.spf.bad_ip4", "dns.spf.unknown_mechanism", "dns.spf.missing_domain",
                                   "dns.spf.bad_prefix"});
}

TEST_CASE("messages quote the term and say how to fix it", "[dns][spf]") {
    diagnostics out;
    parse_spf_record("v=spf1 ip4:192.0.2.0/33 -all", out);
    REQUIRE(out.first_error());
    CHECK(out.first_error()->message ==
          "SPF term 'ip4:192.0.2.0/33' has the IPv4 prefix length /33; it is 0 to 32");
    diagnostics unknown;
    parse_spf_record("v=spf1 ipv4:192.0.2.1 -all", unknown);
    REQUIRE(unknown.first_error());
    CHECK_THAT(unknown.first_error()->message, Catch::Contains("ip4:192.0.2.0/24"));
    diagnostics zero;
    parse_spf_record("v=spf1 ip4:192.168.0.0/024 ip4:0.0.0.0/00 -all", zero);
    REQUIRE(zero.items().size() == 2);
    CHECK_THAT(zero.items()[0].message, Catch::EndsWith("write /24"));
    CHECK_THAT(zero.items()[1].message, Catch::EndsWith("write /0"));
    diagnostics dual;
    parse_spf_record("v=spf1 a:example.com/24/64 -all", dual);
    REQUIRE(dual.first_error());
    CHECK_THAT(dual.first_error()->message, Catch::Contains("a/24//64"));
    diagnostics missing;
    parse_spf_record("v=spf1 include: -all", missing);
    REQUIRE(missing.first_error());
    CHECK_THAT(missing.first_error()->message, Catch::Contains("include:spf.protection.outlook.com"));
}

TEST_CASE("questionable but valid records parse with warnings", "[dns][spf]") {
    SECTION("ptr is discouraged") {
        diagnostics out;
        CHECK(parse_spf_record("v=spf1 ptr -all", out));
        CHECK(ids(out, severity::warning) == std::vector<std::string>{"dns.spf.ptr_discouraged"});
    }
    SECTION("terms after all and a redirect beside all are never evaluated") {
        diagnostics out;
        CHECK(parse_spf_record("v=spf1 -all mx redirect=_spf.example.com", out));
        CHECK(ids(out, severity::warning) ==
              std::vector<std::string>{"dns.spf.after_all", "dns.spf.redirect_ignored"});
    }
    SECTION("a mechanism written with '=' is an unknown modifier that receivers ignore") {
        diagnostics out;
        auto r = parse_spf_record("v=spf1 include=spf.protection.outlook.com -all", out);
        REQUIRE(r);
        CHECK(modifier(*r, 0).kind == spf_modifier_kind::unknown);
        CHECK(ids(out, severity::warning) == std::vector<std::string>{"dns.spf.mechanism_as_modifier"});
    }
    SECTION("a record over 450 octets is a DNS-size warning, not an error") {
        std::string text = "v=spf1";
        for (int i = 0; i < 30; ++i) text += " ip4:198.51.100." + std::to_string(i) + "/32";
        text += " -all";
        REQUIRE(text.size() > 450);
        diagnostics out;
        auto r = parse_spf_record(text, out);
        REQUIRE(r);
        CHECK(to_string(*r) == text);
        CHECK(ids(out, severity::warning) == std::vector<std::string>{"dns.spf.too_long"});
        CHECK_FALSE(out.has_errors());
    }
    SECTION("a clean record has no findings at all") {
        diagnostics out;
        CHECK(parse_spf_record("v=spf1 include:spf.protection.outlook.com -all", out));
        CHECK(out.empty());
    }
}

TEST_CASE("is_spf_record tells SPF TXT strings from other TXT strings", "[dns][spf]") {
    CHECK(is_spf_record("v=spf1"));
    CHECK(is_spf_record("v=spf1 -all"));
    CHECK(is_spf_record("V=SPF1 include:spf.protection.outlook.com -all"));
    CHECK(is_spf_record("v=spf1  mx"));
    CHECK_FALSE(is_spf_record("v=spf10 -all"));
    CHECK_FALSE(is_spf_record("v=spf1\t-all"));
    CHECK_FALSE(is_spf_record(" v=spf1 -all"));
    CHECK_FALSE(is_spf_record("spf2.0/pra -all"));
    CHECK_FALSE(is_spf_record("MS=ms12345678"));
    CHECK_FALSE(is_spf_record("google-site-verification=abc"));
    CHECK_FALSE(is_spf_record(""));
    // A domain with two of these has no usable SPF policy: the verifier counts them.
    const std::vector<std::string> txt = {"MS=ms1", "v=spf1 mx -all", "v=spf1 include:spf.protection.outlook.com -all"};
    CHECK(std::count_if(txt.begin(), txt.end(), [](const std::string &s) { return is_spf_record(s); }) == 2);
}

TEST_CASE("parse_spf_term reads one term with the record's checks", "[dns][spf]") {
    diagnostics out;
    auto t = parse_spf_term("include:spf.protection.outlook.com", out);
    REQUIRE(t);
    CHECK(to_string(*t) == "include:spf.protection.outlook.com");
    CHECK_FALSE(parse_spf_term("include:", out));
    CHECK_FALSE(parse_spf_term("", out));
    CHECK(ids(out, severity::error) == std::vector<std::string>{"dns.spf.missing_domain", "dns.spf.bad_term"});
}

TEST_CASE("IPv6 text in every RFC 4291 form", "[dns][spf]") {
    auto bytes = [](std::string_view text) {
        auto r = parse_ipv6(text);
        INFO(std::string(text) + ": " + r.problem);
        REQUIRE(r);
        return *r;
    };
    CHECK(bytes("::") == ipv6_bytes{});
    CHECK(bytes("::1") == ipv6_bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    CHECK(bytes("2001:DB8:0:0:8:800:200C:417A") ==
          ipv6_bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a});
    CHECK(bytes("2001:db8::8:800:200c:417a") == bytes("2001:DB8:0:0:8:800:200C:417A"));
    CHECK(bytes("FF01::101") == bytes("ff01:0:0:0:0:0:0:101"));
    CHECK(bytes("0:0:0:0:0:0:13.1.68.3") == bytes("::d01:4403"));
    CHECK(bytes("::13.1.68.3") == bytes("::d01:4403"));
    CHECK(bytes("::FFFF:129.144.52.38") == bytes("::ffff:8190:3426"));
    CHECK(bytes("1::") == ipv6_bytes{0, 1});
    CHECK(bytes("1:2:3:4:5:6:7::") == bytes("1:2:3:4:5:6:7:0"));
    CHECK(bytes("::2:3:4:5:6:7:8") == bytes("0:2:3:4:5:6:7:8"));
    CHECK(bytes("0001:0db8::") == bytes("1:db8::"));
    CHECK(bytes("1:2:3:4:5:6:192.0.2.1") == bytes("1:2:3:4:5:6:c000:201"));

    for (std::string_view bad : {"", ":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:2:3:4:5:6:7", "g::",
                                 "::ffff:1.2.3", ":1::", "1::2:", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::",
                                 "fe80::1%eth0", "1:2:3:4::5:6:7:8", "[::1]", "::1.2.3.4:5", "::ffff:192.0.2.256"}) {
        INFO(bad);
        auto r = parse_ipv6(bad);
        CHECK_FALSE(r);
        CHECK_FALSE(r.problem.empty());
    }
}

TEST_CASE("has_macro and lookup_terms", "[dns][spf]") {
    CHECK(has_macro("%{i}._spf.example.com"));
    CHECK(has_macro("a%%b.example.com"));
    CHECK_FALSE(has_macro("_spf.google.com"));
    diagnostics out;
    auto r = parse_spf_record("v=spf1 a mx ptr exists:%{i}.x.example include:a.example ip4:192.0.2.1 ip6:::1 "
                              "-all redirect=b.example",
                              out);
    REQUIRE(r);
    CHECK(r->lookup_terms() == 6);
    CHECK(r->all_index() == 7u);
}
