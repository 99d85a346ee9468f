#include "dns/verify_cname.h"

namespace mailint::dns {

bool is_dkim_selector(std::string_view fqdn) {
    // The selector is the first label, "_domainkey" the second (RFC 6376 §3.6.2.1).
    const auto first_dot = fqdn.find('.');
    if (first_dot == std::string_view::npos || first_dot == 0) return false;
    const std::string_view rest = fqdn.substr(first_dot + 1);
    const auto second_dot = rest.find('.');
    return same_dns_name(rest.substr(0, second_dot), "_domainkey");
}

record_verdict verify_cname(const dns_record &required, const live_name &live) {
    if (auto blocked = blocking_verdict(required, live)) return *blocked;
    const std::string &want = std::get<cname_data>(required.data).canonical_name;
    const bool dkim = is_dkim_selector(required.fqdn);

    if (const resource_record *cname = live.own_cname()) {
        const std::string have = cname->value();
        if (same_dns_name(have, want)) {
            auto v = make_verdict(required, record_status::present, "dns.verify.present",
                                  required.fqdn + " is an alias of " + want, severity::info);
            v.actual = {have};
            return v;
        }
        auto v = dkim ? make_verdict(required, record_status::different, "dns.verify.dkim.cname_elsewhere",
                                     "DKIM selector " + required.fqdn + " points at " + have + ", not at " + want +
                                         ", where Exchange Online publishes this selector's key: change the CNAME "
                                         "target; signing can be enabled only once both selectors resolve there")
                      : make_verdict(required, record_status::different, "dns.verify.different",
                                     required.fqdn + " is an alias of " + have + ", not of " + want +
                                         ": change the CNAME target to " + want);
        v.actual = {have};
        v.suggested = want;
        v.findings.front().detail = {{"target", have}};
        return v;
    }
    auto v = make_verdict(required, record_status::missing, "dns.verify.missing",
                          dkim ? "DKIM selector " + required.fqdn + " does not exist: add CNAME " + want +
                                     "; Exchange Online can sign only once both selectors resolve"
                               : required.fqdn + " has no CNAME: add CNAME " + want);
    v.suggested = want;
    return v;
}

}  // namespace mailint::dns
