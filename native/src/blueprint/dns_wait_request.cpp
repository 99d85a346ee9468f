#include "blueprint/dns_wait_request.h"

#include <optional>

#include "core/error.h"
#include "dns/resolver.h"

namespace mailint {

namespace {

std::optional<long long> seconds_parameter(const nlohmann::json &p, const char *name, long long lo, long long hi,
                                           const std::string &id, diagnostics &d) {
    auto it = p.find(name);
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<long long>() < lo || it->get<long long>() > hi) {
        d.error(id, name, std::string(name) + " must be a whole number of seconds from " + std::to_string(lo) + " to " +
                              std::to_string(hi) + ".");
        return std::nullopt;
    }
    return it->get<long long>();
}

}  // namespace

void parse_dns_wait(const nlohmann::json &p, std::string_view id_prefix, dns_wait_request &out, diagnostics &d) {
    const std::string prefix(id_prefix);
    if (auto w = seconds_parameter(p, "WaitTimeoutSeconds", 0, 86400, prefix + ".wait_timeout.invalid", d))
        out.wait = std::chrono::seconds(*w);
    if (auto i = seconds_parameter(p, "PollIntervalSeconds", 1, 3600, prefix + ".poll_interval.invalid", d))
        out.poll_interval = std::chrono::seconds(*i);
    auto s = p.find("DnsServer");
    if (s == p.end() || s->is_null()) return;
    if (!s->is_array()) {
        d.error("dns.resolver.server.malformed", "DnsServer", "DnsServer must be a list of IP addresses with optional ports.");
        return;
    }
    for (const auto &item : *s) out.dns_servers.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    try {
        dns::resolver_options o;
        o.servers = out.dns_servers;
        dns::resolver check(o);  // the resolver's own parser decides, so both agree
    } catch (const error &e) {
        d.error(e.id(), "DnsServer", e.what());
    }
}

}  // namespace mailint
