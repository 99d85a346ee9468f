#pragma once
// SPF records (RFC 7208) as text and as terms. Seed T2/M3 asks the administrator to put
// "include:spf.protection.outlook.com" into a record that usually already exists and that other
// services depend on, so the record is parsed completely (a term the parser did not understand
// would otherwise be lost on rewrite) and written back with the user's own spelling of every
// domain-spec and macro. Only the parts the RFC declares case-insensitive and the white space
// between terms are normalised.
//
// Size: a TXT record may hold many 255-byte strings, and RFC 7208 §3.4 only recommends keeping
// the answer small enough for a 512-byte UDP response (about 450 octets of record). A longer
// record still works with EDNS0 or TCP, so it is a warning (dns.spf.too_long), not an error.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/diagnostic.h"
#include "validate/ipv4.h"
#include "validate/parse_result.h"

namespace mailint::dns {

inline constexpr int spf_max_lookups = 10;          // RFC 7208 §4.6.4
inline constexpr int spf_max_void_lookups = 2;      // RFC 7208 §4.6.4
inline constexpr std::size_t spf_max_octets = 450;  // RFC 7208 §3.4, see above

enum class spf_qualifier { pass, fail, softfail, neutral };  // + - ~ ?
char to_char(spf_qualifier q);                              // '+', '-', '~', '?'

enum class spf_mechanism_kind { all, include, a, mx, ptr, ip4, ip6, exists };
const char *to_string(spf_mechanism_kind k);  // "all", "include", ... as the record spells them

// 16 bytes in network order.
using ipv6_bytes = std::array<std::uint8_t, 16>;

struct spf_mechanism {
    spf_qualifier qualifier = spf_qualifier::pass;
    // "+mx" and "mx" mean the same, but the '+' is kept so a record is written as it was read.
    bool explicit_plus = false;
    spf_mechanism_kind kind = spf_mechanism_kind::all;
    // include and exists (required); a, mx and ptr (optional). As written: case, macros and a
    // trailing dot are kept, because they are the user's and some are case-sensitive (%{L}).
    std::string domain_spec;
    // ip4 and ip6: the address as written ("2001:DB8::"), plus its value below.
    std::string address;
    validate::ipv4_address ip4;
    ipv6_bytes ip6{};
    // ip4 "/n", and the first length of a and mx ("a/24"); absent means /32.
    std::optional<int> ip4_prefix;
    // ip6 "/n", and the second length of a and mx ("a//64"); absent means /128.
    std::optional<int> ip6_prefix;

    // include, a, mx, ptr and exists: a receiver makes a DNS query for each (RFC 7208 §4.6.4).
    bool causes_lookup() const;

    friend bool operator==(const spf_mechanism &, const spf_mechanism &) = default;
};

enum class spf_modifier_kind { redirect, exp, unknown };

struct spf_modifier {
    spf_modifier_kind kind = spf_modifier_kind::unknown;
    // "redirect" or "exp" for the known ones; an unknown modifier's name as written, because
    // receivers ignore it and it may belong to an extension that compares it exactly.
    std::string name;
    std::string value;  // domain-spec or macro-string, as written

    friend bool operator==(const spf_modifier &, const spf_modifier &) = default;
};

using spf_term = std::variant<spf_mechanism, spf_modifier>;

struct spf_record {
    std::vector<spf_term> terms;  // in record order, "v=spf1" excluded

    const spf_modifier *redirect() const;        // nullptr when absent
    const spf_modifier *explanation() const;     // exp=, nullptr when absent
    std::optional<std::size_t> all_index() const;  // the first "all" mechanism
    // Terms that need a DNS query when evaluated (include, a, mx, ptr, exists, redirect),
    // counted in this record only, wherever they stand: the static count a merge reports.
    int lookup_terms() const;

    friend bool operator==(const spf_record &, const spf_record &) = default;
};

// Whether a TXT string (its strings already joined) is an SPF record: "v=spf1" in any case,
// followed by a space or the end (RFC 7208 §4.5). A domain with two such strings has no valid
// SPF policy at all (permerror), which is why a verifier counts them with this.
bool is_spf_record(std::string_view txt);

// Parses one record. Every problem is added to `out` with `target` (e.g. "TXT contoso.com");
// the record is returned only when none is an error. Error ids: dns.spf.not_spf,
// .unknown_mechanism, .bad_term (syntax that is no term), .bad_character (not visible US-ASCII),
// .bad_argument (an argument where none is allowed: "all:x"), .missing_domain, .bad_domain,
// .bad_ip4, .bad_ip6, .bad_prefix, .bad_macro, .duplicate_modifier. Warnings: .too_long,
// .ptr_discouraged, .after_all (terms after "all" are never evaluated), .redirect_ignored
// (redirect= with an "all"), .mechanism_as_modifier ("include=x" is an unknown modifier that
// receivers ignore).
// Runs of spaces between terms and trailing spaces are accepted (RFC 7208 §4.5 asks receivers
// to); any other white space is not part of SPF's grammar and is refused.
std::optional<spf_record> parse_spf_record(std::string_view text, diagnostics &out,
                                           std::string_view target = "SPF record");

// One term ("include:x", "-all", "redirect=x") with the same checks as in a record; for code
// that adds terms to a record.
std::optional<spf_term> parse_spf_term(std::string_view text, diagnostics &out,
                                       std::string_view target = "SPF record");

// Canonical text: "v=spf1", then each term after one space. Mechanism and known modifier names
// lower-case; everything the user chose (domain-specs, macros, addresses, '+') as read.
std::string to_string(const spf_record &record);
std::string to_string(const spf_term &term);
std::string to_string(const spf_mechanism &mechanism);
std::string to_string(const spf_modifier &modifier);

// Whether a domain-spec or macro-string contains a macro ("%{i}", "%%" ...): its value then
// depends on the message being checked, not only on DNS.
bool has_macro(std::string_view spec);

// IPv6 text in every form of RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::" for a run
// of zero groups, a dotted IPv4 address as the last 32 bits. No zone index, no brackets, no
// prefix. Lives here rather than in validate/ because SPF is so far its only user.
validate::parse_result<ipv6_bytes> parse_ipv6(std::string_view text);

}  // namespace mailint::dns
