#include "dns/spf_merge.h"

#include <algorithm>
#include <variant>

#include "validate/message_text.h"

namespace mailint::dns {

namespace {

using validate::quote_input;

std::string normalised_spec(std::string_view spec) {
    std::string out(spec);
    if (out.ends_with('.')) out.pop_back();
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The network bits of an address: "192.0.2.1/24" and "192.0.2.0/24" are one network.
ipv6_bytes masked(const ipv6_bytes &bytes, int prefix) {
    ipv6_bytes out{};
    for (int i = 0; i < 16; ++i) {
        const int keep = std::clamp(prefix - 8 * i, 0, 8);
        const auto mask = static_cast<std::uint8_t>(keep == 0 ? 0 : 0xFF << (8 - keep));
        out[static_cast<std::size_t>(i)] = bytes[static_cast<std::size_t>(i)] & mask;
    }
    return out;
}

std::uint32_t masked(validate::ipv4_address a, int prefix) {
    return prefix == 0 ? 0 : a.value() & (~std::uint32_t{0} << (32 - prefix));
}

bool is_blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string all_phrase(const spf_mechanism &all) {
    switch (all.qualifier) {
    case spf_qualifier::fail: return "mail from any other server fails SPF";
    case spf_qualifier::softfail: return "mail from any other server soft-fails SPF (usually accepted, marked)";
    case spf_qualifier::neutral: return "mail from any other server gets a neutral SPF result";
    case spf_qualifier::pass: return "mail from any server passes SPF, which makes the record useless";
    }
    return {};
}

std::string joined(const std::vector<spf_mechanism> &terms) {
    std::string out;
    for (const auto &t : terms) {
        if (!out.empty()) out += ' ';
        out += to_string(t);
    }
    return out;
}

}  // namespace

bool same_mechanism(const spf_mechanism &a, const spf_mechanism &b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case spf_mechanism_kind::all: return true;
    case spf_mechanism_kind::include:
    case spf_mechanism_kind::exists:
    case spf_mechanism_kind::ptr: return normalised_spec(a.domain_spec) == normalised_spec(b.domain_spec);
    case spf_mechanism_kind::a:
    case spf_mechanism_kind::mx:
        return normalised_spec(a.domain_spec) == normalised_spec(b.domain_spec) &&
               a.ip4_prefix.value_or(32) == b.ip4_prefix.value_or(32) &&
               a.ip6_prefix.value_or(128) == b.ip6_prefix.value_or(128);
    case spf_mechanism_kind::ip4: {
        const int pa = a.ip4_prefix.value_or(32), pb = b.ip4_prefix.value_or(32);
        return pa == pb && masked(a.ip4, pa) == masked(b.ip4, pb);
    }
    case spf_mechanism_kind::ip6: {
        const int pa = a.ip6_prefix.value_or(128), pb = b.ip6_prefix.value_or(128);
        return pa == pb && masked(a.ip6, pa) == masked(b.ip6, pb);
    }
    }
    return false;
}

spf_merge_result merge_spf_mechanisms(std::optional<std::string_view> existing, std::string_view required,
                                      spf_qualifier all_for_new_record, std::string_view target_view) {
    const std::string target(target_view);
    spf_merge_result result;

    // The terms to add are parsed as a record of their own, so they get exactly the checks the
    // record's own terms get.
    std::vector<spf_mechanism> wanted;
    {
        diagnostics found;
        auto parsed = parse_spf_record("v=spf1 " + std::string(required), found, target);
        for (const auto &d : found.items())
            if (d.level == severity::error) result.findings.add(d.id, d.level, d.target, d.message);
        if (!parsed) return result;
        for (const auto &t : parsed->terms) {
            const auto *m = std::get_if<spf_mechanism>(&t);
            if (!m || m->kind == spf_mechanism_kind::all) {
                result.findings.error("dns.spf.merge_term", target,
                                      "SPF term " + quote_input(to_string(t)) +
                                          " cannot be merged into a record: only mechanisms other than "
                                          "'all' can, because the record's own policy for other senders "
                                          "must stay as it is");
                continue;
            }
            if (std::none_of(wanted.begin(), wanted.end(), [&](const auto &w) { return same_mechanism(w, *m); }))
                wanted.push_back(*m);
        }
        if (result.findings.has_errors()) return result;
        if (wanted.empty()) {
            result.findings.error("dns.spf.merge_term", target,
                                  "no SPF mechanism was given to merge; give e.g. "
                                  "include:spf.protection.outlook.com or 'a mx'");
            return result;
        }
    }

    spf_record merged;
    if (!existing || is_blank(*existing)) {
        spf_mechanism all;
        all.kind = spf_mechanism_kind::all;
        all.qualifier = all_for_new_record;
        for (const auto &w : wanted) merged.terms.emplace_back(w);
        merged.terms.emplace_back(all);
        result.changed = true;
        result.notes.push_back("The domain has no SPF record: publish " + quote_input(to_string(merged)) +
                               " as its only SPF TXT record; with '" + to_string(all) + "' " +
                               all_phrase(all) + ".");
    } else {
        auto parsed = parse_spf_record(*existing, result.findings, target);
        if (!parsed) {
            result.notes.push_back("The existing SPF record has errors, so receivers already treat it as "
                                   "a permanent error; fix them and merge again.");
            return result;
        }
        merged = *parsed;
        std::vector<spf_mechanism> missing;
        for (const auto &w : wanted) {
            const spf_mechanism *present = nullptr;
            for (const auto &t : parsed->terms)
                if (const auto *m = std::get_if<spf_mechanism>(&t); m && same_mechanism(*m, w)) {
                    present = m;
                    break;
                }
            if (!present) {
                missing.push_back(w);
                continue;
            }
            result.notes.push_back(quote_input(to_string(w)) + " is already in the record as " +
                                   quote_input(to_string(*present)) + "; it is not added again.");
            if (present->qualifier != spf_qualifier::pass)
                result.findings.warning(
                    "dns.spf.term_not_pass", target,
                    "SPF term " + quote_input(to_string(*present)) + " is already in the record but its '" +
                        std::string(1, to_char(present->qualifier)) +
                        "' qualifier keeps the mail it matches from passing; remove the qualifier");
        }
        if (!missing.empty()) {
            const auto all = parsed->all_index();
            std::size_t at = 0;
            std::string where;
            if (all) {
                at = *all;
                const auto &all_term = std::get<spf_mechanism>(parsed->terms[*all]);
                where = "before '" + to_string(all_term) + "', which is kept: " + all_phrase(all_term) + ".";
            } else if (const auto *redirect = parsed->redirect()) {
                for (std::size_t i = parsed->terms.size(); i-- > 0;)
                    if (const auto *m = std::get_if<spf_modifier>(&parsed->terms[i]);
                        m && m->kind == spf_modifier_kind::redirect)
                        at = i;
                where = "before '" + to_string(*redirect) +
                        "': the record has no 'all' term and hands every sender it does not list to " +
                        redirect->value + "'s policy; the redirect is kept, so that still holds for "
                        "mail the new terms do not match.";
            } else {
                for (std::size_t i = 0; i < parsed->terms.size(); ++i)
                    if (std::holds_alternative<spf_mechanism>(parsed->terms[i])) at = i + 1;
                where = "after the last mechanism. The record has no 'all' term, so mail from servers "
                        "it does not list gets a neutral result, as with '?all'; consider ending it "
                        "with '~all' or '-all'.";
            }
            merged.terms.insert(merged.terms.begin() + static_cast<std::ptrdiff_t>(at), missing.begin(),
                                missing.end());
            result.changed = true;
            result.notes.push_back("Added " + quote_input(joined(missing)) + " " + where +
                                   " Every existing term is kept, in its order.");
        }
    }

    const int lookups = merged.lookup_terms();
    if (lookups > spf_max_lookups)
        result.findings.warning(
            "dns.spf.too_many_lookups", target,
            "the SPF record has " + std::to_string(lookups) +
                " terms that each need a DNS lookup (include, a, mx, ptr, exists, redirect), before "
                "counting those inside included records; receivers stop at 10 and return a "
                "permanent error, so SPF fails for all mail (RFC 7208 §4.6.4): replace a, mx and "
                "includes of your own servers with their ip4/ip6 ranges (flattening) and remove "
                "includes of services you no longer use");
    result.record = result.changed ? to_string(merged) : std::string(*existing);
    return result;
}

spf_merge_result merge_spf_include(std::optional<std::string_view> existing, std::string_view include_domain,
                                   spf_qualifier all_for_new_record, std::string_view target) {
    if (include_domain.empty() || include_domain.find(' ') != std::string_view::npos) {
        spf_merge_result result;
        result.findings.error("dns.spf.missing_domain", std::string(target),
                              "the domain to include " + quote_input(include_domain) +
                                  " is empty or has spaces; give one domain, e.g. "
                                  "spf.protection.outlook.com");
        return result;
    }
    return merge_spf_mechanisms(existing, "include:" + std::string(include_domain), all_for_new_record, target);
}

spf_merge_result merge_microsoft_365_spf(std::optional<std::string_view> existing, std::string_view target) {
    return merge_spf_include(existing, microsoft_365_spf_include, spf_qualifier::fail, target);
}

std::optional<spf_requirement> read_spf_requirement(std::string_view required_record, diagnostics &found) {
    const auto parsed = parse_spf_record(required_record, found, "required SPF record");
    if (!parsed) return std::nullopt;
    spf_requirement out;
    for (const auto &term : parsed->terms) {
        const auto *m = std::get_if<spf_mechanism>(&term);
        if (!m) continue;
        if (m->kind == spf_mechanism_kind::all) {
            out.all = m->qualifier;
            continue;
        }
        out.mechanisms.push_back(*m);
        if (!out.text.empty()) out.text += ' ';
        out.text += to_string(*m);
    }
    return out;
}

}  // namespace mailint::dns
