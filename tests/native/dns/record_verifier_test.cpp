// Test-MailDnsRecord's verdicts, each reached on a zone written for it and served by a real BIND
// (support/dns_server.h); plus one non-conforming server, scripted here, for the one case BIND
// refuses to serve: a CNAME beside other data.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "dns/exchange_onprem_records.h"
#include "dns/record_verifier.h"
#include "dns/resolver.h"
#include "support/dns_server.h"

using namespace mailint;
using namespace mailint::dns;
using mailint::test::dns_server;
using mailint::test::dns_zone;

namespace {

const std::string zone = "contoso.test";
const std::string exo_mx = "contoso-test.mail.protection.outlook.com";

// Microsoft's include as the tests serve it: one nested include, so "include:spf.protection..."
// costs 2 lookups, as the real one does.
const dns_zone outlook{"outlook.com", R"(
spf.protection  TXT "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 include:spfd.protection.outlook.com -all"
spfd.protection TXT "v=spf1 ip4:51.4.72.0/24 -all"
)"};
const dns_zone google{"google.com", R"(
_spf TXT "v=spf1 include:_netblocks.google.com ~all"
_netblocks TXT "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all"
)"};

dns_record rec(std::string name, record_data data) { return make_record(zone, std::move(name), 3600, std::move(data), "test"); }
dns_record mx(std::uint16_t preference, std::string host) { return rec("@", mx_data{preference, std::move(host)}); }
dns_record txt(std::string name, std::string text) { return rec(std::move(name), txt_data{std::move(text)}); }
dns_record cname(std::string name, std::string target) { return rec(std::move(name), cname_data{std::move(target)}); }
dns_record a(std::string name, std::uint8_t last) { return rec(std::move(name), a_data{validate::ipv4_address(192, 0, 2, last)}); }

// The server with contoso.test holding `records`, beside the Microsoft and Google zones.
std::unique_ptr<dns_server> serve(const std::string &records) {
    return std::make_unique<dns_server>(std::vector<dns_zone>{{zone, records}, outlook, google});
}

record_verdict verify_one(dns_server &server, const dns_record &required, verify_options options = {}) {
    resolver r(server.resolver_options());
    auto verdicts = verify_records(std::span<const dns_record>(&required, 1), r, options);
    REQUIRE(verdicts.size() == 1);
    return verdicts.front();
}

}  // namespace

TEST_CASE("verifier: seed X2's records present, missing and different", "[dns][verify]") {
    const auto x2 = exchange_onprem_records("contoso.test", validate::ipv4_address(192, 0, 2, 50));
    REQUIRE(x2.records.size() == 4);

    SECTION("a zone holding them all") {
        auto server = serve(R"(
mail A 192.0.2.50
@ MX 0 mail.contoso.test.
@ TXT "v=spf1 a mx ~all"
@ TXT "google-site-verification=abc"
_autodiscover._tcp SRV 0 0 443 MAIL.contoso.test.
)");
        resolver r(server->resolver_options());
        auto verdicts = verify_records(x2.records, r);
        REQUIRE(verdicts.size() == 4);
        for (const auto &v : verdicts) {
            INFO(v.to_json().dump());
            CHECK(v.status == record_status::present);
            CHECK(v.finding_id() == "dns.verify.present");
        }
        CHECK(verdicts[0].actual == std::vector<std::string>{"192.0.2.50"});
        // SPF "a mx" costs two lookups, reported with the present verdict.
        CHECK(verdicts[2].findings.front().detail["lookups"] == 2);
    }
    SECTION("an empty zone: every record missing, with the value to add") {
        auto server = serve("");
        resolver r(server->resolver_options());
        auto verdicts = verify_records(x2.records, r);
        for (const auto &v : verdicts) {
            INFO(v.to_json().dump());
            CHECK(v.status == record_status::missing);
            CHECK(v.finding_id() == "dns.verify.missing");
            CHECK(v.suggested == expected_value(v.expected));
        }
    }
    SECTION("other values at the same names: different") {
        auto server = serve(R"(
mail A 192.0.2.99
_autodiscover._tcp SRV 0 0 443 autodiscover.elsewhere.example.
)");
        resolver r(server->resolver_options());
        auto verdicts = verify_records(x2.records, r);
        CHECK(verdicts[0].status == record_status::different);
        CHECK(verdicts[0].actual == std::vector<std::string>{"192.0.2.99"});
        CHECK(verdicts[0].message().find("192.0.2.50") != std::string::npos);
        CHECK(verdicts[3].status == record_status::different);
        CHECK(verdicts[3].actual == std::vector<std::string>{"0 0 443 autodiscover.elsewhere.example"});
    }
}

TEST_CASE("verifier: MX to another host, and the migration rule", "[dns][verify]") {
    auto server = serve(R"(
@ MX 10 mail.contoso.test.
@ MX 20 backup.contoso.test.
@ MX 32767 ms12345678.msv1.invalid.
)");

    SECTION("not migrating: mail goes elsewhere, so the Exchange Online MX is different") {
        auto v = verify_one(*server, mx(0, exo_mx));
        CHECK(v.status == record_status::different);
        CHECK(v.finding_id() == "dns.verify.different");
        CHECK(v.suggested == "0 " + exo_mx);
        CHECK(v.actual.size() == 3);
    }
    SECTION("migrating with preference 0: conflicting, never 0") {
        auto v = verify_one(*server, mx(0, exo_mx), {true});
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.mx.preference_zero");
        CHECK(v.suggested == "30 " + exo_mx);
    }
    SECTION("migrating with a preference not above every live MX: conflicting, naming them") {
        auto v = verify_one(*server, mx(15, exo_mx), {true});
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.mx.preference_not_above_live");
        CHECK(v.message().find("20 backup.contoso.test") != std::string::npos);
        CHECK(v.message().find("10 mail.contoso.test") == std::string::npos);  // 15 is above that one
        CHECK(v.findings.front().detail["notAbove"] == nlohmann::json::array({"20 backup.contoso.test"}));
        // The ownership-proof MX (32767, .invalid) receives no mail and does not count.
        CHECK(v.suggested == "30 " + exo_mx);
    }
    SECTION("migrating with a preference above them: missing, the current MX staying") {
        auto v = verify_one(*server, mx(30, exo_mx), {true});
        CHECK(v.status == record_status::missing);
        CHECK(v.message().find("beside the current MX") != std::string::npos);

        server->set_zone({zone, "@ MX 10 mail.contoso.test.\n@ MX 30 " + exo_mx + ".\n"});
        auto again = verify_one(*server, mx(30, exo_mx), {true});
        CHECK(again.status == record_status::present);
    }
    SECTION("the host is there with another preference: different") {
        server->set_zone({zone, "@ MX 0 " + exo_mx + ".\n"});
        auto v = verify_one(*server, mx(10, exo_mx));
        CHECK(v.status == record_status::different);
        CHECK(v.actual == std::vector<std::string>{"0 " + exo_mx});
    }
    SECTION("the ownership-proof MX beside the live one is present") {
        auto v = verify_one(*server, mx(32767, "ms12345678.msv1.invalid"), {true});
        CHECK(v.status == record_status::present);
    }
}

TEST_CASE("verifier: a CNAME where other data is, or other data where a CNAME must be", "[dns][verify]") {
    auto server = serve(R"(
autodiscover A 192.0.2.5
mail CNAME mail.office365.com.
_dmarc TXT "v=DMARC1; p=none"
)");
    SECTION("a required CNAME at a name holding an A record: conflicting") {
        auto v = verify_one(*server, cname("autodiscover", "autodiscover.outlook.com"));
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.cname_conflict");
        CHECK(v.actual == std::vector<std::string>{"A 192.0.2.5"});
        CHECK(v.message().find("RFC 1034") != std::string::npos);
    }
    SECTION("a required A record at a name that is an alias: conflicting") {
        auto v = verify_one(*server, a("mail", 50));
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.cname_conflict");
        CHECK(v.actual == std::vector<std::string>{"CNAME mail.office365.com"});
    }
    SECTION("a required TXT at an alias: conflicting") {
        auto v = verify_one(*server, txt("mail", "MS=ms1"));
        CHECK(v.status == record_status::conflicting);
    }
    SECTION("the required CNAME itself: present") {
        auto v = verify_one(*server, cname("mail", "MAIL.office365.com."));
        CHECK(v.status == record_status::present);
    }
}

namespace {

// A non-conforming DNS server on 127.0.0.1 (some DNS hosts' servers behave like this): it answers
// every query from a fixed table, even a CNAME beside a TXT, which BIND refuses to load.
class scripted_dns_server {
public:
    // (name, type) -> RDATA of each answer; names lower case, without trailing dot.
    using table = std::map<std::pair<std::string, std::uint16_t>, std::vector<std::string>>;

    explicit scripted_dns_server(table answers) : answers_(std::move(answers)) {
        fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
            getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            throw std::runtime_error("scripted DNS server: bind failed");
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~scripted_dns_server() {
        stop_ = true;
        thread_.join();
        close(fd_);
    }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

    static std::string name_rdata(std::string_view name) {
        std::string out;
        while (!name.empty()) {
            const auto dot = name.find('.');
            const auto label = name.substr(0, dot);
            out += static_cast<char>(label.size());
            out += label;
            name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
        }
        return out + '\0';
    }
    static std::string txt_rdata(std::string_view text) { return static_cast<char>(text.size()) + std::string(text); }

private:
    void serve() {
        unsigned char buf[1500];
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0) continue;
            sockaddr_in from{};
            socklen_t len = sizeof from;
            const auto n = recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
            if (n < 17) continue;
            // The question: uncompressed labels from offset 12, then type and class.
            std::size_t at = 12;
            std::string name;
            while (at < static_cast<std::size_t>(n) && buf[at] != 0) {
                const std::size_t l = buf[at];
                if (!name.empty()) name += '.';
                for (std::size_t i = 1; i <= l; ++i) name += static_cast<char>(std::tolower(buf[at + i]));
                at += l + 1;
            }
            const std::size_t question_end = at + 5;
            const std::uint16_t type = static_cast<std::uint16_t>(buf[at + 1] << 8 | buf[at + 2]);
            const auto found = answers_.find({name, type});
            bool name_exists = false;
            for (const auto &[key, _] : answers_) name_exists = name_exists || key.first == name;

            std::string reply(reinterpret_cast<const char *>(buf), 2);  // the query's id
            reply += static_cast<char>(0x84);                           // QR, AA
            reply += static_cast<char>(name_exists ? 0x00 : 0x03);      // NOERROR or NXDOMAIN
            const std::size_t count = found == answers_.end() ? 0 : found->second.size();
            reply += std::string{0, 1, 0, static_cast<char>(count), 0, 0, 0, 0};
            reply.append(reinterpret_cast<const char *>(buf + 12), question_end - 12);
            for (std::size_t i = 0; i < count; ++i) {
                const std::string &rdata = found->second[i];
                reply += std::string{'\xc0', '\x0c', 0, static_cast<char>(type), 0, 1, 0, 0, 0x0e, 0x10};
                reply += static_cast<char>(rdata.size() >> 8);
                reply += static_cast<char>(rdata.size() & 0xff);
                reply += rdata;
            }
            sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr *>(&from), len);
        }
    }

    table answers_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace

TEST_CASE("verifier: a live CNAME beside other data is conflicting (non-conforming server)", "[dns][verify]") {
    scripted_dns_server server({
        {{"autodiscover.contoso.test", 5}, {scripted_dns_server::name_rdata("autodiscover.outlook.com")}},
        {{"autodiscover.contoso.test", 16}, {scripted_dns_server::txt_rdata("left over")}},
    });
    resolver_options o;
    o.servers = {server.address()};
    o.timeout = std::chrono::milliseconds(1000);
    resolver r(o);
    const auto required = cname("autodiscover", "autodiscover.outlook.com");
    auto v = verify_records(std::span<const dns_record>(&required, 1), r);
    REQUIRE(v.size() == 1);
    INFO(v[0].to_json().dump());
    CHECK(v[0].status == record_status::conflicting);
    CHECK(v[0].finding_id() == "dns.verify.cname_conflict");
    CHECK(v[0].message().find("beside other data") != std::string::npos);

    // And a TXT required there: the CNAME beside it is the conflict too.
    const auto verification = txt("autodiscover", "left over");
    auto t = verify_records(std::span<const dns_record>(&verification, 1), r);
    CHECK(t[0].status == record_status::conflicting);
}

TEST_CASE("verifier: SPF duplicates, lookups over 10, missing include, malformed", "[dns][verify]") {
    const auto m365_spf = txt("@", "v=spf1 include:spf.protection.outlook.com -all");

    SECTION("two SPF records: conflicting, one merged record suggested") {
        auto server = serve(R"(
@ TXT "v=spf1 include:_spf.google.com ~all"
@ TXT "v=spf1 ip4:198.51.100.7 -all"
@ TXT "MS=ms12345678"
)");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.spf.duplicate");
        CHECK(v.actual.size() == 2);  // the SPF records only
        REQUIRE(v.suggested);
        CHECK(*v.suggested == "v=spf1 include:_spf.google.com ip4:198.51.100.7 include:spf.protection.outlook.com ~all");
    }
    SECTION("an SPF record needing more than 10 lookups: conflicting, with the chain") {
        // 4 direct terms + include:chain1 which pulls 8 more through nested includes.
        auto server = serve(R"(
@ TXT "v=spf1 a mx include:spf.protection.outlook.com include:chain1.contoso.test -all"
chain1 TXT "v=spf1 include:chain2.contoso.test a:x.contoso.test mx:y.contoso.test ~all"
chain2 TXT "v=spf1 include:chain3.contoso.test exists:%{i}.z.contoso.test ~all"
chain3 TXT "v=spf1 a:one.contoso.test a:two.contoso.test a:three.contoso.test ~all"
)");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.spf.too_many_lookups");
        const auto &detail = v.findings.front().detail;
        CHECK(detail["lookups"] == 13);
        CHECK(detail["complete"] == true);
        REQUIRE(detail["chain"].is_array());
        CHECK(detail["chain"].size() >= 10);
        CHECK(detail["chain"][0] == "a (1 lookup)");
        CHECK(v.message().find("13") != std::string::npos);
        CHECK(v.has_finding("dns.spf.too_many_lookups"));  // the count's own finding follows
    }
    SECTION("an SPF record without the Microsoft include: different, merged record suggested") {
        auto server = serve(R"(@ TXT "v=spf1 include:_spf.google.com ~all")");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::different);
        CHECK(v.finding_id() == "dns.verify.spf.mechanism_missing");
        CHECK(v.suggested == "v=spf1 include:_spf.google.com include:spf.protection.outlook.com ~all");
        CHECK(v.findings.front().detail["missing"] == nlohmann::json::array({"include:spf.protection.outlook.com"}));
        CHECK(v.findings.front().detail["lookups"] == 2);  // _spf.google.com and its nested include
        CHECK(v.findings.size() == 1);
    }
    SECTION("the merged record would exceed 10: the suggestion carries a warning") {
        auto server = serve(R"(
@ TXT "v=spf1 a mx include:chain1.contoso.test ~all"
chain1 TXT "v=spf1 a:1.contoso.test a:2.contoso.test a:3.contoso.test a:4.contoso.test a:5.contoso.test a:6.contoso.test ~all"
)");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::different);  // 9 lookups today: still valid, 11 merged
        CHECK(v.has_finding("dns.verify.spf.suggestion_too_many_lookups"));
    }
    SECTION("the include present (strings split, other all qualifier): present") {
        auto server = serve(R"(
@ TXT "v=spf1 include:spf.protection" ".outlook.com include:_spf.google.com ~all"
@ TXT "MS=ms12345678"
)");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::present);
        CHECK(v.actual == std::vector<std::string>{"v=spf1 include:spf.protection.outlook.com include:_spf.google.com ~all"});
        CHECK(v.findings.front().detail["lookups"] == 4);
    }
    SECTION("the include with a softfail qualifier: different") {
        auto server = serve(R"(@ TXT "v=spf1 ~include:spf.protection.outlook.com -all")");
        auto v = verify_one(*server, m365_spf);
        CHECK(v.status == record_status::different);
        CHECK(v.finding_id() == "dns.verify.spf.mechanism_not_pass");
    }
    SECTION("a malformed SPF record: conflicting") {
        auto server = serve(R"(@ TXT "v=spf1 include: -all")");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.spf.malformed");
    }
    SECTION("an include of a name without SPF: conflicting (receivers: permerror)") {
        auto server = serve(R"(@ TXT "v=spf1 include:spf.protection.outlook.com include:gone.contoso.test -all")");
        auto v = verify_one(*server, m365_spf);
        INFO(v.to_json().dump());
        CHECK(v.status == record_status::conflicting);
        CHECK(v.finding_id() == "dns.verify.spf.permerror");
        CHECK(v.has_finding("dns.spf.target_missing"));
    }
    SECTION("no SPF record, only other TXT: missing") {
        auto server = serve(R"(@ TXT "MS=ms12345678")");
        auto v = verify_one(*server, m365_spf);
        CHECK(v.status == record_status::missing);
        CHECK(v.suggested == "v=spf1 include:spf.protection.outlook.com -all");
    }
}

TEST_CASE("verifier: DKIM selector CNAMEs", "[dns][verify]") {
    const std::string target1 = "selector1-contoso-test._domainkey.contoso.onmicrosoft.com";
    const std::string target2 = "selector2-contoso-test._domainkey.contoso.onmicrosoft.com";
    auto server = serve(R"(
selector1._domainkey CNAME selector1.dkim.other-provider.example.
selector2._domainkey CNAME selector2-contoso-test._domainkey.contoso.onmicrosoft.com.
google._domainkey TXT "v=DKIM1; k=rsa; p=MIIB"
)");
    resolver r(server->resolver_options());
    const std::vector<dns_record> required{cname("selector1._domainkey", target1), cname("selector2._domainkey", target2),
                                           cname("google._domainkey", "elsewhere.example")};
    auto v = verify_records(required, r);
    REQUIRE(v.size() == 3);
    CHECK(v[0].status == record_status::different);
    CHECK(v[0].finding_id() == "dns.verify.dkim.cname_elsewhere");
    CHECK(v[0].actual == std::vector<std::string>{"selector1.dkim.other-provider.example"});
    CHECK(v[0].suggested == target1);
    CHECK(v[1].status == record_status::present);
    // A key published as TXT where a CNAME must go: conflicting.
    CHECK(v[2].status == record_status::conflicting);

    server->set_zone({zone, ""});
    auto gone = verify_records(required, r);
    CHECK(gone[0].status == record_status::missing);
    CHECK(gone[0].message().find("DKIM selector") != std::string::npos);
}

TEST_CASE("verifier: the verification TXT among other TXT records", "[dns][verify]") {
    auto server = serve(R"(
@ TXT "v=spf1 -all"
@ TXT "google-site-verification=abc"
@ TXT "MS=ms12345678"
other TXT "MS=ms99999999"
)");
    resolver r(server->resolver_options());
    const std::vector<dns_record> required{txt("@", "MS=ms12345678"), txt("other", "MS=ms12345678"),
                                           txt("third", "MS=ms12345678")};
    auto v = verify_records(required, r);
    CHECK(v[0].status == record_status::present);
    CHECK(v[0].actual.size() == 3);
    CHECK(v[1].status == record_status::different);  // another tenant's code
    CHECK(v[1].actual == std::vector<std::string>{"MS=ms99999999"});
    CHECK(v[2].status == record_status::missing);
}

TEST_CASE("verifier: unreadable DNS is an error, never missing", "[dns][verify]") {
    const auto x2 = exchange_onprem_records("contoso.test", validate::ipv4_address(192, 0, 2, 50));
    std::vector<dns_record> required = x2.records;
    required.push_back(cname("selector1._domainkey", "x.example"));

    SECTION("a server that does not answer: dns.query.timeout") {
        mailint::test::silent_udp_port silent;
        resolver_options o;
        o.servers = {"127.0.0.1:" + std::to_string(silent.port())};
        o.timeout = std::chrono::milliseconds(100);
        o.tries = 1;
        resolver r(o);
        for (const auto &v : verify_records(required, r)) {
            INFO(v.to_json().dump());
            CHECK(v.status == record_status::error);
            CHECK(v.finding_id() == "dns.query.timeout");
            CHECK(v.message().find("unknown, not absent") != std::string::npos);
        }
    }
    SECTION("an alias is judged by its CNAME even when its target's zone is broken") {
        dns_server server({{zone, "selector1._domainkey CNAME key.broken.test.\n"},
                           {"broken.test", "key CNAME k\nkey TXT \"p=\"\n", true}});
        resolver r(server.resolver_options());
        const auto selector = cname("selector1._domainkey", "key.broken.test");
        auto v = verify_records(std::span<const dns_record>(&selector, 1), r);
        INFO(v[0].to_json().dump());
        CHECK(v[0].status == record_status::present);
    }
    SECTION("a zone its server cannot load: dns.query.servfail") {
        dns_server server({{zone, "x CNAME y\nx TXT \"z\"\n", true}});
        resolver r(server.resolver_options());
        for (const auto &v : verify_records(required, r)) {
            CHECK(v.status == record_status::error);
            CHECK(v.finding_id() == "dns.query.servfail");
        }
    }
}

TEST_CASE("verifier: a thousand domains in one run, queries concurrent", "[dns][verify]") {
    // Each "domain" is dN.bulk.test, with the M3 records Microsoft 365 asks for.
    constexpr int domains = 1000;
    std::string records;
    std::vector<domain_check> checks;
    for (int i = 0; i < domains; ++i) {
        const std::string d = "d" + std::to_string(i);
        const std::string fqdn = d + ".bulk.test";
        const std::string host = "d" + std::to_string(i) + "-bulk-test.mail.protection.outlook.com";
        records += d + " MX 0 " + host + ".\n";
        records += d + " TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n";
        records += d + " TXT \"MS=ms" + std::to_string(10000000 + i) + "\"\n";
        // Every tenth domain still points autodiscover at its old server.
        records += "autodiscover." + d + " CNAME " + (i % 10 ? "autodiscover.outlook.com." : "mail.old.example.") + "\n";
        domain_check check{fqdn, {}, {}};
        check.required.push_back(make_record(fqdn, "@", 3600, mx_data{0, host}, ""));
        check.required.push_back(make_record(fqdn, "@", 3600, txt_data{"v=spf1 include:spf.protection.outlook.com -all"}, ""));
        check.required.push_back(make_record(fqdn, "@", 3600, txt_data{"MS=ms" + std::to_string(10000000 + i)}, ""));
        check.required.push_back(make_record(fqdn, "autodiscover", 3600, cname_data{"autodiscover.outlook.com"}, ""));
        checks.push_back(std::move(check));
    }
    dns_server server({{"bulk.test", records}, outlook});
    resolver r(server.resolver_options());

    const auto started = std::chrono::steady_clock::now();
    auto reports = verify_domains(checks, r);
    const auto elapsed = std::chrono::steady_clock::now() - started;

    REQUIRE(reports.size() == domains);
    int complete = 0, stale_autodiscover = 0;
    for (int i = 0; i < domains; ++i) {
        const auto &report = reports[static_cast<std::size_t>(i)];
        CHECK(report.domain == "d" + std::to_string(i) + ".bulk.test");
        REQUIRE(report.records.size() == 4);
        if (report.all_present()) ++complete;
        if (report.records[3].status == record_status::different) ++stale_autodiscover;
    }
    CHECK(complete == 900);
    CHECK(stale_autodiscover == 100);
    // 9,000 queries (CNAME, MX, TXT at the apex; CNAME and five others at autodiscover) on one
    // channel; one at a time this would be several seconds even on loopback.
    CHECK(elapsed < std::chrono::seconds(20));
    const auto json = reports[1].to_json();
    CHECK(json["allPresent"] == true);
    CHECK(json["records"].size() == 4);
}

TEST_CASE("verifier: verdict JSON for the cmdlet layer", "[dns][verify]") {
    auto server = serve(R"(@ TXT "v=spf1 include:_spf.google.com ~all")");
    auto v = verify_one(*server, txt("@", "v=spf1 include:spf.protection.outlook.com -all"));
    const auto j = v.to_json();
    CHECK(j["name"] == "@");
    CHECK(j["fqdn"] == "contoso.test");
    CHECK(j["type"] == "TXT");
    CHECK(j["status"] == "different");
    CHECK(j["expected"] == "v=spf1 include:spf.protection.outlook.com -all");
    CHECK(j["expectedRecord"]["data"]["text"] == "v=spf1 include:spf.protection.outlook.com -all");
    CHECK(j["actual"] == nlohmann::json::array({"v=spf1 include:_spf.google.com ~all"}));
    CHECK(j["suggested"] == "v=spf1 include:_spf.google.com include:spf.protection.outlook.com ~all");
    CHECK(j["findingId"] == "dns.verify.spf.mechanism_missing");
    CHECK(j["message"].get<std::string>().find("replace it with") != std::string::npos);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["severity"] == "error");
    CHECK(j["findings"][0]["detail"]["chain"].is_array());
}
