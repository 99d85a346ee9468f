#pragma once
// How many DNS lookups a receiver needs to evaluate a domain's SPF record (RFC 7208 §4.6.4).
// Above 10 the receiver stops with a permanent error and SPF fails for all the domain's mail,
// which is the usual way adding one more include (seed T2/M3) breaks a working record; so the
// verifier counts the way a receiver does: include, a, mx, ptr, exists and redirect cost one
// each, include and redirect targets are fetched and counted in turn, mechanisms after the first
// "all" are never evaluated, and redirect= counts only when there is no "all".
//
// What cannot be known before a message arrives is not guessed: a target whose domain-spec uses
// macros other than %{d} (the domain being evaluated, which is known) counts as its one lookup
// and is marked in the chain. The a/mx/ptr address lookups themselves are not made, so their
// own limits (10 MX or PTR names, void answers) are not checked here.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "dns/spf_record.h"

namespace mailint::dns {

// TXT strings of every TXT record at `name` (each record's strings already joined), or a failure.
struct txt_answer {
    enum class status { ok, nxdomain, nodata, error } state = status::ok;
    std::vector<std::string> records;
    std::string error;  // for status::error: what failed, for people ("SERVFAIL from 192.0.2.53")
};
using txt_lookup = std::function<txt_answer(const std::string &name)>;

// Records followed (include and redirect targets) before the walk gives up: a receiver stops at
// 10 lookups, so this is room to report how far over a record is while a hostile record (wide
// trees of includes) still ends quickly.
inline constexpr int spf_max_followed_records = 30;

struct spf_lookup_report {
    int lookups = 0;       // DNS-lookup terms a receiver evaluates, through includes and redirects
    int void_lookups = 0;  // include/redirect targets that do not exist (NXDOMAIN) or have no TXT
    bool complete = true;  // false if an error stopped the walk: then `lookups` is a lower bound
    // "include:_spf.google.com (4 lookups)" style lines, for people: every lookup term in
    // evaluation order with what it costs including what it pulls in; nested terms indented by
    // two spaces per level.
    std::vector<std::string> chain;
    std::vector<std::string> problems;  // one English line each: what is wrong and what to do
    // The same problems with stable ids, for the verifier's diagnostics: dns.spf.too_many_lookups,
    // .too_many_void_lookups, .target_missing (a void lookup), .target_not_spf, .multiple_records,
    // .target_malformed, .include_loop (errors: receivers return permerror); .lookup_failed and
    // .walk_limit (warnings: the count is incomplete). Target: the domain whose record has the term.
    diagnostics findings;
};

// `record` is the SPF record of `domain` (already fetched and parsed); `lookup` fetches the
// include and redirect targets. Never throws for what DNS returns; an exception thrown by
// `lookup` itself is passed on.
spf_lookup_report count_spf_lookups(std::string_view domain, const spf_record &record, const txt_lookup &lookup);

}  // namespace mailint::dns
