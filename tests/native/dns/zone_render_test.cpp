#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "dns/exchange_onprem_records.h"
#include "dns/graph_dns_records.h"
#include "dns/m365_records.h"
#include "dns/teams_essentials_records.h"
#include "dns/zone_render.h"
#include "../support/pfx_factory.h"
#include "../support/temp_dir.h"

using namespace mailint::dns;
using mailint::validate::ipv4_address;

namespace {

struct checkzone_result {
    int exit_code = -1;
    std::string output;
};

// The fragment behind a minimal SOA/NS header, checked by BIND's own parser with every check that
// does not need the network turned into a failure.
checkzone_result named_checkzone(const std::string &zone, const std::string &fragment) {
    mailint::test::temp_dir dir;
    auto file = dir / "zone.db";
    std::string text = "$ORIGIN " + zone + ".\n$TTL 3600\n@ IN SOA ns1." + zone + ". hostmaster." + zone +
                       ". ( 1 3600 900 604800 300 )\n@ IN NS ns1." + zone + ".\nns1 IN A 192.0.2.53\n" +
                       fragment;
    mailint::test::write_file(file, text);
    std::string cmd = std::string(MAILINT_NAMED_CHECKZONE) +
                      " -i local -k fail -m fail -M fail -n fail -S fail " + zone + " '" + file.string() +
                      "' 2>&1";
    checkzone_result r;
    FILE *pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe)) r.output += buf.data();
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

const ipv4_address public_ip(20, 30, 40, 50);

}  // namespace

TEST_CASE("the X2 fragment, exactly", "[dns][zone]") {
    auto dns = exchange_onprem_records("contoso.com", public_ip);
    std::string text = render_zone_fragment(dns.zone, dns.records, {"Public DNS records for Exchange", 3600});
    CHECK(text ==
          "; Public DNS records for Exchange\n"
          "; Records for contoso.com: add them to the zone, or enter each one at the DNS host.\n"
          "$ORIGIN contoso.com.\n"
          "$TTL 3600\n"
          "\n"
          "; Exchange server's public address (router forwards port 25 to Exchange)\n"
          "mail                3600   IN A     20.30.40.50\n"
          "\n"
          "; Delivers mail for contoso.com to mail.contoso.com\n"
          "@                   3600   IN MX    0 mail.contoso.com.\n"
          "\n"
          "; SPF: the domain's own A and MX hosts may send its mail\n"
          "@                   3600   IN TXT   \"v=spf1 a mx ~all\"\n"
          "\n"
          "; Autodiscover for Outlook and mobile devices, served by mail.contoso.com on port 443\n"
          "_autodiscover._tcp  3600   IN SRV   0 0 443 mail.contoso.com.\n");
}

TEST_CASE("named-checkzone accepts the fragments", "[dns][zone]") {
    SECTION("autodiscover SRV") {
        auto dns = exchange_onprem_records("contoso.com", public_ip);
        auto r = named_checkzone(dns.zone, render_zone_fragment(dns.zone, dns.records));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
    SECTION("autodiscover A, another host label and TTL") {
        exchange_onprem_dns_options o;
        o.host_label = "exchange";
        o.ttl = 300;
        o.autodiscover = autodiscover_style::a_record;
        auto dns = exchange_onprem_records("contoso.co.uk", public_ip, o);
        auto r = named_checkzone(dns.zone, render_zone_fragment(dns.zone, dns.records, {"X2", 300}));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
    SECTION("long TXT values with quotes, backslashes and non-ASCII bytes") {
        std::string text = "v=DKIM1; p=" + std::string(400, 'A') + " \"quoted\" back\\slash caf\xC3\xA9";
        std::vector<dns_record> records = {
            make_record("contoso.com", "mail", 3600, a_data{public_ip}, "host\nwith a line break"),
            make_record("contoso.com", "selector1._domainkey", 3600, txt_data{text}, "DKIM"),
            make_record("contoso.com", "autodiscover", 3600, cname_data{"autodiscover.outlook.com"}, "CNAME"),
        };
        auto r = named_checkzone("contoso.com", render_zone_fragment("contoso.com", records));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
}

TEST_CASE("named-checkzone rejects a broken fragment, so the check above can fail", "[dns][zone]") {
    // An MX whose target has no address in the zone.
    std::vector<dns_record> records = {make_record("contoso.com", "@", 3600, mx_data{0, "nothere.contoso.com"}, "")};
    auto r = named_checkzone("contoso.com", render_zone_fragment("contoso.com", records));
    CHECK(r.exit_code != 0);
}

TEST_CASE("TXT values are split into strings of at most 255 bytes and escaped", "[dns][zone]") {
    std::string text = std::string(255, 'a') + std::string(45, 'b');
    auto rec = make_record("contoso.com", "@", 3600, txt_data{text}, "");
    std::string out = render_zone_fragment("contoso.com", std::vector{rec});
    CHECK_THAT(out, Catch::Contains("\"" + std::string(255, 'a') + "\" \"" + std::string(45, 'b') + "\"\n"));

    auto escaped = make_record("contoso.com", "@", 3600, txt_data{"say \"hi\" \\ caf\xC3\xA9\x01"}, "");
    CHECK_THAT(render_zone_fragment("contoso.com", std::vector{escaped}),
               Catch::Contains("\"say \\\"hi\\\" \\\\ caf\\195\\169\\001\"\n"));

    auto empty = make_record("contoso.com", "@", 3600, txt_data{""}, "");
    CHECK_THAT(render_zone_fragment("contoso.com", std::vector{empty}), Catch::Contains("IN TXT   \"\"\n"));

    // Exactly 255 bytes stays one string; 510 makes two.
    auto exact = make_record("contoso.com", "@", 3600, txt_data{std::string(510, 'c')}, "");
    std::string two = render_zone_fragment("contoso.com", std::vector{exact});
    CHECK_THAT(two, Catch::Contains("\"" + std::string(255, 'c') + "\" \"" + std::string(255, 'c') + "\"\n"));
}

TEST_CASE("purposes stay comments even with line breaks", "[dns][zone]") {
    auto rec = make_record("contoso.com", "mail", 3600, a_data{public_ip}, "first\nmail 60 IN A 1.2.3.4");
    std::string out = render_zone_fragment("contoso.com", std::vector{rec});
    CHECK_THAT(out, Catch::Contains("; first mail 60 IN A 1.2.3.4\n"));
    CHECK(out.find("\nmail 60") == std::string::npos);
}

TEST_CASE("owners outside the zone are written absolute", "[dns][zone]") {
    auto rec = make_record("fabrikam.com", "mail", 3600, a_data{public_ip}, "");
    std::string out = render_zone_fragment("contoso.com", std::vector{rec});
    CHECK_THAT(out, Catch::Contains("mail.fabrikam.com.  3600   IN A     20.30.40.50\n"));
}

TEST_CASE("named-checkzone accepts the Microsoft 365 and Teams Essentials sets", "[dns][zone]") {
    SECTION("M365, every optional record, TXT proof") {
        m365_dns_options o;
        o.verification_code = "ms12345678";
        o.mail_cname = true;
        o.skype_cnames = true;
        auto dns = m365_records("contoso.com", o);
        REQUIRE(dns.records.size() == 9);
        auto r = named_checkzone(dns.zone, render_zone_fragment(dns.zone, dns.records, {"M3", 3600, dns.notes}));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
    SECTION("M365, MX proof while migrating") {
        m365_dns_options o;
        o.verification_code = "MS=ms87654321";
        o.proof = ownership_proof::mx;
        o.migration = mail_migration{20, {10}};
        o.ttl = 300;
        auto dns = m365_records("fabrikam.co.uk", o);
        auto r = named_checkzone(dns.zone, render_zone_fragment(dns.zone, dns.records, {"M3", 300, dns.notes}));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
    SECTION("Teams Essentials T2 and T11") {
        for (bool keep : {true, false}) {
            teams_essentials_dns_options o;
            o.verification_code = "ms12345678";
            o.initial_domain = "contoso.onmicrosoft.com";
            o.keep_existing_mx = keep;
            auto dns = teams_essentials_records("contoso.com", o);
            auto notes = dns.notes;
            if (dns.spf_include) notes.push_back(dns.spf_include->purpose);
            auto r = named_checkzone(dns.zone, render_zone_fragment(dns.zone, dns.records, {"T2", 3600, notes}));
            INFO(r.output);
            CHECK(r.exit_code == 0);
        }
    }
    SECTION("Graph's service records") {
        auto answer = nlohmann::json::parse(R"([
 {"recordType":"Mx","label":"contoso.com","ttl":3600,"mailExchange":"contoso-com.mail.protection.outlook.com","preference":0},
 {"recordType":"Txt","label":"contoso.com","ttl":3600,"text":"v=spf1 include:spf.protection.outlook.com ~all"},
 {"recordType":"CName","label":"autodiscover.contoso.com","ttl":3600,"canonicalName":"autodiscover.outlook.com"},
 {"recordType":"Srv","label":"contoso.com","ttl":3600,"nameTarget":"sipdir.online.lync.com","port":443,
  "priority":100,"protocol":"_tls","service":"_sip","weight":1},
 {"recordType":"CName","label":"lyncdiscover.contoso.com","ttl":3600,"canonicalName":"webdir.online.lync.com"}])");
        mailint::diagnostics d;
        auto records = from_graph_json(answer, "contoso.com", d);
        REQUIRE(records.size() == 5);
        auto r = named_checkzone("contoso.com", render_zone_fragment("contoso.com", records));
        INFO(r.output);
        CHECK(r.exit_code == 0);
    }
}

TEST_CASE("notes are comment lines of the header", "[dns][zone]") {
    std::vector<dns_record> none;
    std::string out = render_zone_fragment("contoso.com", none, {"T", 3600, {"keep the MX", "two\nlines"}});
    CHECK(out == "; T\n"
                 "; Records for contoso.com: add them to the zone, or enter each one at the DNS host.\n"
                 "; keep the MX\n"
                 "; two lines\n"
                 "$ORIGIN contoso.com.\n"
                 "$TTL 3600\n");
}
