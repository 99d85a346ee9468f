#include "dns/teams_essentials_records.h"

#include "core/error.h"
#include "dns/m365_records.h"
#include "validate/domain_name.h"
#include "validate/message_text.h"

namespace mailint::dns {

namespace {

constexpr std::uint32_t max_ttl = 2147483647;  // RFC 2181 §8
constexpr std::size_t max_label_bytes = 63;
constexpr std::size_t max_name_bytes = 253;
constexpr std::string_view longest_prefix = "selector1._domainkey.";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

void require_domain(const std::string &value, const char *what) {
    if (auto parsed = validate::parse_domain_name(value); !parsed)
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    std::string(what) + " " + validate::quote_input(value) + " " + parsed.problem);
}

// Selector targets hold "_domainkey": DNS names, not host names, so the looser check.
constexpr const char *not_a_dns_name =
    "is not a DNS name (labels of letters, digits, '-' and '_', separated by dots)";

void require_dns_name(const std::string &value, const char *what) {
    if (!normalise_dns_name(value))
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    std::string(what) + " " + validate::quote_input(value) + " " + not_a_dns_name);
}

}  // namespace

dns_record spf_include_requirement::as_required_record() const {
    return dns_record{name, fqdn, ttl, txt_data{"v=spf1 " + mechanism() + " ~all"}, purpose};
}

std::optional<std::string> documented_dkim_target(int selector, std::string_view domain,
                                                  std::string_view initial_domain) {
    std::string label = "selector" + std::to_string(selector) + "-" + dashed_domain(domain);
    if (label.size() > max_label_bytes) return std::nullopt;
    std::string zone = lower(initial_domain);
    if (zone.ends_with('.')) zone.pop_back();
    return label + "._domainkey." + zone;
}

teams_essentials_dns teams_essentials_records(std::string_view domain, const teams_essentials_dns_options &options) {
    if (options.ttl > max_ttl)
        throw error(errc::invalid_argument, "dns.ttl.out_of_range",
                    "TTL " + std::to_string(options.ttl) + " is above 2147483647 (RFC 2181)");
    std::optional<std::string> code;
    if (options.verification_code) {
        code = parse_verification_code(*options.verification_code);
        if (!code)
            throw error(errc::invalid_argument, "validation.dns.verification_code.malformed",
                        "VerificationCode " + validate::quote_input(*options.verification_code) +
                            " is not a Microsoft 365 verification code");
    }
    if (!options.initial_domain.empty()) require_domain(options.initial_domain, "InitialDomain");
    if (options.dkim) {
        require_dns_name(options.dkim->selector1, "Selector1CNAME");
        require_dns_name(options.dkim->selector2, "Selector2CNAME");
    }
    std::string zone = lower(domain);
    if (zone.ends_with('.')) zone.pop_back();
    if (zone.size() + longest_prefix.size() > max_name_bytes)
        throw error(errc::invalid_argument, "validation.domain.malformed",
                    "domain '" + zone + "' is too long to hold the names of its DKIM records");
    const std::uint32_t ttl = options.ttl;

    teams_essentials_dns out;
    out.zone = zone;
    // Teams Essentials verifies by TXT only (T2 step 3), whatever the M3 wizard offered.
    if (code)
        out.records.push_back(ownership_proof_record(zone, *code, ownership_proof::txt, ttl));
    else
        out.notes.push_back("The TXT record that proves you own " + zone +
                            " (MS=ms...) is given by Microsoft 365 once the domain is added; connect to the "
                            "tenant to include it.");

    const std::string spf_mechanism = "include:" + std::string(microsoft_spf_include);
    if (options.keep_existing_mx) {
        spf_include_requirement spf;
        spf.fqdn = zone;
        spf.ttl = ttl;
        spf.purpose = "SPF: the existing record must also name Microsoft 365 (" + spf_mechanism +
                      "), keeping every other mechanism, so mail Microsoft 365 sends for " + zone +
                      " is not taken for spam";
        out.spf_include = std::move(spf);
        out.notes.push_back("Keep the existing MX records: mail for " + zone + " still goes to the current mail system.");
        out.notes.push_back("Add " + spf_mechanism + " to the existing SPF TXT record of " + zone +
                            " (one SPF record only; keep its other mechanisms and its all qualifier).");
    } else {
        if (auto mx_host = exchange_online_mx_host(zone))
            out.records.push_back(make_record(zone, "@", ttl, mx_data{0, *mx_host},
                                              "Routes mail for " + zone + " to Exchange Online"));
        else
            out.notes.push_back("The Exchange Online MX host of " + zone +
                                " cannot be derived from its name; copy it from the Microsoft 365 admin center.");
        out.records.push_back(make_record(zone, "@", ttl, txt_data{"v=spf1 " + spf_mechanism + " -all"},
                                          "SPF: Microsoft 365's mail servers may send mail for " + zone));
    }

    std::optional<std::string> target1, target2;
    if (options.dkim) {
        target1 = normalise_dns_name(options.dkim->selector1);
        target2 = normalise_dns_name(options.dkim->selector2);
    } else if (!options.initial_domain.empty()) {
        target1 = documented_dkim_target(1, zone, options.initial_domain);
        target2 = documented_dkim_target(2, zone, options.initial_domain);
    }
    if (target1 && target2) {
        out.records.push_back(make_record(zone, "selector1._domainkey", ttl, cname_data{*target1},
                                          "DKIM: Microsoft 365's first signing key for " + zone));
        out.records.push_back(make_record(zone, "selector2._domainkey", ttl, cname_data{*target2},
                                          "DKIM: Microsoft 365's second signing key (used when the keys rotate)"));
        out.notes.push_back("Enable DKIM signing in Microsoft 365 only once both selector CNAMEs resolve.");
    } else if (options.initial_domain.empty()) {
        out.notes.push_back("The DKIM selector CNAMEs point into the tenant's initial domain (...onmicrosoft.com); "
                            "give it, or connect to the tenant, to include them.");
    } else {
        out.notes.push_back("The DKIM selector targets of " + zone +
                            " cannot be derived from its name; read Selector1CNAME and Selector2CNAME with "
                            "Get-DkimSigningConfig.");
    }
    return out;
}

std::optional<teams_essentials_dns> teams_essentials_records(std::string_view domain_text,
                                                             const teams_essentials_dns_options &options,
                                                             diagnostics &out, std::string_view domain_parameter) {
    auto domain = validate::validate_any_level_domain(domain_text, domain_parameter, out);
    bool ok = domain.has_value();
    if (options.verification_code && !parse_verification_code(*options.verification_code)) {
        out.error("validation.dns.verification_code.malformed", "VerificationCode",
                  "VerificationCode " + validate::quote_input(*options.verification_code) +
                      " is not a Microsoft 365 verification code; give the value of the TXT record Microsoft "
                      "365 shows for the domain, e.g. 'MS=ms12345678'");
        ok = false;
    }
    if (!options.initial_domain.empty() && !validate::validate_any_level_domain(options.initial_domain, "InitialDomain", out)) ok = false;
    if (options.dkim)
        for (const auto &[value, parameter] : {std::pair{&options.dkim->selector1, "Selector1CNAME"},
                                              std::pair{&options.dkim->selector2, "Selector2CNAME"}})
            if (!normalise_dns_name(*value)) {
                out.error("validation.domain.malformed", parameter,
                          std::string(parameter) + " " + validate::quote_input(*value) + " " + not_a_dns_name);
                ok = false;
            }
    if (!ok) return std::nullopt;
    try {
        return teams_essentials_records(*domain, options);
    } catch (const error &e) {
        // A valid domain can still be too long for the names its records need (the DKIM
        // selectors add 21 bytes): a finding about the parameter, not a failure of the call.
        if (e.code() != errc::invalid_argument) throw;
        out.error(e.id(), std::string(domain_parameter), e.what());
        return std::nullopt;
    }
}

}  // namespace mailint::dns
