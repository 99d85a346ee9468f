#include "blueprint/exchange_split_dns.h"

#include <algorithm>
#include <set>

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/domain_name.h"
#include "validate/ipv4.h"

namespace mailint::exchange_split_dns {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;


}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"HostName", "IPAddress", "ComputerName", "ReplicationScope"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("split_dns.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    // The Exchange FQDN is a host name at any level (mail.contoso.com): only its syntax is checked.
    if (auto host = validate::validate_any_level_domain(text_of(parameters, "HostName"), "HostName", d)) out.host_name = *host;
    if (auto ip = validate::validate_ipv4(text_of(parameters, "IPAddress"), "IPAddress", d)) {
        out.address = ip->to_string();
        if (ip->is_public_unicast())
            d.warning("split_dns.address.public", "IPAddress",
                      out.address + " is a public address: split DNS gives computers inside the network Exchange's "
                      "intranet address (for example 192.168.0.20); the public one is what outside DNS already has.");
    }
    out.computer_name = text_of(parameters, "ComputerName");
    if (auto scope = text_of(parameters, "ReplicationScope"); !scope.empty()) {
        const auto l = lower(scope);
        if (l == "domain") out.replication_scope = "Domain";
        else if (l == "forest") out.replication_scope = "Forest";
        else if (l == "legacy") out.replication_scope = "Legacy";
        else
            d.error("split_dns.replication_scope.invalid", "ReplicationScope",
                    "ReplicationScope '" + scope + "' is not one of Domain, Forest or Legacy.");
    }
    return d;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    const auto with_server = [&](json parameters) {
        if (!r.computer_name.empty()) parameters["ComputerName"] = r.computer_name;
        return parameters;
    };
    if (progress) progress("Planning", "Reading zone " + r.host_name, 0);
    const auto zones = read_objects(host, {"Get-DnsServerZone", with_server({{"Name", r.host_name}})}, p, missing_is::empty);
    const std::string label = "A " + r.host_name;
    std::string zone_step;
    if (zones.empty()) {
        auto &z = append_step(p, {"create", "DnsZone", r.host_name,
                                  "Create the primary forward zone " + r.host_name + " (Active Directory-integrated, " +
                                      r.replication_scope + " replication, secure updates)",
                                  "Create zone",
                                  host_command{"Add-DnsServerPrimaryZone",
                                               with_server({{"Name", r.host_name},
                                                            {"ReplicationScope", r.replication_scope},
                                                            {"DynamicUpdate", "Secure"}})}});
        z.notes.push_back("computers inside the network resolve " + r.host_name + " here, to " + r.address);
        zone_step = z.id;
        append_step(p, {"create", "DnsRecord", label, "Add A " + r.host_name + " (blank name) -> " + r.address, "Add '" + r.address + "'",
                        host_command{"Add-DnsServerResourceRecord",
                                     with_server({{"ZoneName", r.host_name}, {"Name", "@"}, {"A", true}, {"IPv4Address", r.address}})},
                        "host-session", {zone_step}});
        return p;
    }
    const auto type = text_of(zones.front(), "ZoneType");
    if (!type.empty() && lower(type) != "primary") {
        auto &m = append_step(p, {"manual", "DnsZone", r.host_name,
                                  "The zone " + r.host_name + " exists as a " + type + " zone: split DNS needs a primary zone "
                                  "this server answers from; remove that zone (Remove-DnsServerZone), then run this again",
                                  "", std::nullopt});
        p.findings.warning("split_dns.zone.not_primary", m.identity, m.description);
        return p;
    }
    append_step(p, {"noop", "DnsZone", r.host_name, "The primary zone " + r.host_name + " is there", "", std::nullopt});
    const auto records = read_objects(host,
                                      {"Get-DnsServerResourceRecord",
                                       with_server({{"ZoneName", r.host_name}, {"Name", "@"}, {"RRType", "A"}})},
                                      p, missing_is::empty);
    std::vector<std::string> addresses;
    for (const auto &rec : records)
        if (rec.contains("RecordData") && rec["RecordData"].is_object())
            addresses.push_back(text_of(rec["RecordData"], "IPv4Address"));
    if (std::find(addresses.begin(), addresses.end(), r.address) != addresses.end()) {
        append_step(p, {"noop", "DnsRecord", label, "A " + r.host_name + " -> " + r.address + " is there", "", std::nullopt});
        // Another A beside it makes computers alternate between two servers.
        for (const auto &a : addresses)
            if (a != r.address)
                p.findings.warning("split_dns.record.extra", label,
                                   "A " + r.host_name + " also points at " + a + ": computers inside alternate between both; remove it "
                                   "(Remove-DnsServerResourceRecord -ZoneName " + r.host_name + " -Name @ -RRType A -RecordData " + a + ").");
        return p;
    }
    std::vector<std::string> after;
    for (const auto &old : addresses) {
        auto &del = append_step(p, {"delete", "DnsRecord", label, "Remove A " + r.host_name + " -> " + old + " (Exchange is at " + r.address + ")",
                                    "Remove '" + old + "'",
                                    host_command{"Remove-DnsServerResourceRecord",
                                                 with_server({{"ZoneName", r.host_name}, {"Name", "@"}, {"RRType", "A"},
                                                              {"RecordData", old}, {"Force", true}})}});
        del.risk = "medium";
        after.push_back(del.id);
    }
    auto &add = append_step(p, {"create", "DnsRecord", label, "Add A " + r.host_name + " (blank name) -> " + r.address,
                                "Add '" + r.address + "'",
                                host_command{"Add-DnsServerResourceRecord",
                                             with_server({{"ZoneName", r.host_name}, {"Name", "@"}, {"A", true}, {"IPv4Address", r.address}})},
                                "host-session", after});
    if (!addresses.empty()) add.changes.push_back({"IPv4Address", addresses.front(), r.address});
    return p;
}

}  // namespace mailint::exchange_split_dns
