#include "dns/verify_spf.h"

#include <algorithm>
#include <variant>

#include "dns/spf_merge.h"

namespace mailint::dns {

namespace {

std::string joined(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &i : items) out += (out.empty() ? "" : " ") + i;
    return out;
}

nlohmann::json count_detail(const spf_lookup_report &report) {
    return {{"lookups", report.lookups},
            {"voidLookups", report.void_lookups},
            {"complete", report.complete},
            {"chain", report.chain}};
}

// The live SPF records at the name (the TXT records the name itself owns that are SPF).
std::vector<std::string> live_spf_texts(const live_name &live) {
    std::vector<std::string> out;
    for (auto &text : live.own_values(rr_type::txt))
        if (is_spf_record(text)) out.push_back(std::move(text));
    return out;
}

// The lookup count of the live record folded into the verdict: a fault receivers reject makes it
// conflicting whatever the comparison said; warnings (an incomplete count) are added.
void apply_count(record_verdict &v, const spf_lookup_report &report) {
    std::vector<verify_finding> extra;
    for (const auto &d : report.findings.items()) extra.push_back({d.id, d.level, d.message, nlohmann::json::object()});
    if (const auto *first = report.findings.first_error()) {
        const bool over = report.lookups > spf_max_lookups;
        verify_finding primary{over ? "dns.verify.spf.too_many_lookups" : "dns.verify.spf.permerror", severity::error,
                               first->message, count_detail(report)};
        if (v.status == record_status::present) v.findings.clear();  // "present" would mislead
        v.findings.insert(v.findings.begin(), std::move(primary));
        v.status = record_status::conflicting;
    } else if (!v.findings.empty()) {
        v.findings.front().detail["lookups"] = report.lookups;
        v.findings.front().detail["chain"] = report.chain;
    }
    v.findings.insert(v.findings.end(), extra.begin(), extra.end());
}

// A warning when the record the verdict suggests would itself be over the limit.
void check_suggestion(record_verdict &v, const std::string &domain, const txt_lookup &lookup) {
    if (!v.suggested) return;
    diagnostics ignored;
    const auto parsed = parse_spf_record(*v.suggested, ignored);
    if (!parsed) return;
    const auto report = count_spf_lookups(domain, *parsed, lookup);
    if (report.lookups <= spf_max_lookups) return;
    v.findings.push_back({"dns.verify.spf.suggestion_too_many_lookups", severity::warning,
                          "the suggested SPF record would need " + std::to_string(report.lookups) +
                              " DNS lookups, more than the 10 receivers allow: replace includes of your own "
                              "servers and a/mx terms with ip4/ip6 ranges, or remove includes of services "
                              "you no longer use, before publishing it",
                          count_detail(report)});
}

}  // namespace

bool is_required_spf(const dns_record &record) {
    const auto *txt = std::get_if<txt_data>(&record.data);
    return txt && is_spf_record(txt->text);
}

std::vector<spf_record> spf_walk_roots(const dns_record &required, const live_name &live) {
    std::vector<spf_record> out;
    diagnostics ignored;
    if (auto r = parse_spf_record(std::get<txt_data>(required.data).text, ignored)) out.push_back(std::move(*r));
    const auto texts = live_spf_texts(live);
    if (texts.size() == 1)
        if (auto r = parse_spf_record(texts.front(), ignored)) out.push_back(std::move(*r));
    return out;
}

record_verdict verify_spf(const dns_record &required, const live_name &live, const txt_lookup &lookup) {
    if (auto blocked = blocking_verdict(required, live)) return *blocked;
    const std::string target = "TXT " + required.fqdn;

    diagnostics required_problems;
    const auto wanted = read_spf_requirement(std::get<txt_data>(required.data).text, required_problems);
    if (!wanted || wanted->mechanisms.empty()) {
        const auto *first = required_problems.first_error();
        return make_verdict(required, record_status::error, "dns.verify.required_invalid",
                            "the required SPF record \"" + expected_value(required) + "\" cannot be checked: " +
                                (first ? first->message : std::string("it authorises no sender")));
    }

    const auto texts = live_spf_texts(live);
    if (texts.empty()) {
        auto v = make_verdict(required, record_status::missing, "dns.verify.missing",
                              required.fqdn + " has no SPF record: add TXT \"" + expected_value(required) +
                                  "\" (a domain has one SPF record; other TXT records stay)");
        v.suggested = expected_value(required);
        return v;
    }

    if (texts.size() > 1) {
        // One record holding every mechanism of all of them, then the required ones; the first
        // in sorted order gives the policy for other senders, so the suggestion is stable.
        std::optional<std::string> merged = texts.front();
        for (std::size_t i = 1; i < texts.size() && merged; ++i) {
            diagnostics ignored;
            std::vector<std::string> mechanisms;
            if (auto other = parse_spf_record(texts[i], ignored))
                for (const auto &t : other->terms)
                    if (const auto *m = std::get_if<spf_mechanism>(&t); m && m->kind != spf_mechanism_kind::all)
                        mechanisms.push_back(to_string(*m));
            if (!mechanisms.empty())
                merged = merge_spf_mechanisms(*merged, joined(mechanisms), wanted->all, target).record;
        }
        if (merged) merged = merge_spf_mechanisms(*merged, wanted->text, wanted->all, target).record;
        auto v = make_verdict(required, record_status::conflicting, "dns.verify.spf.duplicate",
                              required.fqdn + " has " + std::to_string(texts.size()) +
                                  " SPF records; receivers treat more than one as a permanent error, so SPF "
                                  "fails for all its mail (RFC 7208 §4.5): replace them with one record" +
                                  (merged ? " \"" + *merged + "\"" : std::string(" holding all their mechanisms")));
        v.actual = texts;
        v.suggested = merged;
        v.findings.front().detail = {{"records", texts}};
        return v;
    }

    const std::string &live_text = texts.front();
    auto merge = merge_spf_mechanisms(live_text, wanted->text, wanted->all, target);
    record_verdict v;
    if (!merge.record) {
        const auto *first = merge.findings.first_error();
        v = make_verdict(required, record_status::conflicting, "dns.verify.spf.malformed",
                         "the SPF record at " + required.fqdn + " is malformed (" +
                             (first ? first->message : std::string("unreadable")) +
                             "); receivers treat it as a permanent error: correct it so that it authorises " +
                             wanted->text);
        v.actual = texts;
        for (const auto &d : merge.findings.items())
            if (&d != first) v.findings.push_back({d.id, d.level, d.message, nlohmann::json::object()});
        return v;
    }

    diagnostics ignored;
    const auto parsed_live = parse_spf_record(live_text, ignored);  // parses: the merge read it
    if (merge.changed) {
        std::vector<std::string> missing;
        for (const auto &w : wanted->mechanisms)
            if (std::none_of(parsed_live->terms.begin(), parsed_live->terms.end(), [&](const spf_term &t) {
                    const auto *m = std::get_if<spf_mechanism>(&t);
                    return m && same_mechanism(*m, w);
                }))
                missing.push_back(to_string(w));
        v = make_verdict(required, record_status::different, "dns.verify.spf.mechanism_missing",
                         "the SPF record at " + required.fqdn + " does not authorise " + joined(missing) +
                             ": replace it with \"" + *merge.record +
                             "\" (every existing term and its policy for other senders are kept)");
        v.suggested = merge.record;
        v.findings.front().detail = {{"missing", missing}};
    } else if (merge.findings.items().end() !=
               std::find_if(merge.findings.items().begin(), merge.findings.items().end(),
                            [](const diagnostic &d) { return d.id == "dns.spf.term_not_pass"; })) {
        const auto &d = *std::find_if(merge.findings.items().begin(), merge.findings.items().end(),
                                      [](const diagnostic &x) { return x.id == "dns.spf.term_not_pass"; });
        v = make_verdict(required, record_status::different, "dns.verify.spf.mechanism_not_pass",
                         "the SPF record at " + required.fqdn + ": " + d.message);
    } else {
        v = make_verdict(required, record_status::present, "dns.verify.present",
                         "the SPF record at " + required.fqdn + " authorises " + wanted->text,
                         severity::info);
    }
    v.actual = texts;
    apply_count(v, count_spf_lookups(required.fqdn, *parsed_live, lookup));
    check_suggestion(v, required.fqdn, lookup);
    return v;
}

}  // namespace mailint::dns
