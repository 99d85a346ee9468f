#pragma once
// The verdict for a required SPF record (a TXT whose text is an SPF record, seeds X2, M3, T2).
//
// A required SPF record is read as "the domain's one SPF record must authorise these senders":
// every mechanism of the required record other than "all" must be in the live record, with any
// spelling and a '+' qualifier; the live record's own terms and its "all" policy are the owner's
// and do not make it different (T2: keep every mechanism and the all qualifier). Then:
//   missing      no SPF record at the name (other TXT records do not count); suggested: the
//                required record
//   conflicting  dns.verify.spf.duplicate: two or more SPF records (receivers: permerror, RFC
//                7208 §4.5); suggested: one record merging them and the required mechanisms
//                dns.verify.spf.malformed: the one record does not parse (permerror)
//                dns.verify.spf.too_many_lookups: evaluating it takes more than 10 DNS lookups
//                (counted through the live includes and redirects; the chain is in the detail)
//                dns.verify.spf.permerror: another fault of the include tree receivers reject
//                (a missing or non-SPF target, a loop, too many void lookups)
//   different    dns.verify.spf.mechanism_missing: a required mechanism is absent; suggested:
//                the record with it merged in (spf_merge.h), all else kept
//                dns.verify.spf.mechanism_not_pass: present with a '-', '~' or '?' qualifier
//   present      dns.verify.present
// Findings of the lookup count (dns.spf.*) follow the first one, and a warning
// dns.verify.spf.suggestion_too_many_lookups when the suggested record itself would exceed 10.
#include <optional>

#include "dns/dns_record.h"
#include "dns/spf_lookups.h"
#include "dns/spf_record.h"
#include "dns/verify_live_name.h"
#include "dns/verify_verdict.h"

namespace mailint::dns {

// Whether the verifier treats `record` by the rules above.
bool is_required_spf(const dns_record &record);

// `live` must hold the TXT and CNAME answers at required.fqdn; `lookup` answers the count's TXT
// queries for include and redirect targets.
record_verdict verify_spf(const dns_record &required, const live_name &live, const txt_lookup &lookup);

// The records whose include trees verify_spf will walk for this name, for prefetching: the one
// live SPF record (when there is exactly one and it parses) and the required record.
std::vector<spf_record> spf_walk_roots(const dns_record &required, const live_name &live);

}  // namespace mailint::dns
