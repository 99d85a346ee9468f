#include <catch2/catch.hpp>

#include "core/diagnostic.h"
#include "core/error.h"
#include "dns/exchange_onprem_records.h"

using namespace mailint;
using namespace mailint::dns;
using mailint::validate::ipv4_address;

namespace {

const ipv4_address public_ip(20, 30, 40, 50);

}  // namespace

TEST_CASE("seed X2's four records, in order, with their data", "[dns][exchange]") {
    auto r = exchange_onprem_records("contoso.com", public_ip);
    CHECK(r.zone == "contoso.com");
    CHECK(r.host_name == "mail.contoso.com");
    REQUIRE(r.records.size() == 4);

    const auto &a = r.records[0];
    CHECK(a.name == "mail");
    CHECK(a.fqdn == "mail.contoso.com");
    CHECK(a.ttl == 3600);
    CHECK(a.data == record_data{a_data{public_ip}});

    const auto &mx = r.records[1];
    CHECK(mx.name == "@");
    CHECK(mx.data == record_data{mx_data{0, "mail.contoso.com"}});

    const auto &txt = r.records[2];
    CHECK(txt.name == "@");
    CHECK(txt.data == record_data{txt_data{"v=spf1 a mx ~all"}});

    const auto &srv = r.records[3];
    CHECK(srv.name == "_autodiscover._tcp");
    CHECK(srv.fqdn == "_autodiscover._tcp.contoso.com");
    CHECK(srv.data == record_data{srv_data{0, 0, 443, "mail.contoso.com"}});

    for (const auto &rec : r.records) {
        CAPTURE(rec.name);
        CHECK_FALSE(rec.purpose.empty());
        CHECK(rec.purpose.find('\n') == std::string::npos);
    }
    CHECK(r.certificate_names == std::vector<std::string>{"mail.contoso.com"});
}

TEST_CASE("options: host label, TTL and autodiscover as an A record", "[dns][exchange]") {
    exchange_onprem_dns_options o;
    o.host_label = "Exchange";
    o.ttl = 300;
    o.autodiscover = autodiscover_style::a_record;
    auto r = exchange_onprem_records("Contoso.co.uk.", public_ip, o);
    CHECK(r.zone == "contoso.co.uk");
    CHECK(r.host_name == "exchange.contoso.co.uk");
    REQUIRE(r.records.size() == 4);
    CHECK(r.records[0].name == "exchange");
    CHECK(r.records[1].name == "autodiscover");
    CHECK(r.records[1].data == record_data{a_data{public_ip}});
    CHECK(r.records[2].data == record_data{mx_data{0, "exchange.contoso.co.uk"}});
    CHECK(r.records[3].type() == record_type::txt);
    for (const auto &rec : r.records) {
        CHECK(rec.ttl == 300);
        CHECK(rec.type() != record_type::srv);
    }
    CHECK(r.certificate_names ==
          std::vector<std::string>{"exchange.contoso.co.uk", "autodiscover.contoso.co.uk"});
    bool noted = false;
    for (const auto &n : r.notes)
        noted = noted || (n.find("certificate must cover both exchange.contoso.co.uk and "
                                 "autodiscover.contoso.co.uk") != std::string::npos);
    CHECK(noted);
}

TEST_CASE("options that break DNS rules throw invalid_argument", "[dns][exchange]") {
    exchange_onprem_dns_options bad_label;
    bad_label.host_label = "mail.server";
    CHECK_THROWS_AS(exchange_onprem_records("contoso.com", public_ip, bad_label), mailint::error);
    exchange_onprem_dns_options bad_ttl;
    bad_ttl.ttl = 2147483648u;
    CHECK_THROWS_AS(exchange_onprem_records("contoso.com", public_ip, bad_ttl), mailint::error);
    exchange_onprem_dns_options max_ttl;
    max_ttl.ttl = 2147483647u;
    CHECK_NOTHROW(exchange_onprem_records("contoso.com", public_ip, max_ttl));
    try {
        exchange_onprem_records("contoso.com", public_ip, bad_label);
    } catch (const mailint::error &e) {
        CHECK(e.code() == errc::invalid_argument);
    }
}

TEST_CASE("from user text: the domain and the public IP are validated", "[dns][exchange]") {
    SECTION("good input") {
        diagnostics d;
        auto r = exchange_onprem_records("Contoso.com", "20.30.40.50", {}, d);
        REQUIRE(r);
        CHECK(d.empty());
        CHECK(r->records.size() == 4);
    }
    SECTION("a bad IP and a third-level domain are both reported") {
        diagnostics d;
        CHECK_FALSE(exchange_onprem_records("marketing.contoso.com", "20.30.40.256", {}, d));
        REQUIRE(d.items().size() == 2);
        CHECK(d.items()[0].id == "validation.domain.third_level");
        CHECK(d.items()[0].target == "DomainName");
        CHECK(d.items()[1].id == "validation.ipv4.malformed");
        CHECK(d.items()[1].target == "PublicIpAddress");
    }
    SECTION("IPv6 is refused as such") {
        diagnostics d;
        CHECK_FALSE(exchange_onprem_records("contoso.com", "2001:db8::5", {}, d));
        REQUIRE(d.items().size() == 1);
        CHECK_THAT(d.items()[0].message, Catch::Contains("IPv4 address is required"));
    }
    SECTION("a private address is a warning, and the records are still built") {
        diagnostics d;
        auto r = exchange_onprem_records("contoso.com", "192.168.0.10", {}, d);
        REQUIRE(r);
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.ipv4.not_public");
        CHECK(d.items()[0].level == severity::warning);
        CHECK_FALSE(d.has_errors());
    }
    SECTION("a bad host label is a finding, not an exception") {
        diagnostics d;
        exchange_onprem_dns_options o;
        o.host_label = "-mail";
        CHECK_FALSE(exchange_onprem_records("contoso.com", "20.30.40.50", o, d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.domain.malformed");
        CHECK(d.items()[0].target == "HostLabel");
    }
    SECTION("a domain too long for _autodiscover._tcp.<domain>") {
        // 63+1+63+1+63+1+44 = 236 bytes: a valid name, but "_autodiscover._tcp." makes it 255.
        std::string domain = std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') +
                             "." + std::string(44, 'd');
        CHECK_THROWS_AS(exchange_onprem_records(domain, public_ip), mailint::error);
        exchange_onprem_dns_options a_style;
        a_style.autodiscover = autodiscover_style::a_record;  // "autodiscover." fits: 249 bytes
        CHECK_NOTHROW(exchange_onprem_records(domain, public_ip, a_style));
        diagnostics d;  // from user text such a name is third level before it is too long
        CHECK_FALSE(exchange_onprem_records(domain, "20.30.40.50", {}, d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.domain.third_level");
    }
}
