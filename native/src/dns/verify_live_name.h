#pragma once
// What the live DNS holds at one owner name, gathered from one query per type, and the checks
// every required record at that name goes through before its type's own rules: a failed query
// makes the verdict an error (unknown, never absent), and a CNAME decides alone, because a CNAME
// cannot share its name with other data (RFC 1034 §3.6.2, RFC 2181 §10.1).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/dns_record.h"
#include "dns/resolver.h"
#include "dns/verify_verdict.h"

namespace mailint::dns {

struct live_name {
    std::string name;                   // absolute, lower case, no trailing dot
    std::vector<query_answer> answers;  // one per type asked (see types_to_ask)

    const query_answer *answer(rr_type t) const;  // nullptr when that type was not asked
    // The CNAME the name itself owns (the CNAME query's answer, or the first link of a chain
    // another query followed), or nullptr.
    const resource_record *own_cname() const;
    // Records of other types the name owns itself, not reached through an alias.
    std::vector<const resource_record *> own_other_data() const;
    // Values of `t` the name owns itself, as resource_record::value writes them, sorted.
    std::vector<std::string> own_values(rr_type t) const;
};

// The types to ask at a name for the required records there: always CNAME (a CNAME must be seen
// even where another type is required), each required type, and when a CNAME is required every
// type it could collide with (A, AAAA, MX, TXT, SRV).
std::vector<rr_type> types_to_ask(std::span<const dns_record *const> required_at_name);

// Names are compared the DNS way: ASCII case-insensitive, a final dot ignored.
bool same_dns_name(std::string_view a, std::string_view b);
std::string normalised_dns_name(std::string_view name);

// The verdict decided before the type's own rules, or nullopt to go on:
//   error        a query this record's verdict depends on failed (its dns.query.* id)
//   conflicting  dns.verify.cname_conflict: the name is an alias and the record is not a CNAME;
//                the name holds a CNAME beside other data (only a non-conforming server serves
//                that; resolvers then see one or the other); or a CNAME is required where other
//                data already is
std::optional<record_verdict> blocking_verdict(const dns_record &required, const live_name &live);

}  // namespace mailint::dns
