#include "blueprint/windows_dns_blueprint.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/error.h"
#include "core/random_id.h"
#include "plan/step_builder.h"
#include "dns/spf_merge.h"
#include "dns/spf_record.h"
#include "dns/text_render.h"
#include "exchange_online/exo_values.h"
#include "transport/host_error.h"

namespace mailint::windows_dns {

namespace {

using nlohmann::json;
using exchange_online::number_of;

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string host_of(const json &data, const char *member) {
    std::string h = lower(data.value(member, std::string()));
    while (!h.empty() && h.back() == '.') h.pop_back();
    return h;
}

// One record as Get-DnsServerResourceRecord printed it, in the terms of dns_record.
struct live_record {
    std::string type;   // "A", "MX", "CNAME", "TXT", "SRV", or another the module leaves alone
    std::string value;  // comparable: "10 mail.contoso.com", the alias without the dot, the text
    std::string record_data;  // what -RecordData of Remove-DnsServerResourceRecord names it by
};


live_record read_live(const json &o) {
    live_record r;
    r.type = o.value("RecordType", std::string());
    const json data = o.contains("RecordData") && o["RecordData"].is_object() ? o["RecordData"] : json::object();
    if (r.type == "A") {
        r.value = r.record_data = data.value("IPv4Address", std::string());
    } else if (r.type == "MX") {
        r.record_data = host_of(data, "MailExchange");
        r.value = std::to_string(number_of(data, "Preference")) + " " + r.record_data;
    } else if (r.type == "CNAME") {
        r.value = r.record_data = host_of(data, "HostNameAlias");
    } else if (r.type == "TXT") {
        r.value = r.record_data = data.value("DescriptiveText", std::string());
    } else if (r.type == "SRV") {
        r.record_data = host_of(data, "DomainName");
        r.value = std::to_string(number_of(data, "Priority")) + " " + std::to_string(number_of(data, "Weight")) + " " +
                  std::to_string(number_of(data, "Port")) + " " + r.record_data;
    }
    return r;
}

std::string required_value(const dns::dns_record &r) {
    return std::visit(
        [](const auto &d) -> std::string {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, dns::a_data>) return d.address.to_string();
            else if constexpr (std::is_same_v<T, dns::mx_data>) return std::to_string(d.preference) + " " + lower(d.exchange);
            else if constexpr (std::is_same_v<T, dns::txt_data>) return d.text;
            else if constexpr (std::is_same_v<T, dns::srv_data>)
                return std::to_string(d.priority) + " " + std::to_string(d.weight) + " " + std::to_string(d.port) + " " +
                       lower(d.target);
            else return lower(d.canonical_name);
        },
        r.data);
}

// "@" for the zone itself, else the owner relative to the zone; nullopt outside it.
std::optional<std::string> name_in_zone(const std::string &fqdn, const std::string &zone) {
    const std::string f = lower(fqdn);
    if (f == zone) return "@";
    if (f.size() > zone.size() + 1 && f.ends_with("." + zone)) return f.substr(0, f.size() - zone.size() - 1);
    return std::nullopt;
}

class planner {
public:
    planner(const request &r, std::string zone, host_session &host) : r_(r), zone_(std::move(zone)), host_(host) {
        p_.scenario = kScenario;
        p_.plan_id = random_id();
    }

    plan take() { return std::move(p_); }
    plan &value() { return p_; }

    json with_server(json parameters) const {
        if (!r_.computer_name.empty()) parameters["ComputerName"] = r_.computer_name;
        return parameters;
    }

    void check_zone() {
        host_command get{"Get-DnsServerZone", with_server({{"Name", zone_}})};
        auto result = host_.invoke(get);
        p_.reads.push_back({"host-session", "Get-DnsServerZone", result.objects.size()});
        if (!result.failure) return;
        const auto e = host_error(get, *result.failure);
        if (e.code() != errc::not_found) throw e;
        throw error(errc::failed_precondition, "windows_dns.zone.not_found",
                    "The DNS server " + (r_.computer_name.empty() ? std::string("of this session") : "'" + r_.computer_name + "'") +
                        " does not host the zone '" + zone_ + "': give -ZoneName of a zone it hosts, or create it "
                        "(Add-DnsServerPrimaryZone), or publish the records at the domain's DNS host instead.");
    }

    const std::vector<live_record> &live_at(const std::string &name) {
        auto found = live_.find(name);
        if (found != live_.end()) return found->second;
        host_command get{"Get-DnsServerResourceRecord", with_server({{"ZoneName", zone_}, {"Name", name}})};
        auto result = host_.invoke(get);
        std::vector<live_record> records;
        if (result.failure) {
            const auto e = host_error(get, *result.failure);
            if (e.code() != errc::not_found) throw e;  // a failed read is never taken for "absent"
        } else {
            for (const auto &o : result.objects) records.push_back(read_live(o));
        }
        p_.reads.push_back({"host-session", "Get-DnsServerResourceRecord", records.size()});
        return live_.emplace(name, std::move(records)).first->second;
    }

    plan_step &add(std::string action, const dns::dns_record &rec, const std::string &name, std::string description,
                   std::string operation, std::optional<host_command> command, const std::string &after = {}) {
        auto &s = append_step(p_, {std::move(action), "DnsRecord",
                                   std::string(dns::to_string(rec.type())) + " " + (name == "@" ? zone_ : name + "." + zone_),
                                   std::move(description), std::move(operation), std::move(command), "host-session", {after}});
        if (!rec.purpose.empty()) s.notes.push_back(rec.purpose);
        return s;
    }

    host_command add_command(const dns::dns_record &rec, const std::string &name, const std::string *txt_override) const {
        json p = {{"ZoneName", zone_}, {"Name", name}, {"TimeToLive", dns::timespan_text(rec.ttl)}};
        std::visit(
            [&](const auto &d) {
                using T = std::decay_t<decltype(d)>;
                if constexpr (std::is_same_v<T, dns::a_data>) {
                    p["A"] = true;
                    p["IPv4Address"] = d.address.to_string();
                } else if constexpr (std::is_same_v<T, dns::mx_data>) {
                    p["MX"] = true;
                    p["MailExchange"] = d.exchange;
                    p["Preference"] = d.preference;
                } else if constexpr (std::is_same_v<T, dns::txt_data>) {
                    p["Txt"] = true;
                    p["DescriptiveText"] = txt_override ? *txt_override : d.text;
                } else if constexpr (std::is_same_v<T, dns::srv_data>) {
                    p["Srv"] = true;
                    p["DomainName"] = d.target;
                    p["Priority"] = d.priority;
                    p["Weight"] = d.weight;
                    p["Port"] = d.port;
                } else {
                    p["CName"] = true;
                    p["HostNameAlias"] = d.canonical_name;
                }
            },
            rec.data);
        return {"Add-DnsServerResourceRecord", with_server(std::move(p))};
    }

    host_command remove_command(const std::string &name, const live_record &old) const {
        return {"Remove-DnsServerResourceRecord",
                with_server({{"ZoneName", zone_}, {"Name", name}, {"RRType", old.type}, {"RecordData", old.record_data}, {"Force", true}})};
    }

    // Replace `old` by the required record (with `text` for a merged SPF record): delete, then create.
    void replace(const dns::dns_record &rec, const std::string &name, const live_record &old, const std::string *text,
                 const std::string &why) {
        auto &del = add("delete", rec, name, "Remove " + old.type + " " + name + " '" + old.value + "' (" + why + ")",
                        "Remove " + old.type + " '" + old.value + "'", remove_command(name, old));
        del.risk = "medium";
        const std::string del_id = del.id;
        auto &create = add("create", rec, name, "Add " + std::string(dns::to_string(rec.type())) + " " + name + " '" +
                                                    (text ? *text : required_value(rec)) + "'",
                           "Add '" + (text ? *text : required_value(rec)) + "'", add_command(rec, name, text), del_id);
        create.changes.push_back({"RecordData", old.value, text ? *text : required_value(rec)});
    }

    void manual(const dns::dns_record &rec, const std::string &name, const std::string &what, const std::string &id) {
        auto &m = add("manual", rec, name, what, "", std::nullopt);
        m.notes.push_back("not changed automatically: " + what);
        p_.findings.warning(id, m.identity, what);
    }

    void record(const dns::dns_record &rec) {
        const auto name = name_in_zone(rec.fqdn, zone_);
        if (!name)
            throw error(errc::invalid_argument, "windows_dns.record.outside_zone",
                        "The record " + rec.fqdn + " does not lie in the zone '" + zone_ +
                            "': give -ZoneName of the zone that holds the domain.");
        const auto &live = live_at(*name);
        const std::string type = dns::to_string(rec.type());
        const std::string want = required_value(rec);
        const auto cname = std::find_if(live.begin(), live.end(), [](const live_record &l) { return l.type == "CNAME"; });
        const std::string label = (*name == "@" ? zone_ : *name + "." + zone_);

        if (type == "CNAME") {
            if (cname != live.end() && cname->value == want) {
                add("noop", rec, *name, "CNAME " + label + " -> " + want + " is there", "", std::nullopt);
            } else if (cname != live.end()) {
                replace(rec, *name, *cname, nullptr, "it aliases elsewhere");
            } else if (!live.empty()) {
                manual(rec, *name,
                       label + " holds " + live.front().type + " records: a CNAME cannot share its name; remove them, "
                       "then publish CNAME " + label + " -> " + want,
                       "windows_dns.cname.conflict");
            } else {
                add("create", rec, *name, "Add CNAME " + label + " -> " + want, "Add '" + want + "'", add_command(rec, *name, nullptr));
            }
            return;
        }
        if (cname != live.end()) {
            manual(rec, *name,
                   label + " is an alias (CNAME to " + cname->value + "): no other record can be at that name; remove "
                   "the CNAME, then publish " + type + " " + want,
                   "windows_dns.cname.conflict");
            return;
        }
        if (type == "TXT" && dns::is_spf_record(want)) {
            spf(rec, *name, live, label);
            return;
        }
        const bool present = std::any_of(live.begin(), live.end(), [&](const live_record &l) { return l.type == type && l.value == want; });
        if (present) {
            add("noop", rec, *name, type + " " + label + " '" + want + "' is there", "", std::nullopt);
            return;
        }
        if (type == "MX") {
            const auto &mx = std::get<dns::mx_data>(rec.data);
            const auto same_host = std::find_if(live.begin(), live.end(), [&](const live_record &l) {
                return l.type == "MX" && l.record_data == lower(mx.exchange);
            });
            if (same_host != live.end()) {
                replace(rec, *name, *same_host, nullptr, "the same host with another preference");
                return;
            }
        }
        auto &create = add("create", rec, *name, "Add " + type + " " + label + " '" + want + "'", "Add '" + want + "'",
                           add_command(rec, *name, nullptr));
        if (type == "MX")
            for (const auto &l : live)
                if (l.type == "MX")
                    create.notes.push_back("MX " + l.value + " stays: mail still goes there until you remove it");
    }

    void spf(const dns::dns_record &rec, const std::string &name, const std::vector<live_record> &live, const std::string &label) {
        std::vector<const live_record *> spfs;
        for (const auto &l : live)
            if (l.type == "TXT" && dns::is_spf_record(l.value)) spfs.push_back(&l);
        if (spfs.size() > 1) {
            manual(rec, name,
                   label + " has " + std::to_string(spfs.size()) + " SPF records, which receivers treat as an error "
                   "(RFC 7208 §4.5): merge them into one by hand, then run this again",
                   "windows_dns.spf.duplicate");
            return;
        }
        diagnostics found;
        const auto wanted = dns::read_spf_requirement(std::get<dns::txt_data>(rec.data).text, found);
        if (!wanted) throw error(errc::internal, "windows_dns.spf.required_invalid", "The required SPF record does not parse.");
        const auto merged = dns::merge_spf_mechanisms(spfs.empty() ? std::nullopt : std::optional<std::string_view>(spfs.front()->value),
                                                      wanted->text, wanted->all, "TXT " + label);
        if (!merged.record) {
            manual(rec, name,
                   "the SPF record of " + label + " does not parse, so it cannot be merged safely: fix it by hand (" +
                       (merged.findings.first_error() ? merged.findings.first_error()->message : std::string("malformed")) + ")",
                   "windows_dns.spf.malformed");
            return;
        }
        if (!spfs.empty() && !merged.changed) {
            add("noop", rec, name, "SPF " + label + " holds " + wanted->text, "", std::nullopt);
            return;
        }
        if (spfs.empty()) {
            add("create", rec, name, "Add SPF TXT " + label + " '" + *merged.record + "'", "Add '" + *merged.record + "'",
                add_command(rec, name, &*merged.record));
        } else {
            replace(rec, name, *spfs.front(), &*merged.record, "merged: every mechanism and the all qualifier kept");
        }
        for (const auto &d : merged.findings.items())
            if (d.level != severity::error) p_.findings.add(d.id, d.level, d.target, d.message);
    }

private:
    const request &r_;
    std::string zone_;
    host_session &host_;
    plan p_;
    std::map<std::string, std::vector<live_record>> live_;
};

}  // namespace

plan build_plan(const request &r, const dns::scenario_records &records, host_session &host, const progress_fn &progress) {
    const std::string zone = r.zone.empty() ? records.zone : r.zone;
    planner pl(r, zone, host);
    if (progress) progress("Planning", "Reading zone " + zone, 0);
    pl.check_zone();
    auto required = records.required();
    std::size_t done = 0;
    for (const auto &rec : required) {
        pl.record(rec);
        if (progress) progress("Planning", "Compared " + rec.fqdn, static_cast<int>(100 * ++done / required.size()));
    }
    for (const auto &note : records.notes) pl.value().findings.add("windows_dns.note", severity::info, zone, note);
    return pl.take();
}

}  // namespace mailint::windows_dns
