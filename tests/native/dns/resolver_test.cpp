// The c-ares resolver against a real authoritative BIND on 127.0.0.1 (support/dns_server.h):
// typed answers with TTLs, TXT strings joined, CNAMEs visible, NXDOMAIN / NODATA / failure kept
// apart, and failures never reported as absent records.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/error.h"
#include "dns/resolver.h"
#include "support/dns_server.h"

using namespace mailint;
using namespace mailint::dns;
using mailint::test::dns_server;
using mailint::test::dns_zone;

namespace {

const dns_zone contoso{"contoso.test", R"(
@            600  A     192.0.2.10
@                 MX    10 mail.contoso.test.
@                 MX    20 backup.example.net.
@                 TXT   "v=spf1 " "include:spf.protection.outlook.com" " -all"
@                 TXT   "MS=ms12345678"
mail         120  A     192.0.2.25
mail              AAAA  2001:db8::25
autodiscover 3600 CNAME autodiscover.outlook.com.
www               CNAME mail
dangling          CNAME nowhere
_sipfederationtls._tcp 900 SRV 100 1 5061 sipfed.online.lync.com.
a.b.deep          TXT   "leaf"
)"};

std::string text_of(const resource_record &r) { return std::get<txt_rdata>(r.data).text; }

std::vector<std::string> values(const query_answer &a) {
    std::vector<std::string> out;
    for (const auto &r : a.records) out.push_back(r.value());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("resolver returns typed answers of each type with their TTLs", "[dns][resolver]") {
    dns_server server({contoso});
    resolver r(server.resolver_options());

    auto a = r.query("contoso.test", rr_type::a);
    REQUIRE(a.status == query_status::ok);
    REQUIRE(a.records.size() == 1);
    CHECK(std::get<address_rdata>(a.records[0].data).address == "192.0.2.10");
    CHECK(a.records[0].ttl == 600);
    CHECK(a.records[0].owner == "contoso.test");
    CHECK(a.authoritative);
    CHECK(a.cname_chain.empty());

    auto aaaa = r.query("mail.contoso.test.", rr_type::aaaa);  // trailing dot accepted
    REQUIRE(aaaa.ok());
    CHECK(aaaa.name == "mail.contoso.test");
    CHECK(aaaa.records[0].value() == "2001:db8::25");
    CHECK(aaaa.records[0].ttl == 300);  // the zone's $TTL

    auto mx = r.query("contoso.test", rr_type::mx);
    REQUIRE(mx.ok());
    CHECK(values(mx) == std::vector<std::string>{"10 mail.contoso.test", "20 backup.example.net"});
    for (const auto &rec : mx.records) {
        const auto &d = std::get<mx_data>(rec.data);
        CHECK((d == mx_data{10, "mail.contoso.test"} || d == mx_data{20, "backup.example.net"}));
    }

    auto srv = r.query("_sipfederationtls._tcp.contoso.test", rr_type::srv);
    REQUIRE(srv.ok());
    REQUIRE(srv.records.size() == 1);
    CHECK(std::get<srv_data>(srv.records[0].data) == srv_data{100, 1, 5061, "sipfed.online.lync.com"});
    CHECK(srv.records[0].ttl == 900);
    CHECK(srv.records[0].value() == "100 1 5061 sipfed.online.lync.com");

    auto cname = r.query("autodiscover.contoso.test", rr_type::cname);
    REQUIRE(cname.ok());
    CHECK(std::get<cname_data>(cname.records[0].data).canonical_name == "autodiscover.outlook.com");
    CHECK(cname.records[0].ttl == 3600);
    CHECK(cname.cname_chain.empty());

    auto soa = r.query("contoso.test", rr_type::soa);
    REQUIRE(soa.ok());
    CHECK(std::get<soa_rdata>(soa.records[0].data).primary == "ns.contoso.test");

    auto json = mx.to_json();
    CHECK(json["status"] == "ok");
    CHECK(json["type"] == "MX");
    CHECK(json["records"].size() == 2);
}

TEST_CASE("resolver joins the strings of one TXT record and keeps records apart", "[dns][resolver]") {
    // A 2048-bit DKIM key is longer than one 255-byte string; the TXT set below is bigger than
    // the 1232-byte EDNS buffer, so the reply comes truncated over UDP and again over TCP.
    const std::string part1(255, 'a'), part2(200, 'b');
    std::string big_set;
    for (int i = 0; i < 8; ++i)
        big_set += "big TXT \"record-" + std::to_string(i) + "-" + std::string(240, 'x') + "\"\n";
    dns_server server({{"contoso.test", contoso.records + "selector TXT \"" + part1 + "\" \"" +
                                            part2 + "\"\n" + big_set}});
    resolver r(server.resolver_options());

    auto apex = r.query("contoso.test", rr_type::txt);
    REQUIRE(apex.ok());
    REQUIRE(apex.records.size() == 2);
    auto spf = std::find_if(apex.records.begin(), apex.records.end(),
                            [](const resource_record &rec) { return text_of(rec).starts_with("v=spf1"); });
    REQUIRE(spf != apex.records.end());
    CHECK(text_of(*spf) == "v=spf1 include:spf.protection.outlook.com -all");
    CHECK(std::get<txt_rdata>(spf->data).strings ==
          std::vector<std::string>{"v=spf1 ", "include:spf.protection.outlook.com", " -all"});
    CHECK(values(apex) == std::vector<std::string>{"MS=ms12345678", "v=spf1 include:spf.protection.outlook.com -all"});

    auto key = r.query("selector.contoso.test", rr_type::txt);
    REQUIRE(key.ok());
    REQUIRE(key.records.size() == 1);
    CHECK(text_of(key.records[0]) == part1 + part2);
    CHECK(std::get<txt_rdata>(key.records[0].data).strings.size() == 2);

    auto big = r.query("big.contoso.test", rr_type::txt);
    REQUIRE(big.ok());
    CHECK(big.records.size() == 8);
}

TEST_CASE("resolver keeps NXDOMAIN, NODATA and empty non-terminals apart", "[dns][resolver]") {
    dns_server server({contoso});
    resolver r(server.resolver_options());

    auto missing = r.query("nothing-here.contoso.test", rr_type::txt);
    CHECK(missing.status == query_status::nxdomain);
    CHECK(missing.records.empty());
    CHECK(missing.error_id.empty());

    auto no_txt = r.query("mail.contoso.test", rr_type::txt);  // the name holds A and AAAA only
    CHECK(no_txt.status == query_status::nodata);

    auto no_cname = r.query("contoso.test", rr_type::cname);
    CHECK(no_cname.status == query_status::nodata);

    // b.deep exists because a.b.deep does: NODATA, not NXDOMAIN (RFC 8020).
    auto empty_non_terminal = r.query("b.deep.contoso.test", rr_type::a);
    CHECK(empty_non_terminal.status == query_status::nodata);
}

TEST_CASE("resolver shows the CNAME chain it followed", "[dns][resolver]") {
    dns_server server({contoso});
    resolver r(server.resolver_options());

    SECTION("an alias inside the zone is followed to its records") {
        auto a = r.query("www.contoso.test", rr_type::a);
        REQUIRE(a.ok());
        REQUIRE(a.cname_chain.size() == 1);
        CHECK(a.cname_chain[0].owner == "www.contoso.test");
        CHECK(a.cname_chain[0].value() == "mail.contoso.test");
        CHECK(a.final_name() == "mail.contoso.test");
        REQUIRE(a.records.size() == 1);
        CHECK(a.records[0].owner == "mail.contoso.test");
        CHECK(a.records[0].value() == "192.0.2.25");
    }
    SECTION("an alias to a name that exists without the type is NODATA with the chain") {
        auto txt = r.query("www.contoso.test", rr_type::txt);
        CHECK(txt.status == query_status::nodata);
        REQUIRE(txt.cname_chain.size() == 1);
    }
    SECTION("an alias out of this server's zones is NODATA with the chain (no recursion)") {
        auto a = r.query("autodiscover.contoso.test", rr_type::a);
        CHECK(a.status == query_status::nodata);
        REQUIRE(a.cname_chain.size() == 1);
        CHECK(a.final_name() == "autodiscover.outlook.com");
    }
    SECTION("an alias to a missing name is NXDOMAIN with the chain") {
        auto a = r.query("dangling.contoso.test", rr_type::a);
        CHECK(a.status == query_status::nxdomain);
        REQUIRE(a.cname_chain.size() == 1);
        CHECK(a.final_name() == "nowhere.contoso.test");
    }
    SECTION("asking for the CNAME returns it, without following it") {
        auto c = r.query("www.contoso.test", rr_type::cname);
        REQUIRE(c.ok());
        CHECK(c.cname_chain.empty());
        CHECK(c.records[0].value() == "mail.contoso.test");
    }
}

TEST_CASE("resolver reports failures as errors with ids, never as absent records", "[dns][resolver]") {
    SECTION("a server that never answers: timeout") {
        mailint::test::silent_udp_port silent;
        resolver_options o;
        o.servers = {"127.0.0.1:" + std::to_string(silent.port())};
        o.timeout = std::chrono::milliseconds(150);
        o.tries = 1;
        resolver r(o);
        const auto started = std::chrono::steady_clock::now();
        auto a = r.query("contoso.test", rr_type::mx);
        CHECK(a.status == query_status::error);
        CHECK(a.error_id == "dns.query.timeout");
        CHECK(a.records.empty());
        CHECK(a.error_message.find("MX contoso.test") != std::string::npos);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    }
    SECTION("a port with nothing listening: connection refused") {
        resolver_options o;
        o.servers = {"127.0.0.1:" + std::to_string(mailint::test::unused_local_port())};
        o.timeout = std::chrono::milliseconds(300);
        o.tries = 1;
        resolver r(o);
        auto a = r.query("contoso.test", rr_type::txt);
        CHECK(a.status == query_status::error);
        // On loopback the kernel's ICMP port-unreachable reaches c-ares' connected UDP socket
        // as a refused connection: reported as such, quickly, not as a timeout nor as absence.
        CHECK(a.error_id == "dns.query.connection");
        CHECK(a.records.empty());
    }
    SECTION("a zone that failed to load: SERVFAIL") {
        dns_server server({contoso, {"broken.test", "x CNAME y\nx TXT \"other data\"\n", true}});
        resolver r(server.resolver_options());
        auto a = r.query("x.broken.test", rr_type::txt);
        CHECK(a.status == query_status::error);
        CHECK(a.error_id == "dns.query.servfail");
        // The other zone on the same server is unaffected.
        CHECK(r.query("contoso.test", rr_type::mx).ok());
    }
    SECTION("a name outside the server's zones: REFUSED") {
        dns_server server({contoso});
        resolver r(server.resolver_options());
        auto a = r.query("fabrikam.example", rr_type::a);
        CHECK(a.status == query_status::error);
        CHECK(a.error_id == "dns.query.refused");
    }
    SECTION("a name that cannot be put in a query is refused before any request") {
        resolver_options o;
        o.servers = {"127.0.0.1:" + std::to_string(mailint::test::unused_local_port())};
        resolver r(o);
        auto a = r.query(std::string(64, 'a') + ".contoso.test", rr_type::a);
        CHECK(a.error_id == "dns.query.bad_name");
        CHECK(r.query("", rr_type::a).error_id == "dns.query.bad_name");
        CHECK(r.query("a..b", rr_type::a).error_id == "dns.query.bad_name");
    }
}

TEST_CASE("resolver server list: forms accepted, bad ones refused, next server tried", "[dns][resolver]") {
    for (const char *good : {"127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1", "[2001:db8::1]"}) {
        resolver_options o;
        o.servers = {good};
        CHECK_NOTHROW(resolver(o));
    }
    for (const char *bad : {"dns.example.com", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:",
                            "[::1", "[::1]53", "300.1.1.1", "", "1.2.3"}) {
        resolver_options o;
        o.servers = {bad};
        try {
            resolver r(o);
            FAIL("accepted " << bad);
        } catch (const mailint::error &e) {
            CHECK(e.id() == "dns.resolver.server.malformed");
            CHECK(e.code() == errc::invalid_argument);
        }
    }
    resolver_options zero;
    zero.tries = 0;
    CHECK_THROWS_AS(resolver(zero), mailint::error);
    CHECK_NOTHROW(resolver(resolver_options{}));  // the system's resolvers

    // The first server is silent: the answer comes from the second.
    dns_server server({contoso});
    mailint::test::silent_udp_port silent;
    resolver_options o;
    o.servers = {"127.0.0.1:" + std::to_string(silent.port()), server.address()};
    o.timeout = std::chrono::milliseconds(200);
    o.tries = 2;
    resolver r(o);
    auto mx = r.query("contoso.test", rr_type::mx);
    CHECK(mx.ok());
}

TEST_CASE("resolver runs many queries concurrently on one channel, answers in order", "[dns][resolver]") {
    std::string records;
    for (int i = 0; i < 300; ++i)
        records += "host" + std::to_string(i) + " A 198.51.100." + std::to_string(i % 250) + "\n";
    dns_server server({{"bulk.test", records}});
    auto options = server.resolver_options();
    options.max_in_flight = 40;
    resolver r(options);

    std::vector<question> questions;
    for (int i = 0; i < 300; ++i) questions.push_back({"host" + std::to_string(i) + ".bulk.test", rr_type::a});
    for (int i = 0; i < 100; ++i) questions.push_back({"none" + std::to_string(i) + ".bulk.test", rr_type::a});

    const auto started = std::chrono::steady_clock::now();
    auto answers = r.query_all(questions);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    REQUIRE(answers.size() == questions.size());
    int ok = 0, nx = 0;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        CHECK(answers[i].name == questions[i].name);
        if (i < 300) {
            REQUIRE(answers[i].ok());
            CHECK(answers[i].records[0].value() == "198.51.100." + std::to_string(i % 250));
            ++ok;
        } else {
            CHECK(answers[i].status == query_status::nxdomain);
            ++nx;
        }
    }
    CHECK(ok == 300);
    CHECK(nx == 100);
    // Sequential round trips under load would still be quick on loopback; this only guards
    // against a loop that waits out a timeout per query.
    CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("test DNS server reloads a changed zone", "[dns][resolver]") {
    dns_server server({contoso});
    resolver r(server.resolver_options());
    CHECK(r.query("new.contoso.test", rr_type::txt).status == query_status::nxdomain);

    server.set_zone({"contoso.test", contoso.records + "new TXT \"MS=ms99\"\n"});
    auto a = r.query("new.contoso.test", rr_type::txt);
    REQUIRE(a.ok());
    CHECK(text_of(a.records[0]) == "MS=ms99");

    server.set_zone({"fabrikam.test", "@ MX 0 mx.fabrikam.test.\n"});  // a zone added
    CHECK(r.query("fabrikam.test", rr_type::mx).ok());

    server.set_zone({"fabrikam.test", "x CNAME y\nx A 192.0.2.1\n", true});  // now broken
    CHECK(r.query("fabrikam.test", rr_type::mx).error_id == "dns.query.servfail");
    CHECK(r.query("new.contoso.test", rr_type::txt).ok());
}
