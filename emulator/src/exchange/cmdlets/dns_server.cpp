// The Windows Server DNS Server cmdlets (DnsServer module) of the on-premises server, for the
// zones the administrator's own DNS server hosts (seed X10's split DNS; Publish-MailDnsRecord):
// Get-DnsServerZone, Add-DnsServerPrimaryZone, Get-, Add- and Remove-DnsServerResourceRecord, for
// A, MX, CNAME, TXT and SRV records, with the rules Windows applies (no duplicate record, no CNAME
// beside other data, a record's name inside its zone).
//
// State: org["dnsZones"] = [{"ZoneName","ZoneType":"Primary","IsDsIntegrated","IsReverseLookupZone",
// "IsAutoCreated","records":[{"HostName":"@"|"mail"|"_sip._tls","RecordType":"MX","RecordClass":"IN",
// "TimeToLive":"01:00:00","RecordData":{…}}]}]. RecordData members as the DnsServer module's
// CimInstances name them: IPv4Address; MailExchange, Preference; HostNameAlias; DescriptiveText;
// DomainName, Port, Priority, Weight. Host names in data are absolute with the trailing dot.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "util/text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

namespace emulator::exchange {
namespace {

constexpr std::string_view cim = "Microsoft.Management.Infrastructure.CimException";
constexpr std::array<std::string_view, 5> record_types = {"A", "MX", "CNAME", "TXT", "SRV"};

json& zones(json& org) { return collection(org, "dnsZones"); }

std::string_view trim_dot(std::string_view name)
{
    while (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    return name;
}

std::string server_name(const cmdlet_context& context)
{
    return context.params.string("ComputerName").value_or("localhost");
}

[[noreturn]] void cim_error(int status, const std::string& message) { throw cmdlet_error(status, cim, message); }

json* find_zone(json& org, std::string_view name)
{
    for (auto& zone : zones(org))
        if (iequals(zone.value("ZoneName", ""), trim_dot(name)))
            return &zone;
    return nullptr;
}

json& require_zone(cmdlet_context& context, std::string_view name)
{
    if (json* zone = find_zone(context.org, name))
        return *zone;
    cim_error(404, "Failed to get the zone information for " + std::string(name) + " on server " + server_name(context) + ".");
}

// "@", "" and the zone's own name are the apex; "mail.contoso.com" in zone contoso.com is "mail".
std::string relative_name(const std::string& zone, std::string_view given)
{
    std::string name = to_lower(trim_dot(trim(given)));
    const std::string z = to_lower(zone);
    if (name.empty() || name == "@" || name == z)
        return "@";
    if (name.size() > z.size() + 1 && name.ends_with("." + z))
        return name.substr(0, name.size() - z.size() - 1);
    return name;
}

std::string absolute(std::string_view host)
{
    std::string h = to_lower(trim(host));
    if (!h.empty() && h.back() != '.')
        h += '.';
    return h;
}

// A TimeSpan as PowerShell binds it from text ("01:00:00", "1.00:00:00", "3600" is not one).
std::string time_to_live(const cmdlet_context& context)
{
    const auto given = context.params.string("TimeToLive");
    if (!given)
        return "01:00:00";  // the zone's default, one hour
    const std::string text(trim(*given));
    int days = 0, h = 0, m = 0, s = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%d.%d:%d:%d%c", &days, &h, &m, &s, &tail) == 4 ||
        (days = 0, std::sscanf(text.c_str(), "%d:%d:%d%c", &h, &m, &s, &tail) == 3)) {
        if (h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60 && days >= 0) {
            char out[32];
            if (days > 0)
                std::snprintf(out, sizeof out, "%d.%02d:%02d:%02d", days, h, m, s);
            else
                std::snprintf(out, sizeof out, "%02d:%02d:%02d", h, m, s);
            return out;
        }
    }
    throw_invalid_argument("TimeToLive", "Cannot convert value \"" + text + "\" to type \"System.TimeSpan\".");
}

int uint16_parameter(const cmdlet_context& context, std::string_view name)
{
    const auto text = context.params.string(name);
    if (!text)
        throw_parameter_binding("Cannot process command because of one or more missing mandatory parameters: " +
                                std::string(name) + ".");
    return static_cast<int>(parse_integer(name, *text, 0, 65535));
}

std::string required_text(const cmdlet_context& context, std::string_view name)
{
    const auto text = context.params.string(name);
    if (!text || trim(*text).empty())
        throw_parameter_binding("Cannot process command because of one or more missing mandatory parameters: " +
                                std::string(name) + ".");
    return *text;
}

// The record Add-DnsServerResourceRecord describes: exactly one of -A, -MX, -CName, -Txt, -Srv.
json record_from_parameters(const cmdlet_context& context, const std::string& name)
{
    std::vector<std::string> kinds;
    for (const auto* flag : {"A", "MX", "CName", "Txt", "Srv"})
        if (context.params.switch_on(flag))
            kinds.emplace_back(flag);
    if (kinds.size() != 1)
        throw_parameter_binding("Parameter set cannot be resolved using the specified named parameters.");
    const std::string kind = to_upper(kinds.front());
    json data;
    if (kind == "A") {
        const std::string address(trim(required_text(context, "IPv4Address")));
        in_addr parsed{};
        if (inet_pton(AF_INET, address.c_str(), &parsed) != 1)
            throw_invalid_argument("IPv4Address", "Cannot convert value \"" + address + "\" to type \"System.Net.IPAddress\".");
        data = {{"IPv4Address", address}};
    } else if (kind == "MX") {
        data = {{"MailExchange", absolute(parse_host_name("MailExchange", required_text(context, "MailExchange")))},
                {"Preference", uint16_parameter(context, "Preference")}};
    } else if (kind == "CNAME") {
        data = {{"HostNameAlias", absolute(required_text(context, "HostNameAlias"))}};
    } else if (kind == "TXT") {
        data = {{"DescriptiveText", required_text(context, "DescriptiveText")}};
    } else {
        data = {{"DomainName", absolute(required_text(context, "DomainName"))},
                {"Port", uint16_parameter(context, "Port")},
                {"Priority", uint16_parameter(context, "Priority")},
                {"Weight", uint16_parameter(context, "Weight")}};
    }
    // Members in the order Get-DnsServerResourceRecord prints them.
    return {{"HostName", name}, {"RecordType", kind}, {"RecordClass", "IN"}, {"TimeToLive", time_to_live(context)}, {"RecordData", data}};
}

// The value Remove-DnsServerResourceRecord's -RecordData names a record by, as the DnsServer
// module matches it: the address, the alias or exchange host (trailing dot optional), the text.
bool data_matches(const json& record, std::string_view given)
{
    const json& data = record.at("RecordData");
    const std::string type = record.value("RecordType", "");
    if (type == "A")
        return trim(given) == data.value("IPv4Address", "");
    if (type == "TXT")
        return given == data.value("DescriptiveText", "");
    const char* host = type == "MX" ? "MailExchange" : type == "CNAME" ? "HostNameAlias" : "DomainName";
    return absolute(given) == data.value(host, "");
}

json get_zone(cmdlet_context& context)
{
    if (const auto name = context.params.string("Name")) {
        json zone = require_zone(context, *name);
        zone.erase("records");
        return json::array({zone});
    }
    json all = json::array();
    for (json zone : zones(context.org)) {
        zone.erase("records");
        all.push_back(std::move(zone));
    }
    return all;
}

json add_primary_zone(cmdlet_context& context)
{
    const std::string name = to_lower(trim_dot(parse_domain_name("Name", required_text(context, "Name"))));
    if (find_zone(context.org, name))
        cim_error(400, "Failed to create zone " + name + " on server " + server_name(context) +
                           ". The zone already exists.");
    const bool ds = context.params.has("ReplicationScope");
    if (!ds && !context.params.has("ZoneFile"))
        throw_parameter_binding("Parameter set cannot be resolved using the specified named parameters.");
    constexpr std::array<std::string_view, 3> updates = {"None", "Secure", "NonsecureAndSecure"};
    const std::string update = parse_enum("DynamicUpdate", context.params.string("DynamicUpdate").value_or(ds ? "Secure" : "None"),
                                          "Microsoft.DnsServer.Commands.DynamicUpdate", updates);
    if (!ds && update == "Secure")
        cim_error(400, "Failed to create zone " + name + " on server " + server_name(context) +
                           ". Secure dynamic updates need an Active Directory-integrated zone.");
    if (const auto scope = context.params.string("ReplicationScope")) {
        constexpr std::array<std::string_view, 4> scopes = {"Forest", "Domain", "Legacy", "Custom"};
        parse_enum("ReplicationScope", *scope, "System.String", scopes);
    }
    json zone = {{"ZoneName", name}, {"ZoneType", "Primary"}, {"IsDsIntegrated", ds}, {"IsReverseLookupZone", false},
                 {"IsAutoCreated", false}, {"DynamicUpdate", update}, {"records", json::array()}};
    zones(context.org).push_back(zone);
    zone.erase("records");
    return json::array({zone});
}

json get_resource_record(cmdlet_context& context)
{
    json& zone = require_zone(context, required_text(context, "ZoneName"));
    const std::string zone_name = zone.value("ZoneName", "");
    const auto name = context.params.string("Name");
    const std::string wanted = name ? relative_name(zone_name, *name) : "";
    std::string type;
    if (const auto t = context.params.string("RRType"))
        type = parse_enum("RRType", *t, "System.String", record_types);
    json out = json::array();
    for (const auto& record : zone["records"])
        if ((!name || record.value("HostName", "") == wanted) && (type.empty() || record.value("RecordType", "") == type))
            out.push_back(record);
    if (name && out.empty())
        cim_error(404, "Failed to get " + wanted + " record in " + zone_name + " zone on " + server_name(context) + " server.");
    return out;
}

json add_resource_record(cmdlet_context& context)
{
    json& zone = require_zone(context, required_text(context, "ZoneName"));
    const std::string zone_name = zone.value("ZoneName", "");
    const std::string name = relative_name(zone_name, required_text(context, "Name"));
    const json record = record_from_parameters(context, name);
    const std::string failed = "Failed to create resource record " + name + " in " + zone_name + " zone on " +
                               server_name(context) + " server.";
    json& records = zone["records"];
    for (const auto& existing : records) {
        if (existing.value("HostName", "") != name)
            continue;
        const bool existing_cname = existing.value("RecordType", "") == "CNAME";
        const bool new_cname = record.value("RecordType", "") == "CNAME";
        // RFC 1034 §3.6.2, which Windows enforces: a CNAME is the only data at its name.
        if (existing_cname || new_cname)
            cim_error(400, failed + " A CNAME record cannot share its name with other records (DNS_ERROR_CNAME_COLLISION).");
        if (existing.value("RecordType", "") == record.value("RecordType", "") && existing["RecordData"] == record["RecordData"])
            cim_error(400, failed + " Resource record already exists (DNS_ERROR_RECORD_ALREADY_EXISTS).");
    }
    records.push_back(record);
    return context.params.switch_on("PassThru") ? json::array({record}) : json::array();
}

json remove_resource_record(cmdlet_context& context)
{
    json& zone = require_zone(context, required_text(context, "ZoneName"));
    const std::string zone_name = zone.value("ZoneName", "");
    const std::string name = relative_name(zone_name, required_text(context, "Name"));
    const std::string type = parse_enum("RRType", required_text(context, "RRType"), "System.String", record_types);
    const auto data = context.params.has("RecordData") ? std::optional(context.params.list("RecordData")) : std::nullopt;
    json& records = zone["records"];
    const auto before = records.size();
    json kept = json::array();
    for (auto& record : records) {
        const bool hit = record.value("HostName", "") == name && record.value("RecordType", "") == type &&
                         (!data || std::any_of(data->begin(), data->end(),
                                               [&](const std::string& d) { return data_matches(record, d); }));
        if (!hit)
            kept.push_back(std::move(record));
    }
    if (kept.size() == before)
        cim_error(404, "Failed to get " + name + " record in " + zone_name + " zone on " + server_name(context) + " server.");
    records = std::move(kept);
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> dns_server_cmdlets()
{
    const param_spec computer{"ComputerName", param_kind::string};
    return {
        {"Get-DnsServerZone", {{"Name", param_kind::string}, computer}, get_zone},
        {"Add-DnsServerPrimaryZone",
         {{"Name", param_kind::string, true}, {"ReplicationScope", param_kind::string}, {"ZoneFile", param_kind::string},
          {"DynamicUpdate", param_kind::string}, {"PassThru", param_kind::switch_flag}, computer},
         add_primary_zone},
        {"Get-DnsServerResourceRecord",
         {{"ZoneName", param_kind::string, true}, {"Name", param_kind::string}, {"RRType", param_kind::string}, computer},
         get_resource_record},
        {"Add-DnsServerResourceRecord",
         {{"ZoneName", param_kind::string, true},
          {"Name", param_kind::string, true},
          {"A", param_kind::switch_flag},
          {"MX", param_kind::switch_flag},
          {"CName", param_kind::switch_flag},
          {"Txt", param_kind::switch_flag},
          {"Srv", param_kind::switch_flag},
          {"IPv4Address", param_kind::string},
          {"MailExchange", param_kind::string},
          {"Preference", param_kind::scalar},
          {"HostNameAlias", param_kind::string},
          {"DescriptiveText", param_kind::string},
          {"DomainName", param_kind::string},
          {"Port", param_kind::scalar},
          {"Priority", param_kind::scalar},
          {"Weight", param_kind::scalar},
          {"TimeToLive", param_kind::string},
          {"PassThru", param_kind::switch_flag},
          computer},
         add_resource_record},
        {"Remove-DnsServerResourceRecord",
         {{"ZoneName", param_kind::string, true},
          {"Name", param_kind::string, true},
          {"RRType", param_kind::string, true},
          {"RecordData", param_kind::string_list},
          {"Force", param_kind::switch_flag},
          computer},
         remove_resource_record},
    };
}

} // namespace emulator::exchange
