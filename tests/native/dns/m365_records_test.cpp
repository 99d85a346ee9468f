#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <vector>

#include "core/diagnostic.h"
#include "core/error.h"
#include "dns/m365_records.h"

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

}  // namespace

TEST_CASE("verification codes are read from every form Graph gives them in", "[dns][m365]") {
    CHECK(parse_verification_code("ms12345678") == "ms12345678");
    CHECK(parse_verification_code("MS=ms12345678") == "ms12345678");
    CHECK(parse_verification_code("ms=MS12345678") == "ms12345678");
    CHECK(parse_verification_code("ms12345678.msv1.invalid") == "ms12345678");
    CHECK(parse_verification_code("MS12345678.MSV1.INVALID.") == "ms12345678");
    CHECK_FALSE(parse_verification_code(""));
    CHECK_FALSE(parse_verification_code("ms"));
    CHECK_FALSE(parse_verification_code("MS="));
    CHECK_FALSE(parse_verification_code("ms1234abcd"));
    CHECK_FALSE(parse_verification_code("xx12345678"));
    CHECK_FALSE(parse_verification_code(" MS=ms12345678"));
    CHECK_FALSE(parse_verification_code("ms12345678901234567"));  // 17 digits
    CHECK_FALSE(parse_verification_code("v=spf1 -all"));
}

TEST_CASE("M3's records for a domain, in the document's order", "[dns][m365]") {
    m365_dns_options o;
    o.verification_code = "MS=ms12345678";
    auto r = m365_records("Contoso.com.", o);
    CHECK(r.zone == "contoso.com");
    REQUIRE(r.records.size() == 6);

    CHECK(r.records[0].name == "@");
    CHECK(r.records[0].data == record_data{txt_data{"MS=ms12345678"}});
    CHECK(r.records[1].name == "@");
    CHECK(r.records[1].data == record_data{mx_data{0, "contoso-com.mail.protection.outlook.com"}});
    CHECK(r.records[2].name == "autodiscover");
    CHECK(r.records[2].fqdn == "autodiscover.contoso.com");
    CHECK(r.records[2].data == record_data{cname_data{"autodiscover.outlook.com"}});
    CHECK(r.records[3].data == record_data{txt_data{"v=spf1 include:spf.protection.outlook.com -all"}});
    CHECK(r.records[4].name == "_sip._tls");
    CHECK(r.records[4].data == record_data{srv_data{100, 1, 443, "sipdir.online.lync.com"}});
    CHECK(r.records[5].name == "_sipfederationtls._tcp");
    CHECK(r.records[5].fqdn == "_sipfederationtls._tcp.contoso.com");
    CHECK(r.records[5].data == record_data{srv_data{100, 1, 5061, "sipfed.online.lync.com"}});
    for (const auto &rec : r.records) {
        CAPTURE(rec.name);
        CHECK(rec.ttl == 3600);
        CHECK_FALSE(rec.purpose.empty());
    }
}

TEST_CASE("both Lync SRV records, and the options that add or remove records", "[dns][m365]") {
    m365_dns_options o;
    o.verification_code = "ms87654321";
    o.proof = ownership_proof::mx;
    o.mail_cname = true;
    o.skype_cnames = true;
    o.ttl = 300;
    auto r = m365_records("fabrikam.co.uk", o);
    std::vector<std::string> names;
    for (const auto &rec : r.records) names.push_back(rec.name + " " + to_string(rec.type()));
    CHECK(names == std::vector<std::string>{"@ MX", "@ MX", "autodiscover CNAME", "mail CNAME", "@ TXT",
                                            "_sip._tls SRV", "_sipfederationtls._tcp SRV", "sip CNAME",
                                            "lyncdiscover CNAME"});
    CHECK(r.records[0].data == record_data{mx_data{32767, "ms87654321.msv1.invalid"}});
    CHECK(r.records[1].data == record_data{mx_data{0, "fabrikam-co-uk.mail.protection.outlook.com"}});
    CHECK(r.records[3].data == record_data{cname_data{"mail.office365.com"}});
    CHECK(r.records[3].ttl == 3600);  // M3 fixes the mail CNAME's TTL at one hour
    CHECK(r.records[0].ttl == 300);
    CHECK(r.records[6].data == record_data{srv_data{100, 1, 5061, "sipfed.online.lync.com"}});
    CHECK(r.records[7].data == record_data{cname_data{"sipdir.online.lync.com"}});
    CHECK(r.records[8].data == record_data{cname_data{"webdir.online.lync.com"}});

    m365_dns_options bare;
    bare.skype_srv = false;
    auto b = m365_records("fabrikam.com", bare);
    REQUIRE(b.records.size() == 3);  // no code: no proof record; no SRV
    CHECK(b.records[0].type() == record_type::mx);
    bool told = false;
    for (const auto &n : b.notes) told = told || n.find("MS=ms") != std::string::npos;
    CHECK(told);
}

TEST_CASE("migration: the Exchange Online MX keeps above the live MX and is never 0", "[dns][m365]") {
    const std::vector<std::uint16_t> live{10, 20};
    CHECK_FALSE(migration_mx_preference_problem(30, live));
    CHECK_FALSE(migration_mx_preference_problem(1, {}));
    REQUIRE(migration_mx_preference_problem(0, {}));
    CHECK(migration_mx_preference_problem(0, live)->id == "validation.dns.mx_preference.zero");
    REQUIRE(migration_mx_preference_problem(20, live));
    CHECK(migration_mx_preference_problem(20, live)->id == "validation.dns.mx_preference.not_above_live");
    CHECK(migration_mx_preference_problem(15, live)->id == "validation.dns.mx_preference.not_above_live");
    CHECK_THAT(migration_mx_preference_problem(15, live)->message, Catch::Contains("e.g. 30"));
    CHECK_THAT(migration_mx_preference_problem(65535, std::vector<std::uint16_t>{65535})->message,
               Catch::Contains("e.g. 65535"));

    m365_dns_options o;
    o.migration = mail_migration{30, live};
    auto r = m365_records("contoso.com", o);
    CHECK(r.records[0].data == record_data{mx_data{30, "contoso-com.mail.protection.outlook.com"}});
    bool told = false;
    for (const auto &n : r.notes) told = told || n.find("lower it") != std::string::npos;
    CHECK(told);

    o.migration = mail_migration{0, {}};
    CHECK(error_id([&] { m365_records("contoso.com", o); }) == "validation.dns.mx_preference.zero");
    o.migration = mail_migration{10, live};
    CHECK(error_id([&] { m365_records("contoso.com", o); }) == "validation.dns.mx_preference.not_above_live");
}

TEST_CASE("from user text: M1's domain rule, the code and the preference are all reported", "[dns][m365]") {
    SECTION("good input") {
        diagnostics d;
        m365_dns_options o;
        o.verification_code = "MS=ms12345678";
        auto r = m365_records("Contoso.COM", o, d);
        REQUIRE(r);
        CHECK(d.empty());
        CHECK(r->zone == "contoso.com");
    }
    SECTION("a third-level domain, a bad code and preference 0 together") {
        diagnostics d;
        m365_dns_options o;
        o.verification_code = "MS=12345678";
        o.migration = mail_migration{0, {10}};
        CHECK_FALSE(m365_records("marketing.contoso.com", o, d));
        REQUIRE(d.items().size() == 3);
        CHECK(d.items()[0].id == "validation.domain.third_level");
        CHECK(d.items()[0].target == "DomainName");
        CHECK(d.items()[1].id == "validation.dns.verification_code.malformed");
        CHECK(d.items()[1].target == "VerificationCode");
        CHECK(d.items()[2].id == "validation.dns.mx_preference.zero");
        CHECK(d.items()[2].target == "MxPreference");
    }
    SECTION("bad names yield an id and no records") {
        for (const char *bad : {"", "contoso", "a..com", "-x.com", "192.168.0.1", "caf\xC3\xA9.com"}) {
            CAPTURE(bad);
            diagnostics d;
            CHECK_FALSE(m365_records(bad, {}, d));
            REQUIRE(d.has_errors());
            CHECK(d.items()[0].id.rfind("validation.domain.", 0) == 0);
        }
        diagnostics d;
        CHECK_FALSE(m365_records(std::string(64, 'a') + ".com", {}, d));
        CHECK(d.items()[0].id == "validation.domain.malformed");
    }
}

TEST_CASE("typed input that breaks the rules throws", "[dns][m365]") {
    m365_dns_options bad_code;
    bad_code.verification_code = "nope";
    CHECK(error_id([&] { m365_records("contoso.com", bad_code); }) == "validation.dns.verification_code.malformed");
    m365_dns_options bad_ttl;
    bad_ttl.ttl = 2147483648u;
    CHECK(error_id([&] { m365_records("contoso.com", bad_ttl); }) == "dns.ttl.out_of_range");
    // 236 bytes: a legal name, but "_sipfederationtls._tcp." makes the SRV owner too long.
    std::string long_domain =
        std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(44, 'd');
    CHECK(error_id([&] { m365_records(long_domain); }) == "validation.domain.malformed");
}

TEST_CASE("a domain too long to dash into one label gets no guessed MX", "[dns][m365]") {
    CHECK(exchange_online_mx_host("contoso.com") == "contoso-com.mail.protection.outlook.com");
    std::string sixty = std::string(60, 'a') + ".com";  // "aaa…-com" is 64 bytes: over a label
    CHECK_FALSE(exchange_online_mx_host(sixty));
    auto r = m365_records(sixty);
    for (const auto &rec : r.records) CHECK(rec.type() != record_type::mx);
    bool told = false;
    for (const auto &n : r.notes) told = told || n.find("cannot be derived") != std::string::npos;
    CHECK(told);
}

TEST_CASE("the proof record on its own", "[dns][m365]") {
    auto txt = ownership_proof_record("contoso.com", "ms1", ownership_proof::txt);
    CHECK(txt.fqdn == "contoso.com");
    CHECK(txt.data == record_data{txt_data{"MS=ms1"}});
    auto mx = ownership_proof_record("contoso.com", "ms1", ownership_proof::mx, 60);
    CHECK(mx.data == record_data{mx_data{32767, "ms1.msv1.invalid"}});
    CHECK(mx.ttl == 60);
}
