#include "dns/spf_record.h"

#include <algorithm>
#include <array>

#include "validate/message_text.h"

namespace mailint::dns {

namespace {

using validate::quote_input;

constexpr std::string_view spf_version = "v=spf1";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out) c = lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f'); }
bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

// RFC 7208 §7.1 delimiter.
bool is_delimiter(char c) { return std::string_view(".-+,/_=").find(c) != std::string_view::npos; }

// A problem with one term: a stable id and a phrase that follows "SPF term '<term>'".
struct term_problem {
    std::string id;
    std::string phrase;
};

const std::string macro_help =
    "a macro is %{letter} with the letters s, l, o, d, i, p, v, h, e.g. %{i} or %{d2}; write %% "
    "for a percent sign, %_ for a space and %- for %20";

// Why `s` is no macro-string (RFC 7208 §7.1), or nullopt. In a domain-spec the letters c, r and
// t are refused: §7.2 allows them only in explanation text, and a receiver treats them as a
// syntax error elsewhere. `ends_with_expand` tells whether the last thing is a macro, which
// counts as a domain-spec's end in place of a top-level label.
std::optional<std::string> macro_problem(std::string_view s, bool in_domain_spec, bool &ends_with_expand) {
    ends_with_expand = false;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] != '%') {
            ends_with_expand = false;
            ++i;
            continue;
        }
        if (i + 1 == s.size()) return "ends with a lone '%'; " + macro_help;
        const char next = s[i + 1];
        if (next == '%' || next == '_' || next == '-') {
            ends_with_expand = true;
            i += 2;
            continue;
        }
        if (next != '{')
            return "has " + quote_input(s.substr(i, 2)) + ", which is no macro; " + macro_help;
        const std::size_t close = s.find('}', i + 2);
        if (close == std::string_view::npos)
            return "has a macro without its closing brace (" + quote_input(s.substr(i)) + "); " + macro_help;
        const std::string_view whole = s.substr(i, close - i + 1);
        const std::string_view body = s.substr(i + 2, close - i - 2);
        if (body.empty()) return "has an empty macro '%{}'; " + macro_help;
        const char letter = lower(body[0]);
        if (std::string_view("slodiphcrtv").find(letter) == std::string_view::npos)
            return "has the macro " + quote_input(whole) + " with an unknown letter; " + macro_help;
        if (in_domain_spec && (letter == 'c' || letter == 'r' || letter == 't'))
            return "uses " + quote_input(whole) +
                   ", but the letters c, r and t are allowed only in explanation text (RFC 7208 "
                   "§7.2); " + macro_help;
        std::size_t k = 1;
        while (k < body.size() && is_digit(body[k])) ++k;
        const std::string_view digits = body.substr(1, k - 1);
        if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; }))
            return "has the macro " + quote_input(whole) +
                   ", which keeps zero labels; the number after the letter counts labels from the "
                   "right and is 1 or more, e.g. %{d2}";
        if (k < body.size() && lower(body[k]) == 'r') ++k;
        while (k < body.size() && is_delimiter(body[k])) ++k;
        if (k != body.size())
            return "has the macro " + quote_input(whole) +
                   ", which is not a letter followed by an optional number, an optional 'r' and "
                   "delimiters (. - + , / _ =); write e.g. %{d2} or %{ir}";
        ends_with_expand = true;
        i = close + 1;
    }
    return std::nullopt;
}

// RFC 7208 toplabel: letters, digits and inner hyphens, not all digits (so "192.0.2.1" is not a
// domain name).
bool is_toplabel(std::string_view label) {
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; }))
        return false;
    return std::any_of(label.begin(), label.end(), [](char c) { return is_alpha(c) || c == '-'; });
}

// A domain-spec (RFC 7208 §7.1): a macro-string that ends in "." toplabel (an optional final dot)
// or in a macro. Without macros the name must also fit DNS (no empty label, labels up to 63
// bytes, 253 in all), because a receiver's query for it would fail.
std::optional<term_problem> domain_spec_problem(std::string_view spec) {
    bool ends_with_expand = false;
    if (auto why = macro_problem(spec, true, ends_with_expand)) return term_problem{"dns.spf.bad_macro", *why};
    if (ends_with_expand) return std::nullopt;
    std::string_view name = spec;
    if (name.ends_with('.')) name.remove_suffix(1);
    const std::size_t dot = name.rfind('.');
    if (validate::parse_ipv4(name))
        return term_problem{"dns.spf.bad_domain",
                            "names an IP address where a domain belongs; to allow an address write "
                            "ip4:" + std::string(name)};
    if (dot == std::string_view::npos)
        return term_problem{"dns.spf.bad_domain",
                            "has " + quote_input(spec) +
                                ", which is not a fully qualified domain name; write the whole "
                                "name, e.g. spf.example.com"};
    const std::string_view top = name.substr(dot + 1);
    if (!is_toplabel(top))
        return term_problem{"dns.spf.bad_domain",
                            "has the domain " + quote_input(spec) + " ending in " + quote_input(top) +
                                ", which cannot be a top-level label (letters, digits and inner "
                                "hyphens, not all digits); write the full domain, e.g. spf.example.com"};
    if (has_macro(spec)) return std::nullopt;  // labels are known only after expansion
    if (name.size() > 253)
        return term_problem{"dns.spf.bad_domain",
                            "has a domain longer than 253 bytes; DNS names are at most 253"};
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('.', start);
        if (end == std::string_view::npos) end = name.size();
        const std::size_t length = end - start;
        if (length == 0)
            return term_problem{"dns.spf.bad_domain",
                                "has the domain " + quote_input(spec) +
                                    " with an empty label (two dots in a row or a leading dot); "
                                    "remove the extra dot"};
        if (length > 63)
            return term_problem{"dns.spf.bad_domain",
                                "has the domain " + quote_input(spec) +
                                    " with a label longer than 63 bytes; DNS labels are at most 63"};
        start = end + 1;
    }
    return std::nullopt;
}

// The digits after a '/', checked against RFC 7208's ip4-cidr-length / ip6-cidr-length.
std::optional<term_problem> prefix_problem(std::string_view digits, int max, std::string_view family,
                                           std::optional<int> &value) {
    const std::string range = "0 to " + std::to_string(max);
    if (digits.empty())
        return term_problem{"dns.spf.bad_prefix",
                            "has a '/' without a prefix length after it; write e.g. /24, or drop "
                            "the '/'"};
    if (!all_digits(digits))
        return term_problem{"dns.spf.bad_prefix",
                            "has the " + std::string(family) + " prefix length " + quote_input(digits) +
                                ", which is not a number; it is " + range};
    if (digits.size() > 1 && digits.front() == '0') {
        const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
        return term_problem{"dns.spf.bad_prefix",
                            "has the prefix length " + quote_input(digits) +
                                " with a leading zero, which RFC 7208 does not allow; write /" +
                                std::string(digits.substr(first))};
    }
    const int n = digits.size() > 3 ? max + 1 : std::stoi(std::string(digits));
    if (n > max)
        return term_problem{"dns.spf.bad_prefix", "has the " + std::string(family) + " prefix length /" +
                                                      std::string(digits) + "; it is " + range};
    value = n;
    return std::nullopt;
}

std::optional<spf_mechanism_kind> mechanism_kind(std::string_view lowered) {
    static constexpr std::array<std::pair<std::string_view, spf_mechanism_kind>, 8> names = {{
        {"all", spf_mechanism_kind::all},
        {"include", spf_mechanism_kind::include},
        {"a", spf_mechanism_kind::a},
        {"mx", spf_mechanism_kind::mx},
        {"ptr", spf_mechanism_kind::ptr},
        {"ip4", spf_mechanism_kind::ip4},
        {"ip6", spf_mechanism_kind::ip6},
        {"exists", spf_mechanism_kind::exists},
    }};
    for (const auto &[name, kind] : names)
        if (name == lowered) return kind;
    return std::nullopt;
}

term_problem unknown_mechanism(std::string_view lowered) {
    std::string hint;
    if (lowered == "redirect" || lowered == "exp")
        hint = "; " + std::string(lowered) + " is a modifier: write " + std::string(lowered) + "=<domain>";
    else if (lowered == "ipv4" || lowered == "ip")
        hint = "; for an IPv4 address or range write ip4:192.0.2.0/24";
    else if (lowered == "ipv6")
        hint = "; for an IPv6 address or range write ip6:2001:db8::/32";
    else if (lowered == "includes" || lowered == "inc")
        hint = "; write include:<domain>";
    return {"dns.spf.unknown_mechanism",
            "is not an SPF mechanism; the mechanisms are all, include, a, mx, ptr, ip4, ip6 and exists" +
                hint};
}

// Takes a trailing "/digits" (digits possibly empty) off `s`.
std::optional<std::string_view> take_trailing_length(std::string_view &s) {
    const std::size_t slash = s.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view digits = s.substr(slash + 1);
    if (!all_digits(digits)) return std::nullopt;
    s = s.substr(0, slash);
    return digits;
}

// Everything after the mechanism name, for each mechanism. Returns the problem, or fills `m`.
std::optional<term_problem> parse_arguments(std::string_view rest, spf_mechanism &m) {
    const std::string name = to_string(m.kind);
    switch (m.kind) {
    case spf_mechanism_kind::all:
        if (!rest.empty())
            return term_problem{"dns.spf.bad_argument",
                                "gives 'all' an argument; 'all' matches every sender and takes none: "
                                "write -all, ~all, ?all or +all"};
        return std::nullopt;
    case spf_mechanism_kind::include:
    case spf_mechanism_kind::exists:
    case spf_mechanism_kind::ptr: {
        const bool optional_domain = m.kind == spf_mechanism_kind::ptr;
        const std::string example = m.kind == spf_mechanism_kind::include ? "include:spf.protection.outlook.com"
                                    : m.kind == spf_mechanism_kind::exists ? "exists:%{i}._spf.example.com"
                                                                           : "ptr:example.com";
        if (rest.empty()) {
            if (optional_domain) return std::nullopt;
            return term_problem{"dns.spf.missing_domain",
                                "names no domain; write " + name + ":<domain>, e.g. " + example};
        }
        if (rest.front() != ':')
            return term_problem{"dns.spf.bad_prefix",
                                "has a prefix length, but " + name + " takes none; only a, mx, ip4 and "
                                "ip6 do"};
        std::string_view spec = rest.substr(1);
        if (spec.empty())
            return term_problem{"dns.spf.missing_domain",
                                "has ':' but no domain after it; write e.g. " + example};
        std::string_view probe = spec;
        if (take_trailing_length(probe))
            return term_problem{"dns.spf.bad_prefix",
                                "has a prefix length, but " + name + " takes none; only a, mx, ip4 "
                                "and ip6 do"};
        if (auto why = domain_spec_problem(spec)) return why;
        m.domain_spec = std::string(spec);
        return std::nullopt;
    }
    case spf_mechanism_kind::a:
    case spf_mechanism_kind::mx: {
        // dual-cidr-length at the end: "/24", "//64" or "/24//64". A domain-spec never ends in
        // '/' followed by digits (its end is a top-level label or a macro), so taking the
        // lengths from the end cannot eat part of the domain.
        std::string_view body = rest;
        std::optional<std::string_view> v4, v6;
        if (auto last = take_trailing_length(body)) {
            if (body.ends_with('/')) {
                body.remove_suffix(1);
                v6 = last;
                v4 = take_trailing_length(body);
            } else {
                v4 = last;
            }
        }
        std::string_view probe = body;
        if ((!body.empty() && body.front() != ':') || take_trailing_length(probe))
            return term_problem{"dns.spf.bad_prefix",
                                "has prefix lengths that are not '/n' for IPv4 then '//n' for IPv6; "
                                "write e.g. " + name + "/24, " + name + "//64 or " + name + "/24//64"};
        if (v4)
            if (auto why = prefix_problem(*v4, 32, "IPv4", m.ip4_prefix)) return why;
        if (v6)
            if (auto why = prefix_problem(*v6, 128, "IPv6", m.ip6_prefix)) return why;
        if (body.empty()) return std::nullopt;
        const std::string_view spec = body.substr(1);
        if (spec.empty())
            return term_problem{"dns.spf.missing_domain",
                                "has ':' but no domain after it; write " + name + " alone for the "
                                "record's own domain, or e.g. " + name + ":mail.example.com"};
        if (auto why = domain_spec_problem(spec)) return why;
        m.domain_spec = std::string(spec);
        return std::nullopt;
    }
    case spf_mechanism_kind::ip4:
    case spf_mechanism_kind::ip6: {
        const bool v6 = m.kind == spf_mechanism_kind::ip6;
        const std::string id = v6 ? "dns.spf.bad_ip6" : "dns.spf.bad_ip4";
        const std::string example = v6 ? "ip6:2001:db8::/32" : "ip4:192.0.2.0/24";
        if (rest.empty() || rest.front() != ':' || rest.size() == 1)
            return term_problem{id, "names no address; write e.g. " + example};
        std::string_view network = rest.substr(1);
        std::optional<std::string_view> length;
        if (const std::size_t slash = network.find('/'); slash != std::string_view::npos) {
            length = network.substr(slash + 1);
            network = network.substr(0, slash);
        }
        if (network.empty()) return term_problem{id, "names no address; write e.g. " + example};
        if (v6) {
            if (network.find(':') == std::string_view::npos && validate::parse_ipv4(network))
                return term_problem{id, "has an IPv4 address; write it as ip4:" + std::string(rest.substr(1))};
            auto parsed = parse_ipv6(network);
            if (!parsed)
                return term_problem{id, "has the address " + quote_input(network) + ", which " + parsed.problem};
            m.ip6 = *parsed;
        } else {
            if (validate::looks_like_ipv6(network))
                return term_problem{id, "has an IPv6 address; write it as ip6:" + std::string(rest.substr(1))};
            auto parsed = validate::parse_ipv4(network);
            if (!parsed)
                return term_problem{id, "has the address " + quote_input(network) + ", which " + parsed.problem};
            m.ip4 = *parsed;
        }
        if (length)
            if (auto why = prefix_problem(*length, v6 ? 128 : 32, v6 ? "IPv6" : "IPv4",
                                          v6 ? m.ip6_prefix : m.ip4_prefix))
                return why;
        m.address = std::string(network);
        return std::nullopt;
    }
    }
    return std::nullopt;
}

// Parses one term into `term` or adds its problems (errors and warnings) to `out`.
std::optional<spf_term> parse_term(std::string_view t, diagnostics &out, const std::string &target) {
    const std::string what = "SPF term " + quote_input(t) + " ";
    auto fail = [&](const term_problem &p) -> std::optional<spf_term> {
        out.error(p.id, target, what + p.phrase);
        return std::nullopt;
    };
    for (char c : t) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80)
            return fail({"dns.spf.bad_character",
                         "contains a non-ASCII character; SPF records are US-ASCII, so write an "
                         "internationalised domain name as its A-label (xn--...)"});
        if (u <= 0x20 || u == 0x7F)
            return fail({"dns.spf.bad_character",
                         "contains a tab or control character; separate terms with single spaces"});
    }
    const bool has_qualifier = std::string_view("+-~?").find(t.front()) != std::string_view::npos;
    const std::size_t start = has_qualifier ? 1 : 0;

    // A modifier is name "=" value, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
    std::size_t name_end = start;
    if (name_end < t.size() && is_alpha(t[name_end])) {
        ++name_end;
        while (name_end < t.size() &&
               (is_alnum(t[name_end]) || t[name_end] == '-' || t[name_end] == '_' || t[name_end] == '.'))
            ++name_end;
    }
    if (name_end > start && name_end < t.size() && t[name_end] == '=') {
        if (has_qualifier)
            return fail({"dns.spf.bad_term",
                         "puts a qualifier before a modifier; + - ~ ? go only before mechanisms: "
                         "write " + std::string(t.substr(1))});
        const std::string_view name = t.substr(0, name_end);
        const std::string_view value = t.substr(name_end + 1);
        const std::string lowered = lower(name);
        spf_modifier m;
        m.value = std::string(value);
        if (lowered == "redirect" || lowered == "exp") {
            m.kind = lowered == "redirect" ? spf_modifier_kind::redirect : spf_modifier_kind::exp;
            m.name = lowered;
            if (value.empty())
                return fail({"dns.spf.missing_domain",
                             "names no domain; write " + lowered + "=<domain>, e.g. " + lowered +
                                 (lowered == "redirect" ? "=_spf.example.com" : "=explain._spf.%{d}")});
            if (auto why = domain_spec_problem(value)) return fail(*why);
        } else {
            m.kind = spf_modifier_kind::unknown;
            m.name = std::string(name);
            bool ends_with_expand = false;
            if (auto why = macro_problem(value, false, ends_with_expand))
                return fail({"dns.spf.bad_macro", *why});
            if (mechanism_kind(lowered))
                out.warning("dns.spf.mechanism_as_modifier", target,
                            what + "is read as an unknown modifier, which receivers ignore; the "
                                   "mechanism is written with ':', e.g. " + lowered + ":" +
                                   std::string(value));
        }
        return spf_term{std::move(m)};
    }

    std::size_t mech_end = start;
    while (mech_end < t.size() && is_alnum(t[mech_end])) ++mech_end;
    if (mech_end == start) {
        if (start == t.size())
            return fail({"dns.spf.bad_term", "is a qualifier without a mechanism; write e.g. -all"});
        return fail({"dns.spf.bad_term",
                     "does not start with a mechanism or modifier name; a term is e.g. "
                     "include:example.com, -all or redirect=example.com"});
    }
    const std::string lowered = lower(t.substr(start, mech_end - start));
    const auto kind = mechanism_kind(lowered);
    if (!kind) return fail(unknown_mechanism(lowered));
    const std::string_view rest = t.substr(mech_end);
    if (!rest.empty() && rest.front() != ':' && rest.front() != '/')
        return fail({"dns.spf.bad_term",
                     "has " + quote_input(rest.substr(0, 1)) + " after the mechanism name; an "
                     "argument follows a ':' (" + lowered + ":example.com) and a prefix length a '/'"});

    spf_mechanism m;
    m.kind = *kind;
    if (has_qualifier) {
        switch (t.front()) {
        case '+': m.qualifier = spf_qualifier::pass; m.explicit_plus = true; break;
        case '-': m.qualifier = spf_qualifier::fail; break;
        case '~': m.qualifier = spf_qualifier::softfail; break;
        default: m.qualifier = spf_qualifier::neutral; break;
        }
    }
    if (auto why = parse_arguments(rest, m)) return fail(*why);
    if (m.kind == spf_mechanism_kind::ptr)
        out.warning("dns.spf.ptr_discouraged", target,
                    what + "uses ptr, which is slow, unreliable and discouraged (RFC 7208 §5.5); "
                           "list the sending servers with ip4, ip6, a or include instead");
    return spf_term{std::move(m)};
}

std::string not_spf_phrase(std::string_view text) {
    const std::string example = "e.g. 'v=spf1 include:spf.protection.outlook.com -all'";
    if (text.empty()) return "is empty; an SPF record starts with v=spf1, " + example;
    if (text.front() == ' ' || text.front() == '\t')
        return "starts with white space; an SPF record starts with exactly v=spf1, " + example;
    if (text.size() >= 6 && iequals(text.substr(0, 6), "spf2.0"))
        return "is a Sender ID record (spf2.0), not SPF; SPF records start with v=spf1, " + example;
    if (text.size() > 6 && iequals(text.substr(0, 6), spf_version))
        return "has " + quote_input(text.substr(6, 1)) +
               " right after v=spf1; the version must be followed by a single space or end the "
               "record, " + example;
    return "does not start with v=spf1, so receivers do not read it as SPF; " + example;
}

}  // namespace

char to_char(spf_qualifier q) {
    switch (q) {
    case spf_qualifier::pass: return '+';
    case spf_qualifier::fail: return '-';
    case spf_qualifier::softfail: return '~';
    case spf_qualifier::neutral: return '?';
    }
    return '+';
}

const char *to_string(spf_mechanism_kind k) {
    switch (k) {
    case spf_mechanism_kind::all: return "all";
    case spf_mechanism_kind::include: return "include";
    case spf_mechanism_kind::a: return "a";
    case spf_mechanism_kind::mx: return "mx";
    case spf_mechanism_kind::ptr: return "ptr";
    case spf_mechanism_kind::ip4: return "ip4";
    case spf_mechanism_kind::ip6: return "ip6";
    case spf_mechanism_kind::exists: return "exists";
    }
    return "all";
}

bool spf_mechanism::causes_lookup() const {
    switch (kind) {
    case spf_mechanism_kind::include:
    case spf_mechanism_kind::a:
    case spf_mechanism_kind::mx:
    case spf_mechanism_kind::ptr:
    case spf_mechanism_kind::exists: return true;
    case spf_mechanism_kind::all:
    case spf_mechanism_kind::ip4:
    case spf_mechanism_kind::ip6: return false;
    }
    return false;
}

const spf_modifier *spf_record::redirect() const {
    for (const auto &t : terms)
        if (const auto *m = std::get_if<spf_modifier>(&t); m && m->kind == spf_modifier_kind::redirect) return m;
    return nullptr;
}

const spf_modifier *spf_record::explanation() const {
    for (const auto &t : terms)
        if (const auto *m = std::get_if<spf_modifier>(&t); m && m->kind == spf_modifier_kind::exp) return m;
    return nullptr;
}

std::optional<std::size_t> spf_record::all_index() const {
    for (std::size_t i = 0; i < terms.size(); ++i)
        if (const auto *m = std::get_if<spf_mechanism>(&terms[i]); m && m->kind == spf_mechanism_kind::all)
            return i;
    return std::nullopt;
}

int spf_record::lookup_terms() const {
    int n = 0;
    for (const auto &t : terms) {
        if (const auto *m = std::get_if<spf_mechanism>(&t)) n += m->causes_lookup() ? 1 : 0;
        else if (std::get<spf_modifier>(t).kind == spf_modifier_kind::redirect) ++n;
    }
    return n;
}

bool is_spf_record(std::string_view txt) {
    return txt.size() >= spf_version.size() && iequals(txt.substr(0, spf_version.size()), spf_version) &&
           (txt.size() == spf_version.size() || txt[spf_version.size()] == ' ');
}

bool has_macro(std::string_view spec) { return spec.find('%') != std::string_view::npos; }

std::optional<spf_term> parse_spf_term(std::string_view text, diagnostics &out, std::string_view target) {
    if (text.empty()) {
        out.error("dns.spf.bad_term", std::string(target), "SPF term is empty; write e.g. include:example.com");
        return std::nullopt;
    }
    return parse_term(text, out, std::string(target));
}

std::optional<spf_record> parse_spf_record(std::string_view text, diagnostics &out, std::string_view target_view) {
    const std::string target(target_view);
    if (!is_spf_record(text)) {
        out.error("dns.spf.not_spf", target, "record " + quote_input(text) + " " + not_spf_phrase(text));
        return std::nullopt;
    }
    diagnostics found;
    spf_record record;
    bool broken = false;
    std::optional<std::string> redirect_seen, exp_seen;
    std::string_view body = text.substr(spf_version.size());
    while (!body.empty()) {
        const std::size_t begin = body.find_first_not_of(' ');
        if (begin == std::string_view::npos) break;
        body.remove_prefix(begin);
        const std::size_t end = std::min(body.find(' '), body.size());
        const std::string_view word = body.substr(0, end);
        body.remove_prefix(end);
        auto term = parse_term(word, found, target);
        if (!term) {
            broken = true;
            continue;
        }
        if (const auto *m = std::get_if<spf_modifier>(&*term); m && m->kind != spf_modifier_kind::unknown) {
            auto &seen = m->kind == spf_modifier_kind::redirect ? redirect_seen : exp_seen;
            if (seen) {
                found.error("dns.spf.duplicate_modifier", target,
                            "SPF term " + quote_input(word) + " repeats " + m->name + "=, already given as " +
                                quote_input(*seen) + "; a record may have one " + m->name +
                                "= (RFC 7208 §6), so keep the one you mean and remove the other");
                broken = true;
                continue;
            }
            seen = std::string(word);
        }
        record.terms.push_back(std::move(*term));
    }

    if (text.size() > spf_max_octets)
        found.warning("dns.spf.too_long", target,
                      "the SPF record is " + std::to_string(text.size()) +
                          " octets; above 450 its DNS answer may not fit a 512-byte UDP response and "
                          "some receivers fail to read it (RFC 7208 §3.4): shorten it, e.g. by moving "
                          "ip4/ip6 ranges into a record you include");
    if (const auto all = record.all_index()) {
        for (std::size_t i = *all + 1; i < record.terms.size(); ++i)
            if (const auto *m = std::get_if<spf_mechanism>(&record.terms[i]))
                found.warning("dns.spf.after_all", target,
                              "SPF term " + quote_input(to_string(*m)) +
                                  " comes after 'all', so receivers never evaluate it; move it before "
                                  "the all term or remove it");
        if (const auto *r = record.redirect())
            found.warning("dns.spf.redirect_ignored", target,
                          "SPF term " + quote_input(to_string(*r)) +
                              " is ignored because the record has an 'all' term (RFC 7208 §6.1); "
                              "remove the redirect or the all term");
    }
    out.append(found);
    if (broken) return std::nullopt;
    return record;
}

std::string to_string(const spf_mechanism &m) {
    std::string out;
    if (m.explicit_plus || m.qualifier != spf_qualifier::pass) out += to_char(m.qualifier);
    out += to_string(m.kind);
    switch (m.kind) {
    case spf_mechanism_kind::all: break;
    case spf_mechanism_kind::include:
    case spf_mechanism_kind::exists:
    case spf_mechanism_kind::ptr:
        if (!m.domain_spec.empty()) out += ":" + m.domain_spec;
        break;
    case spf_mechanism_kind::a:
    case spf_mechanism_kind::mx:
        if (!m.domain_spec.empty()) out += ":" + m.domain_spec;
        if (m.ip4_prefix) out += "/" + std::to_string(*m.ip4_prefix);
        if (m.ip6_prefix) out += "//" + std::to_string(*m.ip6_prefix);
        break;
    case spf_mechanism_kind::ip4:
        out += ":" + m.address;
        if (m.ip4_prefix) out += "/" + std::to_string(*m.ip4_prefix);
        break;
    case spf_mechanism_kind::ip6:
        out += ":" + m.address;
        if (m.ip6_prefix) out += "/" + std::to_string(*m.ip6_prefix);
        break;
    }
    return out;
}

std::string to_string(const spf_modifier &m) { return m.name + "=" + m.value; }

std::string to_string(const spf_term &term) {
    return std::visit([](const auto &t) { return to_string(t); }, term);
}

std::string to_string(const spf_record &record) {
    std::string out(spf_version);
    for (const auto &t : record.terms) {
        out += ' ';
        out += to_string(t);
    }
    return out;
}

validate::parse_result<ipv6_bytes> parse_ipv6(std::string_view text) {
    using result = validate::parse_result<ipv6_bytes>;
    const std::string example = "e.g. 2001:db8::1 or ::ffff:192.0.2.1";
    if (text.empty()) return result::fail("is empty; give an IPv6 address, " + example);
    if (text.find('%') != std::string_view::npos)
        return result::fail("has a zone index ('%...'); give the address alone, " + example);
    for (char c : text)
        if (!is_hex(c) && c != ':' && c != '.')
            return result::fail("has " + quote_input(std::string_view(&c, 1)) +
                                ", which is no hex digit, ':' or '.'; " + example);
    if (text.find(":::") != std::string_view::npos)
        return result::fail("has ':::'; '::' stands for a run of zero groups, " + example);
    const std::size_t gap = text.find("::");
    if (gap != std::string_view::npos && text.find("::", gap + 1) != std::string_view::npos)
        return result::fail("has '::' more than once, so the groups it stands for are ambiguous; "
                            "use '::' once, " + example);

    std::vector<std::uint16_t> head, tail;
    // Groups of one side of "::"; an embedded IPv4 address may only be the address's last part.
    auto groups = [&](std::string_view side, std::vector<std::uint16_t> &into,
                      bool ipv4_allowed) -> std::optional<std::string> {
        if (side.empty()) return std::nullopt;
        std::size_t pos = 0;
        while (true) {
            const std::size_t colon = side.find(':', pos);
            const bool last = colon == std::string_view::npos;
            const std::string_view part = side.substr(pos, last ? std::string_view::npos : colon - pos);
            if (part.empty())
                return std::string("has an empty group (a single ':' at the start or end, or where '::' "
                                   "was meant); ") + example;
            if (part.find('.') != std::string_view::npos) {
                if (!last || !ipv4_allowed)
                    return "has the IPv4 part " + quote_input(part) +
                           " before the end; an embedded IPv4 address is the last 32 bits, " + example;
                auto v4 = validate::parse_ipv4(part);
                if (!v4) return "has the IPv4 part " + quote_input(part) + ", which " + v4.problem;
                into.push_back(static_cast<std::uint16_t>(v4->value() >> 16));
                into.push_back(static_cast<std::uint16_t>(v4->value() & 0xFFFF));
            } else {
                if (part.size() > 4)
                    return "has the group " + quote_input(part) + " with more than four hex digits; " + example;
                std::uint16_t g = 0;
                for (char c : part)
                    g = static_cast<std::uint16_t>(g * 16 + (is_digit(c) ? c - '0' : lower(c) - 'a' + 10));
                into.push_back(g);
            }
            if (last) return std::nullopt;
            pos = colon + 1;
        }
    };
    if (gap == std::string_view::npos) {
        if (auto why = groups(text, head, true)) return result::fail(*why);
        if (head.size() != 8)
            return result::fail("has " + std::to_string(head.size()) +
                                " groups; an IPv6 address has eight (16-bit hex groups, '::' for a run "
                                "of zero groups), " + example);
    } else {
        if (auto why = groups(text.substr(0, gap), head, false)) return result::fail(*why);
        if (auto why = groups(text.substr(gap + 2), tail, true)) return result::fail(*why);
        if (head.size() + tail.size() > 7)
            return result::fail("has '::' and eight groups besides; '::' stands for at least one zero "
                                "group, so drop it or a group, " + example);
    }
    ipv6_bytes bytes{};
    auto put = [&](std::size_t index, std::uint16_t g) {
        bytes[2 * index] = static_cast<std::uint8_t>(g >> 8);
        bytes[2 * index + 1] = static_cast<std::uint8_t>(g & 0xFF);
    };
    for (std::size_t i = 0; i < head.size(); ++i) put(i, head[i]);
    for (std::size_t i = 0; i < tail.size(); ++i) put(8 - tail.size() + i, tail[i]);
    return result::ok(bytes);
}

}  // namespace mailint::dns
