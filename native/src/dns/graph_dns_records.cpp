#include "dns/graph_dns_records.h"

#include "core/error.h"
#include "dns/overloaded.h"
#include "validate/message_text.h"

namespace mailint::dns {

namespace {

constexpr long long max_ttl = 2147483647;  // RFC 2181 §8
constexpr std::uint32_t published_ttl = 3600;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string absolute_name(std::string_view label) {
    std::string out = lower(label);
    while (out.ends_with('.')) out.pop_back();
    return out;
}

// "@" for the zone itself, the part before ".<zone>" for a name under it, nullopt otherwise.
std::optional<std::string> relative_to(const std::string &name, std::string_view zone) {
    if (name == zone) return std::string("@");
    if (name.size() > zone.size() + 1 && name.ends_with(zone) && name[name.size() - zone.size() - 1] == '.')
        return name.substr(0, name.size() - zone.size() - 1);
    return std::nullopt;
}

std::string underscored(std::string_view label) {
    std::string out = lower(label);
    if (!out.starts_with('_')) out.insert(out.begin(), '_');
    return out;
}

bool starts_with_label(const std::string &name, std::string_view label) {
    return name == label || (name.starts_with(label) && name.size() > label.size() && name[label.size()] == '.');
}

std::string purpose_of(const dns_record &r, const graph::domain_dns_record &g, std::string_view zone) {
    std::string text = std::visit(
        overloaded{
            [&](const a_data &) { return std::string(); },
            [&](const mx_data &d) {
                return d.exchange.ends_with(".msv1.invalid")
                           ? "Proves to Microsoft 365 that you own " + std::string(zone) +
                                 "; this MX does not interfere with mail routing"
                           : "Routes mail for " + r.fqdn + " to Exchange Online";
            },
            [&](const txt_data &d) {
                if (lower(d.text).starts_with("ms=ms"))
                    return "Proves to Microsoft 365 that you own " + std::string(zone);
                if (lower(d.text).starts_with("v=spf1"))
                    return "SPF: Microsoft 365's mail servers may send mail for " + r.fqdn;
                return std::string();
            },
            [&](const srv_data &) {
                if (starts_with_label(r.name, "_sip._tls")) return std::string("Skype for Business Online client discovery");
                if (starts_with_label(r.name, "_sipfederationtls._tcp"))
                    return std::string("Skype for Business Online federation with other organizations");
                return std::string();
            },
            [&](const cname_data &) {
                if (starts_with_label(r.name, "autodiscover"))
                    return std::string("Autodiscover: lets Outlook and mobile mail apps find their Exchange Online settings");
                if (starts_with_label(r.name, "sip") || starts_with_label(r.name, "lyncdiscover"))
                    return std::string("Skype for Business Online client sign-in and discovery");
                if (starts_with_label(r.name, "enterpriseregistration"))
                    return std::string("Intune: device registration");
                if (starts_with_label(r.name, "enterpriseenrollment"))
                    return std::string("Intune: device enrollment");
                if (r.name.find("._domainkey") != std::string::npos)
                    return std::string("DKIM: a Microsoft 365 signing key");
                return std::string();
            },
        },
        r.data);
    if (text.empty())
        text = g.supported_service.empty() ? std::string("Required by Microsoft 365")
                                           : "Required by Microsoft 365 for " + g.supported_service;
    if (g.is_optional) text += " (optional)";
    return text;
}

}  // namespace

std::optional<dns_record> from_graph_record(const graph::domain_dns_record &g, std::string_view zone,
                                            diagnostics &out) {
    const std::string label = absolute_name(g.label);
    const std::string target = label.empty() ? std::string("serviceConfigurationRecords") : label;
    if (g.kind == graph::dns_record_kind::unavailable || g.kind == graph::dns_record_kind::unknown) {
        out.warning("dns.graph_record.unsupported", target,
                    "Microsoft 365 lists a " + (g.record_type.empty() ? std::string("record") : g.record_type) +
                        " record for " + validate::quote_input(g.label) +
                        " that is not a DNS record MailIntegration can publish" +
                        (g.value.empty() ? std::string() : " (" + validate::quote_input(g.value) + ")") +
                        "; it is left out");
        return std::nullopt;
    }
    const auto invalid = [&](const std::string &why) {
        out.error("dns.graph_record.invalid", target,
                  "Microsoft 365's " + g.record_type + " record for " + validate::quote_input(g.label) + " " + why);
        return std::nullopt;
    };
    const auto in_u16 = [](long long v) { return v >= 0 && v <= 65535; };
    const auto host = [](const std::string &value) { return normalise_dns_name(value); };

    if (label.empty()) return invalid("has no label");
    if (g.ttl < 0 || g.ttl > max_ttl) return invalid("has a TTL out of range (" + std::to_string(g.ttl) + ")");
    const std::uint32_t ttl = g.ttl == 0 ? published_ttl : static_cast<std::uint32_t>(g.ttl);

    std::string owner = label;
    record_data data;
    switch (g.kind) {
    case graph::dns_record_kind::mx: {
        auto exchange = host(g.value);
        if (!exchange) return invalid("has a mailExchange that is not a host name");
        if (!in_u16(g.preference)) return invalid("has a preference out of range (" + std::to_string(g.preference) + ")");
        data = mx_data{static_cast<std::uint16_t>(g.preference), *exchange};
        break;
    }
    case graph::dns_record_kind::txt:
        if (g.value.empty()) return invalid("has no text");
        data = txt_data{g.value};
        break;
    case graph::dns_record_kind::cname: {
        auto canonical = host(g.value);
        if (!canonical) return invalid("has a canonicalName that is not a host name");
        data = cname_data{*canonical};
        break;
    }
    case graph::dns_record_kind::srv: {
        auto name_target = host(g.value);
        if (!name_target) return invalid("has a nameTarget that is not a host name");
        if (g.service.empty() || g.protocol.empty()) return invalid("has no service or protocol");
        if (!in_u16(g.priority) || !in_u16(g.weight) || !in_u16(g.port))
            return invalid("has a priority, weight or port out of range");
        // Graph sends "_sip" and "_tls"; the underscore is added if a record leaves it out.
        owner = underscored(g.service) + "." + underscored(g.protocol) + "." + label;
        data = srv_data{static_cast<std::uint16_t>(g.priority), static_cast<std::uint16_t>(g.weight),
                        static_cast<std::uint16_t>(g.port), *name_target};
        break;
    }
    default:
        return std::nullopt;
    }
    auto name = relative_to(owner, zone);
    if (!name) {
        out.error("dns.graph_record.outside_zone", target,
                  "Microsoft 365's " + g.record_type + " record for " + validate::quote_input(owner) +
                      " is not in the zone '" + std::string(zone) + "'");
        return std::nullopt;
    }
    dns_record r = make_record(zone, *name, ttl, std::move(data), {});
    r.purpose = purpose_of(r, g, zone);
    return r;
}

std::vector<dns_record> from_graph_records(const std::vector<graph::domain_dns_record> &records,
                                           std::string_view zone, diagnostics &out) {
    std::vector<dns_record> result;
    for (const auto &g : records)
        if (auto r = from_graph_record(g, zone, out)) result.push_back(std::move(*r));
    return result;
}

std::vector<dns_record> from_graph_json(const nlohmann::json &answer, std::string_view zone, diagnostics &out) {
    const nlohmann::json *list = &answer;
    if (answer.is_object()) {
        auto value = answer.find("value");
        list = value == answer.end() ? nullptr : &*value;
    }
    if (!list || !list->is_array()) {
        out.error("dns.graph_record.invalid", "serviceConfigurationRecords",
                  "Microsoft 365's answer is not a list of DNS records");
        return {};
    }
    std::vector<graph::domain_dns_record> parsed;
    for (const auto &item : *list) {
        if (!item.is_object()) {
            out.error("dns.graph_record.invalid", "serviceConfigurationRecords",
                      "Microsoft 365's list of DNS records holds an entry that is not an object");
            continue;
        }
        parsed.push_back(graph::parse_dns_record(item));
    }
    return from_graph_records(parsed, zone, out);
}

nlohmann::json to_graph_json(const dns_record &record, std::string_view supported_service, bool is_optional) {
    nlohmann::json out = {{"isOptional", is_optional},
                          {"label", record.fqdn},
                          {"supportedService", std::string(supported_service)},
                          {"ttl", record.ttl}};
    const auto typed = [&](const char *kind, const char *record_type) {
        out["@odata.type"] = std::string("#microsoft.graph.domainDns") + kind + "Record";
        out["recordType"] = record_type;
    };
    std::visit(overloaded{
                   [&](const a_data &) {
                       throw error(errc::unsupported, "dns.graph_record.unsupported",
                                   "Microsoft Graph has no form for the A record of " + record.fqdn);
                   },
                   [&](const mx_data &d) {
                       typed("Mx", "Mx");
                       out["mailExchange"] = d.exchange;
                       out["preference"] = d.preference;
                   },
                   [&](const txt_data &d) {
                       typed("Txt", "Txt");
                       out["text"] = d.text;
                   },
                   [&](const srv_data &d) {
                       auto parts = split_srv_owner(record.name);
                       if (!parts)
                           throw error(errc::invalid_argument, "dns.graph_record.invalid",
                                       "SRV record name '" + record.name + "' is not _service._protocol[.host]");
                       typed("Srv", "Srv");
                       // The label is the owner without its _service._protocol prefix.
                       out["label"] = record.fqdn.substr(parts->service.size() + parts->protocol.size() + 2);
                       out["nameTarget"] = d.target;
                       out["port"] = d.port;
                       out["priority"] = d.priority;
                       out["protocol"] = parts->protocol;
                       out["service"] = parts->service;
                       out["weight"] = d.weight;
                   },
                   [&](const cname_data &d) {
                       typed("Cname", "CName");
                       out["canonicalName"] = d.canonical_name;
                   },
               },
               record.data);
    return out;
}

}  // namespace mailint::dns
