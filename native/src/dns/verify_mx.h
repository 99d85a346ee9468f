#pragma once
// The verdict for a required MX record, with seed M3's migration rule: while mail still goes to
// the current server, the Exchange Online MX must have a preference numerically above every MX
// that receives mail today (a larger number is tried later) and never 0; it is lowered only at
// cut-over. The rule itself is m365_records.h's migration_mx_preference_problem, so the record
// builder and the live check cannot disagree.
//
// "Receives mail today" excludes the required MX records themselves (the ownership-proof MX
// 32767 ms….msv1.invalid and the Exchange Online MX) and hosts under .invalid or the null MX
// "0 ." (RFC 7505), which never receive mail.
//
//   present      an MX to the same host with the same preference (and the rule holds)
//   missing      no MX to that host, and no other MX (or migrating: the others stay)
//   different    dns.verify.different: the host has an MX with another preference, or the
//                name's mail goes to other hosts (not migrating); suggested: the required value
//   conflicting  dns.verify.mx.preference_zero / dns.verify.mx.preference_not_above_live:
//                migrating and the required preference breaks the rule; the detail names the
//                live MX records it must stay above, suggested: a preference that satisfies it
#include <span>

#include "dns/dns_record.h"
#include "dns/verify_live_name.h"
#include "dns/verify_verdict.h"

namespace mailint::dns {

// `required_at_name`: every required record at the same name (the MX ones are left out of the
// live set the rule compares with). `live` holds the CNAME and MX answers at required.fqdn.
record_verdict verify_mx(const dns_record &required, std::span<const dns_record *const> required_at_name,
                         const live_name &live, bool migrating);

}  // namespace mailint::dns
