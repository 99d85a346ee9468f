#include "dns/m365_records.h"

#include <algorithm>

#include "core/error.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::dns {

namespace {

constexpr std::uint32_t max_ttl = 2147483647;  // RFC 2181 §8
constexpr std::uint32_t mail_cname_ttl = 3600;  // M3: "TTL=01:00:00"
constexpr std::uint16_t proof_mx_preference = 32767;
constexpr std::size_t max_code_digits = 16;
constexpr std::size_t max_label_bytes = 63;
constexpr std::size_t max_name_bytes = 253;
// The longest owner the builder creates, "_sipfederationtls._tcp.<zone>", must stay a legal name.
constexpr std::string_view longest_prefix = "_sipfederationtls._tcp.";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string normalised_zone(std::string_view domain) {
    if (domain.ends_with('.')) domain.remove_suffix(1);
    return lower(domain);
}

bool is_code(std::string_view s) {
    if (s.size() < 3 || s.size() > 2 + max_code_digits || s.substr(0, 2) != "ms") return false;
    return std::all_of(s.begin() + 2, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<rule_finding> code_problem(const std::optional<std::string> &code) {
    if (!code || parse_verification_code(*code)) return std::nullopt;
    return rule_finding{
        "validation.dns.verification_code.malformed",
        "VerificationCode " + validate::quote_input(*code) +
            " is not a Microsoft 365 verification code; give the value of the TXT record Microsoft 365 "
            "shows for the domain, e.g. 'MS=ms12345678'"};
}

}  // namespace

std::optional<std::string> parse_verification_code(std::string_view text) {
    std::string s = lower(text);
    std::string_view v = s;
    if (v.starts_with("ms=")) v.remove_prefix(3);
    if (v.ends_with('.')) v.remove_suffix(1);
    if (v.ends_with(".msv1.invalid")) v.remove_suffix(std::string_view(".msv1.invalid").size());
    if (!is_code(v)) return std::nullopt;
    return std::string(v);
}

dns_record ownership_proof_record(std::string_view zone, std::string_view code, ownership_proof proof,
                                  std::uint32_t ttl) {
    if (proof == ownership_proof::txt)
        return make_record(zone, "@", ttl, txt_data{"MS=" + std::string(code)},
                           "Proves to Microsoft 365 that you own " + std::string(zone) +
                               "; it changes nothing else");
    return make_record(zone, "@", ttl, mx_data{proof_mx_preference, std::string(code) + ".msv1.invalid"},
                       "Proves to Microsoft 365 that you own " + std::string(zone) +
                           "; this MX does not interfere with mail routing (its host cannot exist)");
}

std::optional<std::string> exchange_online_mx_host(std::string_view domain) {
    std::string label = dashed_domain(domain);
    if (label.size() > max_label_bytes) return std::nullopt;
    return label + ".mail.protection.outlook.com";
}

std::optional<rule_finding> migration_mx_preference_problem(
    std::uint16_t preference, std::span<const std::uint16_t> live_preferences) {
    if (preference == 0)
        return rule_finding{
            "validation.dns.mx_preference.zero",
            "MxPreference 0 would send mail to Exchange Online before the migration is done; while "
            "migrating give the new MX a preference above the live MX's, and lower it only at cut-over"};
    if (live_preferences.empty()) return std::nullopt;
    const std::uint16_t highest = *std::max_element(live_preferences.begin(), live_preferences.end());
    // Above every live MX, not only the primary: a sender that finds the primary busy tries the
    // next preference, and that must still be the current mail system.
    if (preference <= highest)
        return rule_finding{
            "validation.dns.mx_preference.not_above_live",
            "MxPreference " + std::to_string(preference) + " is not above the live MX preference " +
                std::to_string(highest) + "; while migrating use a higher number (e.g. " +
                std::to_string(std::min<unsigned>(highest + 10u, 65535u)) +
                ") so mail keeps reaching the current server"};
    return std::nullopt;
}

m365_dns m365_records(std::string_view domain, const m365_dns_options &options) {
    if (options.ttl > max_ttl)
        throw error(errc::invalid_argument, "dns.ttl.out_of_range",
                    "TTL " + std::to_string(options.ttl) + " is above 2147483647 (RFC 2181)");
    if (auto problem = code_problem(options.verification_code))
        throw error(errc::invalid_argument, problem->id, problem->message);
    if (options.migration)
        if (auto problem = migration_mx_preference_problem(options.migration->preference,
                                                           options.migration->live_preferences))
            throw error(errc::invalid_argument, problem->id, problem->message);

    const std::string zone = normalised_zone(domain);
    if (zone.size() + longest_prefix.size() > max_name_bytes)
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    "domain '" + zone + "' is too long to hold the names of its Microsoft 365 records");
    const std::uint32_t ttl = options.ttl;
    m365_dns out;
    out.zone = zone;
    if (options.verification_code) {
        out.records.push_back(
            ownership_proof_record(zone, *parse_verification_code(*options.verification_code), options.proof, ttl));
    } else {
        out.notes.push_back("The record that proves you own " + zone +
                            " (TXT MS=ms...) is given by Microsoft 365 once the domain is added to the "
                            "subscription; connect to the tenant to include it.");
    }

    const auto mx_host = exchange_online_mx_host(zone);
    if (!mx_host) {
        out.notes.push_back("The Exchange Online MX host of " + zone +
                            " cannot be derived from its name (too long for one DNS label); copy it from "
                            "the Microsoft 365 admin center or connect to the tenant.");
    } else if (options.migration) {
        const auto pref = options.migration->preference;
        out.records.push_back(make_record(
            zone, "@", ttl, mx_data{pref, *mx_host},
            "Routes mail to Exchange Online once the migration is done; preference " + std::to_string(pref) +
                " keeps mail on the current server meanwhile"));
        out.notes.push_back("Mail is being migrated: the Exchange Online MX has preference " + std::to_string(pref) +
                            ", above the live MX. When the migration is complete, lower it (e.g. to 0) at "
                            "the DNS host and remove the old MX records.");
    } else {
        out.records.push_back(make_record(zone, "@", ttl, mx_data{0, *mx_host},
                                          "Routes mail for " + zone + " to Exchange Online"));
    }
    out.records.push_back(make_record(zone, "autodiscover", ttl, cname_data{"autodiscover.outlook.com"},
                                      "Autodiscover: lets Outlook and mobile mail apps find their Exchange "
                                      "Online settings"));
    if (options.mail_cname)
        out.records.push_back(make_record(zone, "mail", mail_cname_ttl, cname_data{"mail.office365.com"},
                                          "Optional: Outlook on the web at https://mail." + zone +
                                              " instead of the standard address"));
    out.records.push_back(make_record(zone, "@", ttl,
                                      txt_data{"v=spf1 include:" + std::string(microsoft_spf_include) + " -all"},
                                      "SPF: Microsoft 365's mail servers may send mail for " + zone +
                                          ", so it is not taken for spam"));
    if (options.skype_srv) {
        out.records.push_back(make_record(zone, "_sip._tls", ttl, srv_data{100, 1, 443, "sipdir.online.lync.com"},
                                          "Lync Online (Skype for Business) client discovery"));
        out.records.push_back(make_record(zone, "_sipfederationtls._tcp", ttl,
                                          srv_data{100, 1, 5061, "sipfed.online.lync.com"},
                                          "Lync Online (Skype for Business) federation with other instant "
                                          "messaging services"));
    }
    if (options.skype_cnames) {
        out.records.push_back(make_record(zone, "sip", ttl, cname_data{"sipdir.online.lync.com"},
                                          "Skype for Business Online: sign-in of older clients"));
        out.records.push_back(make_record(zone, "lyncdiscover", ttl, cname_data{"webdir.online.lync.com"},
                                          "Skype for Business Online: discovery for mobile clients"));
    }
    out.notes.push_back("Microsoft 365 checks the records itself, usually within an hour. Once the domain "
                        "is verified, do not change these records from the Microsoft 365 portal.");
    return out;
}

std::optional<m365_dns> m365_records(std::string_view domain_text, const m365_dns_options &options,
                                     diagnostics &out, std::string_view domain_parameter) {
    auto domain = validate::validate_domain_name(domain_text, domain_parameter, out);
    bool ok = domain.has_value();
    if (auto problem = code_problem(options.verification_code)) {
        out.error(problem->id, "VerificationCode", problem->message);
        ok = false;
    }
    if (options.migration)
        if (auto problem = migration_mx_preference_problem(options.migration->preference,
                                                           options.migration->live_preferences)) {
            out.error(problem->id, "MxPreference", problem->message);
            ok = false;
        }
    if (!ok) return std::nullopt;
    // TTL comes from no user parameter here; above 2^31-1 it still throws as a programming error.
    return m365_records(*domain, options);
}

}  // namespace mailint::dns
