#pragma once
// Test-MailDnsRecord's engine: the records a scenario needs (dns_record.h, from the M3, X2 and T2
// builders or Microsoft's serviceConfigurationRecords) compared with what the live DNS serves,
// one verdict per required record (verify_verdict.h).
//
// The rules by record kind:
//   any          a failed query → error with its dns.query.* id (unknown, never absent); a CNAME
//                at the name of a non-CNAME record, a CNAME beside other data, or a CNAME
//                required where other data is → conflicting (verify_live_name.h)
//   MX           present / missing / different, and seed M3's migration rule (verify_mx.h)
//   SPF TXT      one record holding the required mechanisms; duplicates, malformed records and
//                more than 10 DNS lookups conflicting, a missing include different with the
//                merged record suggested (verify_spf.h)
//   other TXT    present when one TXT record at the name has exactly this text, among any
//                others (MS=ms… verification); different when a TXT with the same "key=" prefix
//                holds another value (another tenant's MS= code); else missing
//   CNAME        present when the name is an alias to the target (case and final dot ignored);
//                different when it aliases elsewhere (for DKIM selectors,
//                dns.verify.dkim.cname_elsewhere: Exchange Online cannot sign until both
//                selectors point at its keys); missing when the name has no data
//   A, SRV       present when the value is among the name's records, different when the name
//                has records of the type but not this one, else missing
//
// All queries of a run, for every domain, go out together on the resolver's one channel (at
// most resolver_options::max_in_flight at once), then the SPF include trees wave by wave; so a
// thousand domains take a few round trips, not thousands.
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dns/dns_record.h"
#include "dns/resolver.h"
#include "dns/verify_verdict.h"

namespace mailint::dns {

struct verify_options {
    // Mail is being migrated to Exchange Online (seed M3): required MX records (other than the
    // ownership-proof MX) must have a preference above every live MX, and never 0.
    bool migrating = false;
};

// The checks for one domain.
struct domain_check {
    std::string domain;                 // for the report; records carry their own names
    std::vector<dns_record> required;
    verify_options options;
};

struct domain_verification {
    std::string domain;
    std::vector<record_verdict> records;  // in the order of domain_check::required

    bool all_present() const;
    // {"domain","allPresent","records":[record_verdict::to_json()...]}
    nlohmann::json to_json() const;
};

std::vector<record_verdict> verify_records(std::span<const dns_record> required, resolver &live,
                                           const verify_options &options = {});

std::vector<domain_verification> verify_domains(std::span<const domain_check> checks, resolver &live);

}  // namespace mailint::dns
