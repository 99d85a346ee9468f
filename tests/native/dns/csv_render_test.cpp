#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dns/csv_render.h"
#include "dns/exchange_onprem_records.h"
#include "dns/m365_records.h"

using namespace mailint::dns;
using mailint::validate::ipv4_address;

namespace {

// A strict RFC 4180 reader, to prove the writer's output reads back field for field.
std::vector<std::vector<std::string>> parse_csv(const std::string &text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            REQUIRE(field.empty());
            quoted = true;
        } else if (c == ',') {
            row.push_back(field);
            field.clear();
        } else if (c == '\r') {
            REQUIRE(i + 1 < text.size());
            REQUIRE(text[i + 1] == '\n');
            ++i;
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
        } else {
            REQUIRE(c != '\n');  // bare LF outside quotes is not RFC 4180
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());
    REQUIRE(row.empty());  // the last record ends with CRLF
    return rows;
}

}  // namespace

TEST_CASE("the X2 records as CSV, exactly", "[dns][csv]") {
    auto dns = exchange_onprem_records("contoso.com", ipv4_address(20, 30, 40, 50));
    CHECK(render_csv(dns.records) ==
          "Name,Type,TTL,Value,Priority,Weight,Port,Purpose\r\n"
          "mail,A,3600,20.30.40.50,,,,Exchange server's public address (router forwards port 25 to Exchange)\r\n"
          "@,MX,3600,mail.contoso.com,0,,,Delivers mail for contoso.com to mail.contoso.com\r\n"
          "@,TXT,3600,v=spf1 a mx ~all,,,,SPF: the domain's own A and MX hosts may send its mail\r\n"
          "_autodiscover._tcp,SRV,3600,mail.contoso.com,0,0,443,"
          "\"Autodiscover for Outlook and mobile devices, served by mail.contoso.com on port 443\"\r\n");
}

TEST_CASE("fields with commas, quotes, line breaks and edge spaces are quoted and read back", "[dns][csv]") {
    std::vector<dns_record> records = {
        make_record("contoso.com", "@", 60, txt_data{"a,b \"c\"\r\nd"}, " padded purpose "),
        make_record("contoso.com", "autodiscover", 60, cname_data{"autodiscover.outlook.com."}, "plain"),
        make_record("contoso.com", "@", 60, mx_data{10, "mx.contoso.com"}, "x, y"),
    };
    std::string csv = render_csv(records);
    CHECK_THAT(csv, Catch::Contains("\"a,b \"\"c\"\"\r\nd\""));
    auto rows = parse_csv(csv);
    REQUIRE(rows.size() == 4);
    for (const auto &row : rows) CHECK(row.size() == 8);
    CHECK(rows[1] == std::vector<std::string>{"@", "TXT", "60", "a,b \"c\"\r\nd", "", "", "", " padded purpose "});
    CHECK(rows[2] == std::vector<std::string>{"autodiscover", "CNAME", "60", "autodiscover.outlook.com", "", "", "",
                                              "plain"});
    CHECK(rows[3] == std::vector<std::string>{"@", "MX", "60", "mx.contoso.com", "10", "", "", "x, y"});
}

TEST_CASE("an empty record list is the header alone", "[dns][csv]") {
    CHECK(render_csv({}) == "Name,Type,TTL,Value,Priority,Weight,Port,Purpose\r\n");
}

TEST_CASE("the M3 records as CSV: SRV in Value, Priority, Weight, Port", "[dns][csv]") {
    m365_dns_options o;
    o.verification_code = "ms12345678";
    auto dns = m365_records("contoso.com", o);
    auto rows = parse_csv(render_csv(dns.records));
    REQUIRE(rows.size() == 7);
    CHECK(rows[1] == std::vector<std::string>{"@", "TXT", "3600", "MS=ms12345678", "", "", "", dns.records[0].purpose});
    CHECK(rows[2] == std::vector<std::string>{"@", "MX", "3600", "contoso-com.mail.protection.outlook.com", "0", "", "",
                                              dns.records[1].purpose});
    CHECK(rows[5] == std::vector<std::string>{"_sip._tls", "SRV", "3600", "sipdir.online.lync.com", "100", "1", "443",
                                              dns.records[4].purpose});
    CHECK(rows[6][0] == "_sipfederationtls._tcp");
    CHECK(rows[6][6] == "5061");
}
