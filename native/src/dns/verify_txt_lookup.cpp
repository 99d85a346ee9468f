#include "dns/verify_txt_lookup.h"

#include <algorithm>
#include <variant>

#include "core/diagnostic.h"
#include "dns/verify_live_name.h"

namespace mailint::dns {

namespace {

// The include and redirect targets of `record` that can be fetched as they stand.
void add_targets(const spf_record &record, std::vector<std::string> &out) {
    for (const auto &term : record.terms) {
        std::string target;
        if (const auto *m = std::get_if<spf_mechanism>(&term)) {
            if (m->kind == spf_mechanism_kind::include) target = m->domain_spec;
        } else if (const auto *mod = std::get_if<spf_modifier>(&term)) {
            if (mod->kind == spf_modifier_kind::redirect) target = mod->value;
        }
        if (target.empty() || has_macro(target)) continue;
        out.push_back(normalised_dns_name(target));
    }
}

}  // namespace

txt_answer to_txt_answer(const query_answer &answer) {
    txt_answer out;
    switch (answer.status) {
    case query_status::ok:
        out.state = txt_answer::status::ok;
        for (const auto &r : answer.records) out.records.push_back(std::get<txt_rdata>(r.data).text);
        break;
    case query_status::nxdomain: out.state = txt_answer::status::nxdomain; break;
    case query_status::nodata: out.state = txt_answer::status::nodata; break;
    case query_status::error:
        out.state = txt_answer::status::error;
        out.error = answer.error_id + ": " + answer.error_message;
        break;
    }
    return out;
}

txt_lookup resolver_txt_lookup(resolver &r) {
    return [&r](const std::string &name) { return to_txt_answer(r.query(name, rr_type::txt)); };
}

txt_answer txt_lookup_cache::lookup(const std::string &name) {
    const std::string key = normalised_dns_name(name);
    if (auto it = answers_.find(key); it != answers_.end()) return it->second;
    txt_answer a = to_txt_answer(resolver_.query(key, rr_type::txt));
    answers_.emplace(key, a);
    return a;
}

void txt_lookup_cache::prefetch(std::span<const spf_record> roots, int waves) {
    std::vector<std::string> targets;
    for (const auto &r : roots) add_targets(r, targets);
    for (int wave = 0; wave < waves && !targets.empty(); ++wave) {
        std::sort(targets.begin(), targets.end());
        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
        std::vector<question> questions;
        for (const auto &t : targets)
            if (!answers_.contains(t)) questions.push_back({t, rr_type::txt});
        if (questions.empty()) break;
        const auto replies = resolver_.query_all(questions);
        targets.clear();
        for (std::size_t i = 0; i < replies.size(); ++i) {
            txt_answer a = to_txt_answer(replies[i]);
            // The next wave: targets of the one SPF record there, if exactly one parses (with
            // none or several the count stops at this name anyway).
            const std::string *spf = nullptr;
            int spf_count = 0;
            for (const auto &text : a.records)
                if (is_spf_record(text)) {
                    spf = &text;
                    ++spf_count;
                }
            if (spf_count == 1) {
                diagnostics ignored;
                if (auto parsed = parse_spf_record(*spf, ignored)) add_targets(*parsed, targets);
            }
            answers_.emplace(questions[i].name, std::move(a));
        }
    }
}

}  // namespace mailint::dns
