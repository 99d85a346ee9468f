#include "dns/verify_live_name.h"

#include <algorithm>

namespace mailint::dns {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// "A 192.0.2.1, TXT "v=spf1 -all"" for a message; a long list is cut, the count kept.
std::string describe(const std::vector<const resource_record *> &records) {
    std::string out;
    const std::size_t shown = std::min<std::size_t>(records.size(), 4);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i) out += ", ";
        const auto &r = *records[i];
        out += std::string(to_string(r.type)) + " " +
               (r.type == rr_type::txt ? "\"" + r.value() + "\"" : r.value());
    }
    if (records.size() > shown) out += " and " + std::to_string(records.size() - shown) + " more";
    return out;
}

record_verdict failed_query(const dns_record &required, const query_answer &a) {
    auto v = make_verdict(required, record_status::error, a.error_id,
                          a.error_message +
                              "; the record's state is unknown, not absent: check the DNS servers "
                              "(or name others) and run the test again");
    v.findings.front().detail = {{"query", a.to_json()}};
    return v;
}

}  // namespace

bool same_dns_name(std::string_view a, std::string_view b) {
    if (a.ends_with('.')) a.remove_suffix(1);
    if (b.ends_with('.')) b.remove_suffix(1);
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return fold(x) == fold(y); });
}

std::string normalised_dns_name(std::string_view name) {
    if (name.size() > 1 && name.ends_with('.')) name.remove_suffix(1);
    std::string out(name);
    for (char &c : out) c = fold(c);
    return out;
}

const query_answer *live_name::answer(rr_type t) const {
    for (const auto &a : answers)
        if (a.type == t) return &a;
    return nullptr;
}

const resource_record *live_name::own_cname() const {
    if (const auto *c = answer(rr_type::cname); c && c->ok())
        for (const auto &r : c->records)
            if (same_dns_name(r.owner, name)) return &r;
    for (const auto &a : answers)
        if (!a.cname_chain.empty() && same_dns_name(a.cname_chain.front().owner, name)) return &a.cname_chain.front();
    return nullptr;
}

std::vector<const resource_record *> live_name::own_other_data() const {
    std::vector<const resource_record *> out;
    for (const auto &a : answers) {
        if (a.type == rr_type::cname || !a.ok() || !a.cname_chain.empty()) continue;
        for (const auto &r : a.records)
            if (same_dns_name(r.owner, name)) out.push_back(&r);
    }
    return out;
}

std::vector<std::string> live_name::own_values(rr_type t) const {
    std::vector<std::string> out;
    const auto *a = answer(t);
    if (!a || !a->ok() || (t != rr_type::cname && !a->cname_chain.empty())) return out;
    for (const auto &r : a->records)
        if (same_dns_name(r.owner, name)) out.push_back(r.value());
    // Servers rotate record order; reports and suggestions built from it must not.
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<rr_type> types_to_ask(std::span<const dns_record *const> required_at_name) {
    std::vector<rr_type> out{rr_type::cname};
    auto add = [&](rr_type t) {
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    };
    for (const dns_record *r : required_at_name) {
        if (r->type() == record_type::cname) {
            for (rr_type t : {rr_type::a, rr_type::aaaa, rr_type::mx, rr_type::txt, rr_type::srv}) add(t);
        } else {
            add(query_type_of(r->type()));
        }
    }
    return out;
}

std::optional<record_verdict> blocking_verdict(const dns_record &required, const live_name &live) {
    const bool wants_cname = required.type() == record_type::cname;
    // Whether the name is an alias decides first, so that query must have worked.
    if (const auto *c = live.answer(rr_type::cname); c && c->failed()) return failed_query(required, *c);
    const resource_record *cname = live.own_cname();
    // Without an alias, the answers the verdict rests on must have worked too: the required type,
    // and for a CNAME every type that could sit beside it. With one, a failure of another type
    // concerns the alias's target (a recursive resolver follows it), not this name.
    if (!cname)
        for (const auto &a : live.answers)
            if (a.failed() && (wants_cname || a.type == query_type_of(required.type())))
                return failed_query(required, a);
    const auto others = live.own_other_data();
    const std::string type = to_string(required.type());
    if (cname && !others.empty()) {
        auto v = make_verdict(required, record_status::conflicting, "dns.verify.cname_conflict",
                              required.fqdn + " holds a CNAME (to " + cname->value() + ") beside other data (" +
                                  describe(others) +
                                  "), which DNS forbids (RFC 1034 §3.6.2): resolvers see one or the other. Keep "
                                  "either the CNAME or the other records, then publish " + type + " " +
                                  expected_value(required));
        v.findings.front().detail = {{"cname", cname->value()}};
        return v;
    }
    if (cname && !wants_cname) {
        auto v = make_verdict(required, record_status::conflicting, "dns.verify.cname_conflict",
                              required.fqdn + " is an alias (CNAME to " + cname->value() +
                                  "), so no " + type + " record can be published beside it (RFC 1034 §3.6.2); "
                                  "remove the CNAME, then add " + type + " " + expected_value(required));
        v.actual = {"CNAME " + cname->value()};
        v.findings.front().detail = {{"cname", cname->value()}};
        return v;
    }
    if (!cname && wants_cname && !others.empty()) {
        auto v = make_verdict(required, record_status::conflicting, "dns.verify.cname_conflict",
                              required.fqdn + " already holds " + describe(others) +
                                  "; a CNAME cannot be beside other data (RFC 1034 §3.6.2): delete those "
                                  "records, then add CNAME " + expected_value(required));
        for (const auto *r : others) v.actual.push_back(std::string(to_string(r->type)) + " " + r->value());
        return v;
    }
    return std::nullopt;
}

}  // namespace mailint::dns
