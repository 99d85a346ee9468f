#pragma once
// The request behind Get-MailDnsRecord and Test-MailDnsRecord: which scenario's records, for which
// domains, with which options, and (for a test) which resolvers to ask. Parsed without reading
// anything; every finding is collected, so one call shows the administrator every mistake.
//
// {"schemaVersion":1,"scenario":"m365"|"exchange-onprem"|"teams-essentials","parameters":{
//    "DomainName": "contoso.com" | ["contoso.com", …]     (Test-MailDnsRecord: up to 100,000)
//    "Ttl": 60..2147483647                                 (the documents' tables; Graph's own TTLs win)
//    m365:              "VerificationCode", "OwnershipProof":"Txt|Mx", "MxPreference" (mail still
//                       goes elsewhere: the migration rule), "MailCname", "SkypeForBusiness"
//                       (default true), "SkypeCnames"
//    exchange-onprem:   "PublicIpAddress" (required), "HostName", "Autodiscover":"Srv|A"
//    teams-essentials:  "InitialDomain", "VerificationCode", "Selector1CNAME", "Selector2CNAME",
//                       "MailToMicrosoft365" (T11: the domain's mail goes to Exchange Online)
//    test only:         "DnsServer": ["127.0.0.1:5353", …], "TimeoutMilliseconds" 100..60000,
//                       "Tries" 1..10, "Migrating" (the migration rule against the live MX)}}
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "dns/exchange_onprem_records.h"
#include "dns/m365_records.h"
#include "dns/resolver.h"
#include "dns/teams_essentials_records.h"

namespace mailint::dns {

enum class dns_scenario { m365, exchange_onprem, teams_essentials };

const char *to_string(dns_scenario s);  // "m365", "exchange-onprem", "teams-essentials"

struct records_request {
    dns_scenario scenario = dns_scenario::m365;
    std::vector<std::string> domains;  // as given (each builder validates and normalises its own)
    std::string public_ip;             // exchange-onprem
    m365_dns_options m365;
    exchange_onprem_dns_options exchange_onprem;
    teams_essentials_dns_options teams;
    bool ttl_given = false;  // a TTL the administrator chose, applied to Graph's records too
    resolver_options resolvers;
    bool migrating = false;
};

// Adds request.* findings (request.scenario.unknown, request.parameters.invalid) and the
// parameters' own (validation.ttl.out_of_range, validation.dns.*.invalid …), each naming its
// parameter. `for_test` allows the test-only parameters and several domains.
diagnostics parse_records_request(const nlohmann::json &request, bool for_test, records_request &out);

}  // namespace mailint::dns
