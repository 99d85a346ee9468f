#include "dns/exchange_onprem_records.h"

#include <algorithm>

#include "core/error.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::dns {

namespace {

constexpr std::uint32_t max_ttl = 2147483647;  // RFC 2181 §8
constexpr std::size_t max_name_bytes = 253;

// The longest owner name the builder creates, so a domain near the 253-byte limit is refused
// before it yields a name no DNS server accepts.
std::size_t longest_name(std::size_t zone_bytes, const exchange_onprem_dns_options &options) {
    std::size_t longest = options.host_label.size() + 1;
    longest = std::max(longest, options.autodiscover == autodiscover_style::srv
                                    ? std::string_view("_autodiscover._tcp.").size()
                                    : std::string_view("autodiscover.").size());
    return longest + zone_bytes;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

exchange_onprem_dns exchange_onprem_records(std::string_view domain, validate::ipv4_address public_ip,
                                            const exchange_onprem_dns_options &options) {
    if (auto why = validate::dns_label_problem(options.host_label))
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    "host label " + validate::quote_input(options.host_label) + " " + *why);
    if (options.ttl > max_ttl)
        throw error(errc::invalid_argument, "dns.ttl.out_of_range",
                    "TTL " + std::to_string(options.ttl) + " is above 2147483647 (RFC 2181)");
    const std::string zone = lower(domain.ends_with('.') ? domain.substr(0, domain.size() - 1) : domain);
    const std::string label = lower(options.host_label);
    const std::string host = label + "." + zone;
    if (longest_name(zone.size(), options) > max_name_bytes)
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    "domain '" + zone + "' is too long to hold the names of its Exchange records");
    const std::uint32_t ttl = options.ttl;

    exchange_onprem_dns out;
    out.zone = zone;
    out.host_name = host;
    out.certificate_names = {host};
    out.records.push_back(make_record(zone, label, ttl, a_data{public_ip},
                                      "Exchange server's public address (router forwards port 25 "
                                      "to Exchange)"));
    if (options.autodiscover == autodiscover_style::a_record) {
        out.records.push_back(make_record(zone, "autodiscover", ttl, a_data{public_ip},
                                          "Autodiscover for Outlook and mobile devices; the "
                                          "certificate must also name autodiscover." + zone));
        out.certificate_names.push_back("autodiscover." + zone);
        out.notes.push_back("Autodiscover uses an A record: the Exchange certificate must cover "
                            "both " + host + " and autodiscover." + zone +
                            " (a SAN certificate).");
    }
    out.records.push_back(make_record(zone, "@", ttl, mx_data{0, host},
                                      "Delivers mail for " + zone + " to " + host));
    out.records.push_back(make_record(zone, "@", ttl, txt_data{"v=spf1 a mx ~all"},
                                      "SPF: the domain's own A and MX hosts may send its mail"));
    if (options.autodiscover == autodiscover_style::srv)
        out.records.push_back(make_record(zone, "_autodiscover._tcp", ttl,
                                          srv_data{0, 0, 443, host},
                                          "Autodiscover for Outlook and mobile devices, served "
                                          "by " + host + " on port 443"));
    out.notes.push_back("Exchange's host name " + host +
                        " must differ from the Essentials server's remote access name (e.g. "
                        "remote." + zone + ").");
    return out;
}

std::optional<exchange_onprem_dns> exchange_onprem_records(std::string_view domain_text,
                                                           std::string_view public_ip_text,
                                                           const exchange_onprem_dns_options &options,
                                                           diagnostics &out,
                                                           std::string_view domain_parameter,
                                                           std::string_view ip_parameter) {
    auto domain = validate::validate_domain_name(domain_text, domain_parameter, out);
    auto ip = validate::validate_ipv4(public_ip_text, ip_parameter, out);
    bool label_ok = true;
    if (auto why = validate::dns_label_problem(options.host_label)) {
        out.error("validation.domain.malformed", "HostLabel",
                  "HostLabel " + validate::quote_input(options.host_label) + " " + *why);
        label_ok = false;
    }
    if (ip && !ip->is_public_unicast())
        out.warning("validation.ipv4.not_public", std::string(ip_parameter),
                    std::string(ip_parameter) + " " + ip->to_string() +
                        " is not reachable from the Internet (private, reserved or documentation "
                        "range); public DNS needs the address the router has on the Internet");
    if (!domain || !ip || !label_ok) return std::nullopt;
    // A registered (second-level) domain is at most 63 bytes plus its suffix, so the length
    // limit the typed builder enforces cannot be reached from here.
    return exchange_onprem_records(*domain, *ip, options);
}

}  // namespace mailint::dns
