#include "validate/domain_name.h"

#include <algorithm>
#include <vector>

#include "validate/message_text.h"
#include "validate/public_suffix.h"

namespace mailint::validate {

namespace {

constexpr std::size_t max_name_bytes = 253;  // RFC 1035 255 on the wire = 253 in text
constexpr std::size_t max_label_bytes = 63;

bool is_ldh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<std::string_view> split_labels(std::string_view name) {
    std::vector<std::string_view> labels;
    std::size_t start = 0;
    while (true) {
        auto dot = name.find('.', start);
        labels.push_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return labels;
}

enum class kind { ok, empty, malformed, single_label };

struct verdict {
    kind what = kind::ok;
    std::string problem;
    std::string name;  // normalised, when what == ok or single_label
};

verdict check(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), is_space))
        return {kind::empty, "is empty; give the Internet domain, e.g. 'contoso.com'", {}};
    if (std::any_of(text.begin(), text.end(), is_space))
        return {kind::malformed, "contains white space; remove it", {}};
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
        return {kind::malformed,
                "contains non-ASCII characters; give an internationalised name in its punycode "
                "A-label form ('xn--...'), as DNS and Exchange store it",
                {}};
    std::string_view name = text;
    if (name.ends_with('.')) name.remove_suffix(1);  // the absolute form names the same domain
    if (name.empty()) return {kind::malformed, "is the DNS root, not a domain; give e.g. 'contoso.com'", {}};
    if (name.size() > max_name_bytes)
        return {kind::malformed,
                "is " + std::to_string(name.size()) + " characters long; a domain name has at most 253",
                {}};
    auto labels = split_labels(name);
    for (std::string_view label : labels) {
        if (label.empty())
            return {kind::malformed, "has an empty label (a leading dot or two dots in a row); remove the extra dot", {}};
        if (auto why = dns_label_problem(label)) return {kind::malformed, *why, {}};
    }
    if (all_digits(labels.back())) {
        bool address = labels.size() == 4 && std::all_of(labels.begin(), labels.end(), all_digits);
        return {kind::malformed,
                address ? "is an IP address; give the domain name, e.g. 'contoso.com'"
                        : "ends in a numeric label; top-level domains are not numbers",
                {}};
    }
    std::string normalised = lower(name);
    if (labels.size() == 1)
        return {kind::single_label,
                "has a single label; give the full Internet domain, e.g. '" + normalised + ".com'",
                normalised};
    return {kind::ok, {}, normalised};
}

}  // namespace

std::optional<std::string> dns_label_problem(std::string_view label) {
    if (label.empty()) return "is empty; a DNS label has 1 to 63 characters";
    if (label.size() > max_label_bytes)
        return "has a label of " + std::to_string(label.size()) + " characters (" + quote_input(label) +
               "); a label has at most 63";
    auto bad = std::find_if_not(label.begin(), label.end(), is_ldh);
    if (bad != label.end()) {
        std::string ch = static_cast<unsigned char>(*bad) < 0x20 ? "a control character" : quote_input(std::string_view(&*bad, 1));
        return "contains " + ch + "; use only letters, digits and hyphens";
    }
    if (label.front() == '-' || label.back() == '-')
        return "has a label that starts or ends with a hyphen (" + quote_input(label) + "); remove the hyphen";
    return std::nullopt;
}

parse_result<std::string> parse_domain_name(std::string_view text) {
    verdict v = check(text);
    if (v.what == kind::ok) return parse_result<std::string>::ok(std::move(v.name));
    return parse_result<std::string>::fail(std::move(v.problem));
}

std::optional<std::string> validate_domain_name(std::string_view text, std::string_view parameter,
                                                diagnostics &out) {
    const std::string target(parameter);
    const std::string prefix = target + " " + quote_input(text) + " ";
    verdict v = check(text);
    switch (v.what) {
    case kind::empty:
        out.error("validation.domain.empty", target, target + " " + v.problem);
        return std::nullopt;
    case kind::malformed:
        out.error("validation.domain.malformed", target, prefix + v.problem);
        return std::nullopt;
    case kind::single_label:
        out.error("validation.domain.single_label", target, prefix + v.problem);
        return std::nullopt;
    case kind::ok:
        break;
    }
    auto registered = registrable_domain(v.name);
    if (!registered) {
        out.error("validation.domain.single_label", target,
                  prefix + "is a public suffix, not a domain anyone registers; give your domain "
                           "under it, e.g. 'contoso." + v.name + "'");
        return std::nullopt;
    }
    if (registered->size() != v.name.size()) {
        out.error("validation.domain.third_level", target,
                  target + " '" + v.name + "' is a third-level domain; use the registered domain '" +
                      std::string(*registered) + "'");
        return std::nullopt;
    }
    return std::move(v.name);
}

std::optional<std::string> validate_any_level_domain(std::string_view text, std::string_view parameter,
                                                     diagnostics &out) {
    diagnostics found;
    if (auto name = validate_domain_name(text, parameter, found)) return name;
    bool only_third_level = true;
    for (const auto &d : found.items()) {
        if (d.id == "validation.domain.third_level") continue;
        only_third_level = false;
        out.add(d.id, d.level, d.target, d.message);
    }
    if (!only_third_level) return std::nullopt;
    return *parse_domain_name(text);
}

}  // namespace mailint::validate
