#include "dns/verify_mx.h"

#include <algorithm>
#include <tuple>

#include "dns/m365_records.h"

namespace mailint::dns {

namespace {

bool never_receives(const mx_data &mx) {
    std::string_view host = mx.exchange;
    if (host.ends_with('.')) host.remove_suffix(1);
    if (host.empty()) return true;  // null MX, RFC 7505
    return same_dns_name(host, "invalid") ||
           (host.size() > 8 && same_dns_name(host.substr(host.size() - 8), ".invalid"));
}

}  // namespace

record_verdict verify_mx(const dns_record &required, std::span<const dns_record *const> required_at_name,
                         const live_name &live, bool migrating) {
    if (auto blocked = blocking_verdict(required, live)) return *blocked;
    const auto &want = std::get<mx_data>(required.data);
    const query_answer *answer = live.answer(rr_type::mx);

    std::vector<mx_data> live_mx;
    if (answer && answer->ok())
        for (const auto &r : answer->records)
            if (same_dns_name(r.owner, live.name)) live_mx.push_back(std::get<mx_data>(r.data));
    // Servers rotate record order; reports must not. Sorted before `current` points into it.
    std::sort(live_mx.begin(), live_mx.end(), [](const mx_data &x, const mx_data &y) {
        return std::tie(x.preference, x.exchange) < std::tie(y.preference, y.exchange);
    });

    // The MX records that receive mail today: not one the caller requires, not a placeholder.
    std::vector<const mx_data *> current;
    for (const auto &mx : live_mx) {
        const bool required_host = std::any_of(required_at_name.begin(), required_at_name.end(), [&](const dns_record *r) {
            const auto *d = std::get_if<mx_data>(&r->data);
            return d && same_dns_name(d->exchange, mx.exchange);
        });
        if (!required_host && !never_receives(mx)) current.push_back(&mx);
    }

    std::vector<std::string> actual;
    for (const auto &mx : live_mx) actual.push_back(std::to_string(mx.preference) + " " + mx.exchange);

    if (migrating && !never_receives(want)) {
        std::vector<std::uint16_t> preferences;
        for (const auto *mx : current) preferences.push_back(mx->preference);
        if (auto problem = migration_mx_preference_problem(want.preference, preferences)) {
            const bool zero = problem->id == "validation.dns.mx_preference.zero";
            const std::uint16_t highest =
                preferences.empty() ? 0 : *std::max_element(preferences.begin(), preferences.end());
            const std::uint16_t fix = static_cast<std::uint16_t>(std::min<unsigned>(highest + 10u, 65535u));
            std::string which;
            nlohmann::json above = nlohmann::json::array();
            for (const auto *mx : current) {
                const std::string text = std::to_string(mx->preference) + " " + mx->exchange;
                if (mx->preference >= want.preference || zero) {
                    which += (which.empty() ? "" : ", ") + text;
                    above.push_back(text);
                }
            }
            std::string message =
                zero ? "the Exchange Online MX " + expected_value(required) +
                           " has preference 0 while mail is being migrated; 0 sends mail to Exchange Online first"
                     : "the Exchange Online MX " + expected_value(required) + " is not above the live MX " + which +
                           "; senders would try it first and mail would skip the current server";
            message += ": while migrating publish it with preference " + std::to_string(fix) +
                       " (above every live MX) and lower it only at cut-over";
            auto v = make_verdict(required, record_status::conflicting,
                                  zero ? "dns.verify.mx.preference_zero" : "dns.verify.mx.preference_not_above_live",
                                  message);
            v.actual = actual;
            v.suggested = std::to_string(fix) + " " + want.exchange;
            v.findings.front().detail = {{"livePreferences", preferences}, {"notAbove", above}};
            return v;
        }
    }

    auto same_host = std::find_if(live_mx.begin(), live_mx.end(),
                                  [&](const mx_data &mx) { return same_dns_name(mx.exchange, want.exchange); });
    if (same_host != live_mx.end() && same_host->preference == want.preference) {
        auto v = make_verdict(required, record_status::present, "dns.verify.present",
                              required.fqdn + " has MX " + expected_value(required), severity::info);
        v.actual = actual;
        return v;
    }
    if (same_host != live_mx.end()) {
        auto v = make_verdict(required, record_status::different, "dns.verify.different",
                              "the MX of " + required.fqdn + " to " + want.exchange + " has preference " +
                                  std::to_string(same_host->preference) + ", not " + std::to_string(want.preference) +
                                  ": change it to " + expected_value(required));
        v.actual = actual;
        v.suggested = expected_value(required);
        return v;
    }
    if (current.empty() || migrating) {
        auto v = make_verdict(required, record_status::missing, "dns.verify.missing",
                              required.fqdn + " has no MX to " + want.exchange + ": add MX " +
                                  expected_value(required) +
                                  (migrating && !current.empty() ? " beside the current MX, which stays until cut-over"
                                                                 : ""));
        v.actual = actual;
        v.suggested = expected_value(required);
        return v;
    }
    std::string hosts;
    for (const auto *mx : current) hosts += (hosts.empty() ? "" : ", ") + std::to_string(mx->preference) + " " + mx->exchange;
    auto v = make_verdict(required, record_status::different, "dns.verify.different",
                          "mail for " + required.fqdn + " goes to " + hosts + ", not to " + want.exchange +
                              ": replace the MX with " + expected_value(required) +
                              " (or, while mail is being migrated, say so to keep the current MX above it)");
    v.actual = actual;
    v.suggested = expected_value(required);
    return v;
}

}  // namespace mailint::dns
