#include "dns/spf_lookups.h"

#include <algorithm>
#include <map>
#include <optional>

namespace mailint::dns {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string normalised_name(std::string_view name) {
    std::string out(name);
    if (out.ends_with('.')) out.pop_back();
    for (char &c : out) c = lower(c);
    return out;
}

std::string lookups_text(int n) { return std::to_string(n) + (n == 1 ? " lookup" : " lookups"); }

// The domain-spec with its macros expanded when they depend only on the domain being evaluated
// (%{d} with its transformers, RFC 7208 §7.3, and the literals %% %_ %-); nullopt when any
// macro needs the message (%{i}, %{s}, %{l} ...). A parsed record's macros are valid; a
// malformed one in a record built by hand is treated as unresolvable too.
std::optional<std::string> expand_static(std::string_view spec, std::string_view domain) {
    std::string out;
    for (std::size_t i = 0; i < spec.size();) {
        if (spec[i] != '%') {
            out += spec[i++];
            continue;
        }
        if (i + 1 == spec.size()) return std::nullopt;
        const char next = spec[i + 1];
        if (next != '{') {
            out += next == '%' ? "%" : next == '_' ? " " : "%20";
            i += 2;
            continue;
        }
        const std::size_t close = spec.find('}', i);
        if (close == std::string_view::npos || close == i + 2) return std::nullopt;
        const std::string_view body = spec.substr(i + 2, close - i - 2);
        if (lower(body[0]) != 'd') return std::nullopt;
        std::size_t k = 1;
        std::size_t keep = 0;
        for (; k < body.size() && body[k] >= '0' && body[k] <= '9'; ++k)
            keep = std::min<std::size_t>(keep * 10 + static_cast<std::size_t>(body[k] - '0'), 1000);
        bool reverse = false;
        if (k < body.size() && lower(body[k]) == 'r') {
            reverse = true;
            ++k;
        }
        std::string_view delimiters = body.substr(k);
        if (delimiters.empty()) delimiters = ".";
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        for (std::size_t j = 0; j <= domain.size(); ++j)
            if (j == domain.size() || delimiters.find(domain[j]) != std::string_view::npos) {
                parts.push_back(domain.substr(start, j - start));
                start = j + 1;
            }
        if (reverse) std::reverse(parts.begin(), parts.end());
        const std::size_t first = keep == 0 || keep >= parts.size() ? 0 : parts.size() - keep;
        for (std::size_t j = first; j < parts.size(); ++j) {
            if (j > first) out += '.';
            out += parts[j];
        }
        i = close + 1;
    }
    return out;
}

class walker {
public:
    walker(const txt_lookup &lookup, spf_lookup_report &report) : lookup_(lookup), report_(report) {}

    // The lookups `record` (of `domain`) costs, its nested records included.
    int walk(const std::string &domain, const spf_record &record, int depth) {
        path_.push_back(domain);
        int total = 0;
        bool all_seen = false;
        for (const auto &term : record.terms) {
            const auto *m = std::get_if<spf_mechanism>(&term);
            if (!m) continue;
            if (m->kind == spf_mechanism_kind::all) {
                all_seen = true;  // nothing after it is evaluated, redirect= included (§6.1)
                break;
            }
            if (!m->causes_lookup()) continue;
            total += counted(domain, to_string(*m), m->kind == spf_mechanism_kind::include, m->domain_spec, depth);
        }
        if (const auto *redirect = record.redirect(); redirect && !all_seen)
            total += counted(domain, to_string(*redirect), true, redirect->value, depth);
        path_.pop_back();
        return total;
    }

private:
    // One lookup term: its own lookup plus, for include and redirect, its target's record.
    int counted(const std::string &domain, const std::string &term, bool follows, const std::string &spec,
                int depth) {
        const std::size_t line = report_.chain.size();
        report_.chain.emplace_back();
        int count = 1;
        std::string note;
        if (follows) count += follow(domain, term, spec, depth, note);
        report_.chain[line] = std::string(2 * static_cast<std::size_t>(depth), ' ') + term + " (" +
                              lookups_text(count) + note + ")";
        return count;
    }

    void problem(const char *id, severity level, const std::string &target, const std::string &message) {
        report_.problems.push_back(message);
        report_.findings.add(id, level, target, message);
    }

    int follow(const std::string &domain, const std::string &term, const std::string &spec, int depth,
               std::string &note) {
        const auto expanded = expand_static(spec, domain);
        if (!expanded) {
            note = "; its target uses macros, so what it adds is known only when mail arrives";
            return 0;
        }
        const std::string name = normalised_name(*expanded);
        const std::string where = term + " in the SPF record of " + domain;
        if (std::find(path_.begin(), path_.end(), name) != path_.end()) {
            std::string loop;
            for (const auto &p : path_) loop += p + " -> ";
            problem("dns.spf.include_loop", severity::error, domain,
                    where + " leads back to " + name + " (" + loop + name +
                        "); receivers go round until they pass 10 lookups and return a permanent "
                        "error: remove the term that closes the loop");
            note = "; loops back to " + name;
            return 0;
        }
        if (followed_ >= spf_max_followed_records) {
            report_.complete = false;
            if (!limit_reported_)
                problem("dns.spf.walk_limit", severity::warning, domain,
                        "stopped after following " + std::to_string(spf_max_followed_records) +
                            " include and redirect targets; the record needs far more than the 10 "
                            "lookups receivers allow, and the count shown is a lower bound");
            limit_reported_ = true;
            note = "; not followed: walk limit reached";
            return 0;
        }
        ++followed_;
        const txt_answer &answer = fetch(name);
        const bool is_void = answer.state == txt_answer::status::nxdomain ||
                             answer.state == txt_answer::status::nodata ||
                             (answer.state == txt_answer::status::ok && answer.records.empty());
        if (answer.state == txt_answer::status::error) {
            report_.complete = false;
            problem("dns.spf.lookup_failed", severity::warning, domain,
                    "could not read the TXT records of " + name + " for " + where + " (" + answer.error +
                        "); the lookup count is incomplete: check the DNS servers and try again");
            note = "; could not be read";
            return 0;
        }
        if (is_void) {
            ++report_.void_lookups;
            const bool nx = answer.state == txt_answer::status::nxdomain;
            problem("dns.spf.target_missing", severity::error, domain,
                    where + ": " + name + (nx ? " does not exist (NXDOMAIN)" : " has no TXT records") +
                        ", a void lookup; receivers return a permanent error for a target without an "
                        "SPF record (RFC 7208 §5.2, §6.1): correct the name or remove the term");
            note = nx ? "; void: NXDOMAIN" : "; void: no TXT records";
            return 0;
        }
        std::vector<const std::string *> spf;
        for (const auto &r : answer.records)
            if (is_spf_record(r)) spf.push_back(&r);
        if (spf.empty()) {
            problem("dns.spf.target_not_spf", severity::error, domain,
                    where + ": " + name + " has TXT records but no SPF record (v=spf1); receivers return "
                                          "a permanent error (RFC 7208 §5.2, §6.1): correct the name or "
                                          "remove the term");
            note = "; no SPF record there";
            return 0;
        }
        if (spf.size() > 1) {
            problem("dns.spf.multiple_records", severity::error, domain,
                    where + ": " + name + " has " + std::to_string(spf.size()) +
                        " SPF records; receivers return a permanent error when there is more than one "
                        "(RFC 7208 §4.5): its owner must merge them into one");
            note = "; " + std::to_string(spf.size()) + " SPF records there";
            return 0;
        }
        diagnostics found;
        const auto record = parse_spf_record(*spf.front(), found, name);
        if (!record) {
            const auto *first = found.first_error();
            problem("dns.spf.target_malformed", severity::error, domain,
                    where + ": the SPF record of " + name + " is malformed, so receivers return a "
                                                            "permanent error: " +
                        (first ? first->message : std::string("unreadable")));
            note = "; its record is malformed";
            return 0;
        }
        return walk(name, *record, depth + 1);
    }

    // One DNS query per name: a record included twice is evaluated twice (and counted twice, as
    // receivers do) but fetched once.
    const txt_answer &fetch(const std::string &name) {
        auto found = cache_.find(name);
        if (found == cache_.end()) found = cache_.emplace(name, lookup_(name)).first;
        return found->second;
    }

    const txt_lookup &lookup_;
    spf_lookup_report &report_;
    std::vector<std::string> path_;  // records being evaluated, outermost first
    std::map<std::string, txt_answer> cache_;
    int followed_ = 0;
    bool limit_reported_ = false;
};

}  // namespace

spf_lookup_report count_spf_lookups(std::string_view domain, const spf_record &record, const txt_lookup &lookup) {
    spf_lookup_report report;
    const std::string name = normalised_name(domain);
    walker w(lookup, report);
    report.lookups = w.walk(name, record, 0);
    if (report.lookups > spf_max_lookups) {
        std::string message = "evaluating the SPF record of " + name + " needs " + std::to_string(report.lookups) +
                              (report.complete ? "" : " or more") +
                              " DNS lookups; receivers stop at 10 and return a permanent error, so SPF "
                              "fails for all its mail (RFC 7208 §4.6.4): replace includes of your own "
                              "servers and a/mx terms with ip4/ip6 ranges (flattening) and remove "
                              "includes of services you no longer use";
        report.problems.insert(report.problems.begin(), message);
        diagnostics first;
        first.error("dns.spf.too_many_lookups", name, message);
        first.append(report.findings);
        report.findings = std::move(first);
    }
    if (report.void_lookups > spf_max_void_lookups) {
        const std::string message =
            "evaluating the SPF record of " + name + " meets " + std::to_string(report.void_lookups) +
            " void lookups (names that do not exist or have no TXT records); receivers may stop after 2 "
            "and return a permanent error (RFC 7208 §4.6.4): correct or remove the terms marked 'void'";
        report.problems.push_back(message);
        report.findings.error("dns.spf.too_many_void_lookups", name, message);
    }
    return report;
}

}  // namespace mailint::dns
