// The Windows DNS Server stand-ins: Get-DnsServerZone, Add-DnsServerPrimaryZone, Get-, Add- and
// Remove-DnsServerResourceRecord, with Windows' rules.
#include "support/helpers.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

json zone_records(emulator_process& emu, const std::string& zone)
{
    const json org = org_state(emu);  // held: a range over a member of a temporary would dangle
    for (const auto& z : org.at("dnsZones"))
        if (z.at("ZoneName") == zone)
            return z.at("records");
    return nullptr;
}

} // namespace

TEST_CASE("DNS server: a primary zone, records of each type added, read back and removed", "[dns-server]")
{
    auto& emu = fresh_emulator();
    CHECK(emu.invoke("Get-DnsServerZone", {{"Name", "contoso.com"}}).status == 404);
    CHECK(emu.invoke("Add-DnsServerPrimaryZone", {{"Name", "contoso.com"}}).status == 400);  // a scope or a file
    REQUIRE(emu.invoke("Add-DnsServerPrimaryZone", {{"Name", "Contoso.com"}, {"ReplicationScope", "Domain"}}).status == 200);
    const auto zone = emu.invoke("Get-DnsServerZone", {{"Name", "contoso.com."}});
    REQUIRE(zone.status == 200);
    CHECK(value_of(zone).at(0).at("ZoneName") == "contoso.com");
    CHECK(value_of(zone).at(0).at("IsDsIntegrated") == true);
    CHECK(emu.invoke("Add-DnsServerPrimaryZone", {{"Name", "contoso.com"}, {"ZoneFile", "contoso.com.dns"}}).status == 400);

    const std::string z = "contoso.com";
    REQUIRE(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}, {"MX", true}, {"MailExchange", "Mail.contoso.com"},
                                                       {"Preference", 10}}).status == 200);
    REQUIRE(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "mail.contoso.com"}, {"A", true}, {"IPv4Address", "203.0.113.10"},
                                                       {"TimeToLive", "00:05:00"}}).status == 200);
    REQUIRE(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}, {"Txt", true}, {"DescriptiveText", "v=spf1 mx -all"}}).status == 200);
    REQUIRE(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "_sip._tls"}, {"Srv", true}, {"DomainName", "sipdir.online.lync.com"},
                                                       {"Priority", 100}, {"Weight", 1}, {"Port", 443}, {"TimeToLive", "1.00:00:00"}}).status == 200);
    REQUIRE(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "autodiscover"}, {"CName", true},
                                                       {"HostNameAlias", "autodiscover.outlook.com"}}).status == 200);
    const json records = zone_records(emu, z);
    REQUIRE(records.size() == 5);
    CHECK(records.at(0) == json::parse(R"({"HostName":"@","RecordType":"MX","RecordClass":"IN","TimeToLive":"01:00:00",
        "RecordData":{"MailExchange":"mail.contoso.com.","Preference":10}})"));
    CHECK(records.at(1).at("HostName") == "mail");  // the FQDN is made relative to the zone
    CHECK(records.at(1).at("TimeToLive") == "00:05:00");
    CHECK(records.at(3).at("TimeToLive") == "1.00:00:00");
    CHECK(records.at(3).at("RecordData") == json::parse(R"({"DomainName":"sipdir.online.lync.com.","Port":443,"Priority":100,"Weight":1})"));

    // Reads: by name (all types), by name and type; a name with nothing is a 404 as on Windows.
    CHECK(value_of(emu.invoke("Get-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}})).size() == 2);
    CHECK(value_of(emu.invoke("Get-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}, {"RRType", "txt"}})).size() == 1);
    CHECK(value_of(emu.invoke("Get-DnsServerResourceRecord", {{"ZoneName", z}})).size() == 5);
    const auto none = emu.invoke("Get-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "nothere"}, {"ComputerName", "DC01"}});
    CHECK(none.status == 404);
    CHECK(none.error_text() == "Failed to get nothere record in contoso.com zone on DC01 server.");
    CHECK(emu.invoke("Get-DnsServerResourceRecord", {{"ZoneName", "fabrikam.com"}}).status == 404);

    // Windows' rules: no duplicate, a CNAME alone at its name, values that parse.
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}, {"Txt", true}, {"DescriptiveText", "v=spf1 mx -all"}})
              .error_text().find("DNS_ERROR_RECORD_ALREADY_EXISTS") != std::string::npos);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "mail"}, {"CName", true}, {"HostNameAlias", "x.example"}})
              .error_text().find("DNS_ERROR_CNAME_COLLISION") != std::string::npos);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "autodiscover"}, {"A", true}, {"IPv4Address", "203.0.113.11"}})
              .error_text().find("DNS_ERROR_CNAME_COLLISION") != std::string::npos);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "x"}, {"A", true}, {"IPv4Address", "300.1.1.1"}}).status == 400);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "x"}, {"A", true}, {"MX", true}, {"IPv4Address", "192.0.2.1"}}).status == 400);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "x"}, {"A", true}, {"IPv4Address", "192.0.2.1"}, {"TimeToLive", "3600"}}).status == 400);
    CHECK(zone_records(emu, z).size() == 5);

    // Remove names the record by its data; one that is not there is a 404.
    CHECK(emu.invoke("Remove-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "autodiscover"}, {"RRType", "CNAME"}, {"RecordData", "elsewhere.example"}, {"Force", true}}).status == 404);
    REQUIRE(emu.invoke("Remove-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "autodiscover"}, {"RRType", "CNAME"},
                                                          {"RecordData", "autodiscover.outlook.com."}, {"Force", true}}).status == 200);
    REQUIRE(emu.invoke("Remove-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "@"}, {"RRType", "TXT"}, {"RecordData", "v=spf1 mx -all"}, {"Force", true}}).status == 200);
    CHECK(zone_records(emu, z).size() == 3);
    CHECK(emu.invoke("Add-DnsServerResourceRecord", {{"ZoneName", z}, {"Name", "autodiscover"}, {"A", true}, {"IPv4Address", "203.0.113.11"}}).status == 200);
}
