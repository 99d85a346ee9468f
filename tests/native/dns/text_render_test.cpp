#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "dns/exchange_onprem_records.h"
#include "dns/m365_records.h"
#include "dns/text_render.h"
#include "../support/pfx_factory.h"
#include "../support/temp_dir.h"

using namespace mailint::dns;

namespace {

std::string read_all(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("the M3 records as NewDNSRecords text, exactly", "[dns][text]") {
    m365_dns_options o;
    o.verification_code = "ms12345678";
    o.mail_cname = true;
    auto dns = m365_records("contoso.com", o);
    std::vector<dns_record> some = {dns.records[0], dns.records[1], dns.records[3], dns.records[4]};
    std::string text = render_text(dns.zone, some, {{}, {"First note.", "Second\nnote."}});
    CHECK(text ==
          "New DNS records for contoso.com\r\n"
          "===============================\r\n"
          "\r\n"
          "This server does not manage the DNS zone of contoso.com. Add each record below at the domain's "
          "registrar or DNS host; entry forms differ, so ask the registrar if a field is unclear.\r\n"
          "HostName is relative to the domain: \"@\" means contoso.com itself. Host names in Address and "
          "Target are complete names.\r\n"
          "TTL is hours:minutes:seconds (01:00:00 is 3600 seconds).\r\n"
          "\r\n"
          "Notes:\r\n"
          "- First note.\r\n"
          "- Second note.\r\n"
          "\r\n"
          "Record 1 of 4: TXT\r\n"
          "Purpose: Proves to Microsoft 365 that you own contoso.com; it changes nothing else\r\n"
          "Type=TXT\r\n"
          "TTL=01:00:00\r\n"
          "HostName=@\r\n"
          "Text=MS=ms12345678\r\n"
          "\r\n"
          "Record 2 of 4: MX\r\n"
          "Purpose: Routes mail for contoso.com to Exchange Online\r\n"
          "Type=MX\r\n"
          "TTL=01:00:00\r\n"
          "HostName=@\r\n"
          "Address=contoso-com.mail.protection.outlook.com\r\n"
          "Priority=0\r\n"
          "\r\n"
          "Record 3 of 4: CNAME\r\n"
          "Purpose: Optional: Outlook on the web at https://mail.contoso.com instead of the standard address\r\n"
          "Type=CNAME\r\n"
          "TTL=01:00:00\r\n"
          "HostName=mail\r\n"
          "Address=mail.office365.com\r\n"
          "\r\n"
          "Record 4 of 4: TXT\r\n"
          "Purpose: SPF: Microsoft 365's mail servers may send mail for contoso.com, so it is not taken for spam\r\n"
          "Type=TXT\r\n"
          "TTL=01:00:00\r\n"
          "HostName=@\r\n"
          "Text=v=spf1 include:spf.protection.outlook.com -all\r\n");
}

TEST_CASE("SRV records are split into Service, Protocol and HostName; A records have an Address", "[dns][text]") {
    auto m365 = m365_records("contoso.com");
    std::string text = render_text(m365.zone, m365.records);
    CHECK_THAT(text, Catch::Contains("Record 4 of 5: SRV\r\n"
                                     "Purpose: Lync Online (Skype for Business) client discovery\r\n"
                                     "Type=SRV\r\n"
                                     "TTL=01:00:00\r\n"
                                     "Service=_sip\r\n"
                                     "Protocol=_tls\r\n"
                                     "HostName=@\r\n"
                                     "Priority=100\r\n"
                                     "Weight=1\r\n"
                                     "Port=443\r\n"
                                     "Target=sipdir.online.lync.com\r\n"));
    CHECK_THAT(text, Catch::Contains("Service=_sipfederationtls\r\nProtocol=_tcp\r\nHostName=@\r\n"));
    CHECK(text.find("Notes:") == std::string::npos);  // no notes given, none written

    auto x2 = exchange_onprem_records("contoso.com", mailint::validate::ipv4_address(20, 30, 40, 50));
    std::string onprem = render_text(x2.zone, x2.records, {"Exchange", {}});
    CHECK(onprem.rfind("Exchange\r\n========\r\n", 0) == 0);
    CHECK_THAT(onprem, Catch::Contains("Type=A\r\nTTL=01:00:00\r\nHostName=mail\r\nAddress=20.30.40.50\r\n"));

    // An SRV owner that is not _service._protocol keeps its whole name.
    auto odd = make_record("contoso.com", "sip", 60, srv_data{1, 2, 3, "x.example.com."}, "");
    CHECK_THAT(render_text("contoso.com", std::vector{odd}),
               Catch::Contains("Type=SRV\r\nTTL=00:01:00\r\nHostName=sip\r\nPriority=1\r\nWeight=2\r\nPort=3\r\n"
                               "Target=x.example.com\r\n"));
}

TEST_CASE("every field stays on its line", "[dns][text]") {
    auto rec = make_record("contoso.com", "@", 3600, txt_data{"a\r\nType=A\x7f"}, "line\nbreak");
    std::string text = render_text("contoso.com", std::vector{rec}, {"Title\nwith break", {}});
    CHECK_THAT(text, Catch::Contains("Text=a\\013\\010Type=A\\127\r\n"));
    CHECK_THAT(text, Catch::Contains("Purpose: line break\r\n"));
    CHECK(text.rfind("Title with break\r\n================\r\n", 0) == 0);
    // Every LF is part of a CRLF.
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') CHECK((i > 0 && text[i - 1] == '\r'));
}

TEST_CASE("TTLs in Windows' TimeSpan form", "[dns][text]") {
    CHECK(timespan_text(0) == "00:00:00");
    CHECK(timespan_text(300) == "00:05:00");
    CHECK(timespan_text(3600) == "01:00:00");
    CHECK(timespan_text(86399) == "23:59:59");
    CHECK(timespan_text(86400) == "1.00:00:00");
    CHECK(timespan_text(2147483647u) == "24855.03:14:07");
}

TEST_CASE("NewDNSRecords_<n>.txt: the next free n, never overwriting", "[dns][text]") {
    mailint::test::temp_dir dir;
    CHECK(records_file_name(7) == "NewDNSRecords_7.txt");
    CHECK(next_records_file(dir.path()) == dir / "NewDNSRecords_1.txt");

    auto first = write_records_file(dir.path(), "one");
    CHECK(first == dir / "NewDNSRecords_1.txt");
    CHECK(read_all(first) == "one");
    mailint::test::write_file(dir / "NewDNSRecords_2.txt", "someone else's");
    CHECK(next_records_file(dir.path()) == dir / "NewDNSRecords_3.txt");
    auto third = write_records_file(dir.path(), std::string("three\r\n"));
    CHECK(third == dir / "NewDNSRecords_3.txt");
    CHECK(read_all(third) == "three\r\n");
    CHECK(read_all(dir / "NewDNSRecords_2.txt") == "someone else's");
    // A gap is filled first.
    std::filesystem::remove(first);
    CHECK(write_records_file(dir.path(), "") == dir / "NewDNSRecords_1.txt");
    CHECK(std::filesystem::file_size(dir / "NewDNSRecords_1.txt") == 0);
}

TEST_CASE("a missing folder is an error with an id", "[dns][text]") {
    mailint::test::temp_dir dir;
    try {
        write_records_file(dir / "missing", "x");
        FAIL("no exception");
    } catch (const mailint::error &e) {
        CHECK(e.id() == "dns.text_file.folder_not_found");
        CHECK(e.code() == mailint::errc::not_found);
    }
    mailint::test::write_file(dir / "plain", "file");
    CHECK_THROWS_AS(write_records_file(dir / "plain", "x"), mailint::error);
}
