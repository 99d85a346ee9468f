#pragma once
// The verdict for a required CNAME: autodiscover, mail, lyncdiscover and sip (M3), and the two
// DKIM selectors (T2) whose targets hold the keys Exchange Online signs with. A DKIM selector that
// points anywhere else is the usual reason signing cannot be enabled, so it has its own id.
//   present      the name is an alias to the target (case and a final dot ignored)
//   different    dns.verify.different, or dns.verify.dkim.cname_elsewhere for a selector under
//                _domainkey; suggested: the required target
//   missing      the name has no data (NXDOMAIN, or an empty non-terminal)
//   conflicting  other data at the name (blocking_verdict in verify_live_name.h)
#include "dns/dns_record.h"
#include "dns/verify_live_name.h"
#include "dns/verify_verdict.h"

namespace mailint::dns {

// Whether `fqdn` is a DKIM selector name ("selector1._domainkey.contoso.com").
bool is_dkim_selector(std::string_view fqdn);

// `live` holds the CNAME answer and those of the types a CNAME excludes (types_to_ask).
record_verdict verify_cname(const dns_record &required, const live_name &live);

}  // namespace mailint::dns
