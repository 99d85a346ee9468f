#include "dns/record_verifier.h"

#include <algorithm>
#include <map>

#include "dns/verify_cname.h"
#include "dns/verify_live_name.h"
#include "dns/verify_mx.h"
#include "dns/verify_spf.h"
#include "dns/verify_txt_lookup.h"

namespace mailint::dns {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A, SRV: the value is among the name's records of that type.
record_verdict verify_value(const dns_record &required, const live_name &live) {
    if (auto blocked = blocking_verdict(required, live)) return *blocked;
    const rr_type type = query_type_of(required.type());
    const std::string type_name = to_string(type);
    const std::string want = expected_value(required);
    const auto have = live.own_values(type);
    const bool found = std::any_of(have.begin(), have.end(), [&](const std::string &value) {
        if (type != rr_type::srv) return value == want;
        // SRV: numbers exactly, the target as a DNS name.
        const auto cut = [](const std::string &s) { return s.rfind(' '); };
        return value.substr(0, cut(value)) == want.substr(0, cut(want)) &&
               same_dns_name(value.substr(cut(value) + 1), want.substr(cut(want) + 1));
    });
    record_verdict v;
    if (found) {
        v = make_verdict(required, record_status::present, "dns.verify.present",
                         required.fqdn + " has " + type_name + " " + want, severity::info);
    } else if (!have.empty()) {
        std::string list;
        for (const auto &h : have) list += (list.empty() ? "" : ", ") + h;
        v = make_verdict(required, record_status::different, "dns.verify.different",
                         required.fqdn + " has " + type_name + " " + list + ", not " + want + ": replace " +
                             (have.size() == 1 ? "it" : "them") + " with " + type_name + " " + want);
        v.suggested = want;
    } else {
        v = make_verdict(required, record_status::missing, "dns.verify.missing",
                         required.fqdn + " has no " + type_name + " record: add " + type_name + " " + want);
        v.suggested = want;
    }
    v.actual = have;
    return v;
}

// "MS=" of "MS=ms12345678": TXT records with the same key are the same kind of record.
std::string txt_key(std::string_view text) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq > 64) return {};
    std::string key(text.substr(0, eq + 1));
    for (char &c : key) c = fold(c);
    return key;
}

// A TXT that is not SPF: one record at the name with exactly this text, whatever else is there.
record_verdict verify_txt(const dns_record &required, const live_name &live) {
    if (auto blocked = blocking_verdict(required, live)) return *blocked;
    const std::string want = expected_value(required);
    const auto have = live.own_values(rr_type::txt);
    record_verdict v;
    if (std::find(have.begin(), have.end(), want) != have.end()) {
        v = make_verdict(required, record_status::present, "dns.verify.present",
                         required.fqdn + " has TXT \"" + want + "\"", severity::info);
    } else {
        std::vector<std::string> same_kind;
        if (const std::string key = txt_key(want); !key.empty())
            for (const auto &h : have)
                if (txt_key(h) == key) same_kind.push_back(h);
        if (!same_kind.empty()) {
            std::string list;
            for (const auto &s : same_kind) list += (list.empty() ? "\"" : ", \"") + s + "\"";
            v = make_verdict(required, record_status::different, "dns.verify.different",
                             required.fqdn + " has " + list + ", not \"" + want + "\": add TXT \"" + want +
                                 "\" (the other value may belong to another tenant or an earlier attempt)");
            v.findings.front().detail = {{"sameKind", same_kind}};
        } else {
            v = make_verdict(required, record_status::missing, "dns.verify.missing",
                             required.fqdn + " has no TXT \"" + want + "\": add it (other TXT records stay)");
        }
        v.suggested = want;
    }
    v.actual = have;
    return v;
}

}  // namespace

bool domain_verification::all_present() const {
    return std::all_of(records.begin(), records.end(),
                       [](const record_verdict &v) { return v.status == record_status::present; });
}

nlohmann::json domain_verification::to_json() const {
    auto list = nlohmann::json::array();
    for (const auto &r : records) list.push_back(r.to_json());
    return {{"domain", domain}, {"allPresent", all_present()}, {"records", std::move(list)}};
}

std::vector<domain_verification> verify_domains(std::span<const domain_check> checks, resolver &live) {
    // 1. Every (name, type) any check needs, once.
    std::vector<std::map<std::string, std::vector<const dns_record *>>> by_name(checks.size());
    std::map<std::string, std::vector<rr_type>> wanted;
    for (std::size_t c = 0; c < checks.size(); ++c) {
        for (const auto &r : checks[c].required) by_name[c][normalised_dns_name(r.fqdn)].push_back(&r);
        for (const auto &[name, records] : by_name[c]) {
            auto &types = wanted[name];
            for (rr_type t : types_to_ask(records))
                if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
        }
    }
    std::vector<question> questions;
    for (const auto &[name, types] : wanted)
        for (rr_type t : types) questions.push_back({name, t});

    // 2. All of them concurrently.
    auto answers = live.query_all(questions);
    std::map<std::string, live_name> names;
    for (auto &a : answers) {
        auto &n = names[a.name];
        n.name = a.name;
        n.answers.push_back(std::move(a));
    }

    // 3. The SPF include trees, wave by wave across all domains.
    txt_lookup_cache cache(live);
    std::vector<spf_record> roots;
    for (std::size_t c = 0; c < checks.size(); ++c)
        for (const auto &r : checks[c].required)
            if (is_required_spf(r)) {
                auto more = spf_walk_roots(r, names[normalised_dns_name(r.fqdn)]);
                roots.insert(roots.end(), more.begin(), more.end());
            }
    cache.prefetch(roots);
    const txt_lookup lookup = cache.as_lookup();

    // 4. The verdicts, from memory (a lookup the prefetch missed is asked then).
    std::vector<domain_verification> out;
    out.reserve(checks.size());
    for (std::size_t c = 0; c < checks.size(); ++c) {
        domain_verification report{checks[c].domain, {}};
        for (const auto &r : checks[c].required) {
            const std::string name = normalised_dns_name(r.fqdn);
            const live_name &at = names[name];
            const auto &siblings = by_name[c][name];
            switch (r.type()) {
            case record_type::mx:
                report.records.push_back(verify_mx(r, siblings, at, checks[c].options.migrating));
                break;
            case record_type::cname: report.records.push_back(verify_cname(r, at)); break;
            case record_type::txt:
                report.records.push_back(is_required_spf(r) ? verify_spf(r, at, lookup) : verify_txt(r, at));
                break;
            case record_type::a:
            case record_type::srv: report.records.push_back(verify_value(r, at)); break;
            }
        }
        out.push_back(std::move(report));
    }
    return out;
}

std::vector<record_verdict> verify_records(std::span<const dns_record> required, resolver &live,
                                           const verify_options &options) {
    domain_check check{required.empty() ? std::string() : required.front().fqdn,
                       std::vector<dns_record>(required.begin(), required.end()), options};
    auto reports = verify_domains(std::span<const domain_check>(&check, 1), live);
    return std::move(reports.front().records);
}

}  // namespace mailint::dns
