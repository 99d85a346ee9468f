#pragma once
// Adding senders to a domain's SPF record without breaking the ones already there (seeds T2/M3:
// Microsoft 365's "include:spf.protection.outlook.com"; X2: on-premises Exchange's "a mx").
// A domain may have only one SPF record (two is a permerror that fails all mail), so the new
// mechanisms go into the existing record: every existing term is kept in its order, the policy
// for everyone else (the "all" term or redirect=) is kept, and a mechanism already present, in
// any spelling or with any qualifier, is never added twice, so merging is idempotent.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "dns/spf_record.h"

namespace mailint::dns {

inline constexpr std::string_view microsoft_365_spf_include = "spf.protection.outlook.com";

struct spf_merge_result {
    // The TXT value to publish. The existing text unchanged, byte for byte, when nothing was
    // missing; otherwise the canonical text of the merged record. nullopt when the existing
    // record or the terms to add have errors (they are in `findings`): a broken record is already
    // a permerror for receivers, and rewriting it would hide the fault rather than fix it.
    std::optional<std::string> record;
    bool changed = false;
    std::vector<std::string> notes;  // English lines for the administrator: what was done and why
    // Everything the parser reported about the existing record (errors and warnings), plus
    // dns.spf.too_many_lookups (warning) when the merged record has more than 10 DNS-lookup
    // terms of its own, and dns.spf.term_not_pass (warning) when a wanted mechanism is present
    // with a qualifier other than '+', so its mail does not pass.
    diagnostics findings;
};

// Ensures every mechanism in `required` (space-separated terms, e.g. "a mx" or
// "include:spf.protection.outlook.com"; not "all", not modifiers) is in `existing`.
// `existing`: the domain's SPF record, or nullopt / empty when it has none; then the result is
// "v=spf1 <required> <qualifier>all". Missing mechanisms are inserted together, in the given
// order, before the first "all" term; without one, before redirect= (which is kept, so mail the
// new mechanisms do not match still gets the redirected policy); without either, after the last
// mechanism. Findings use `target` (e.g. "TXT contoso.com").
spf_merge_result merge_spf_mechanisms(std::optional<std::string_view> existing, std::string_view required,
                                      spf_qualifier all_for_new_record,
                                      std::string_view target = "SPF record");

// merge_spf_mechanisms with "include:<include_domain>"; the domain may be user input and is
// checked like any domain-spec (dns.spf.missing_domain, .bad_domain, .bad_macro).
spf_merge_result merge_spf_include(std::optional<std::string_view> existing, std::string_view include_domain,
                                   spf_qualifier all_for_new_record = spf_qualifier::fail,
                                   std::string_view target = "SPF record");

// Seeds T2/M3: include:spf.protection.outlook.com; a new record is Microsoft's documented
// default "v=spf1 include:spf.protection.outlook.com -all".
spf_merge_result merge_microsoft_365_spf(std::optional<std::string_view> existing,
                                         std::string_view target = "SPF record");

// Whether two mechanisms authorise the same senders, whatever their qualifier: same kind,
// domain-specs equal ignoring case and a final dot, the same networks (host bits and an absent
// "/32" or "/128" do not matter). What merging uses to decide that a mechanism is present.
bool same_mechanism(const spf_mechanism &a, const spf_mechanism &b);

// A required SPF record read as what it asks of the live one (the verifier's and the DNS
// publishers' reading): its mechanisms but "all" must be in the live record, and its "all"
// qualifier is the one for a record made from nothing. nullopt when the text does not parse
// (findings in `found`, target "required SPF record").
struct spf_requirement {
    std::vector<spf_mechanism> mechanisms;  // all but "all"
    std::string text;                       // the same, space-separated, for merge_spf_mechanisms
    spf_qualifier all = spf_qualifier::fail;
};
std::optional<spf_requirement> read_spf_requirement(std::string_view required_record, diagnostics &found);

}  // namespace mailint::dns
