#pragma once
// The records one domain needs in a scenario of records_request.h, from the documents' tables
// (m365_records.h, exchange_onprem_records.h, teams_essentials_records.h) or, where a tenant is
// connected, from what Microsoft says for that tenant (tenant_dns_facts.h), which wins: the
// tenant's own MX host, verification code, DKIM selector targets and initial domain.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "dns/dns_record.h"
#include "dns/records_request.h"
#include "dns/teams_essentials_records.h"

namespace mailint::dns {

// What a connected tenant says about one domain; every part may be unknown.
struct tenant_dns_facts {
    bool domain_in_tenant = false;  // Graph lists the domain
    bool domain_verified = false;
    // Graph's serviceConfigurationRecords for the domain (m365), converted to dns_record.
    std::optional<std::vector<dns_record>> service_records;
    std::optional<std::string> verification_code;  // "ms12345678", from verificationDnsRecords
    std::optional<std::string> initial_domain;     // "contoso.onmicrosoft.com"
    std::optional<dkim_selector_targets> dkim;     // Get-DkimSigningConfig's Selector1/2CNAME
    std::vector<std::string> notes;                // what could not be read, and why
};

struct scenario_records {
    dns_scenario scenario = dns_scenario::m365;
    std::string zone;
    std::vector<dns_record> records;
    // teams-essentials (T2): what the live SPF record must gain; it is merged, not replaced.
    std::optional<spf_include_requirement> spf_include;
    std::vector<std::string> certificate_names;  // exchange-onprem
    std::string host_name;                       // exchange-onprem: "mail.contoso.com"
    std::vector<std::string> notes;
    std::string source = "documents";  // "tenant" when a connected tenant's records were used
    std::string title;                 // for zone and text output

    // What Test-MailDnsRecord compares with the live DNS: the records, and the SPF include as the
    // SPF record the verifier reads as "these mechanisms must be in the live record".
    std::vector<dns_record> required() const;
    // {"scenario","zone","source","records":[…],"spfInclude":{name,fqdn,mechanism,ttl,purpose}|null,
    //  "notes":[…]} (+ "hostName","certificateNames" for exchange-onprem)
    nlohmann::json to_json() const;
};

// Findings go to `out` with their parameters as targets; nullopt when the domain or an option is
// invalid. `facts` may be null (no tenant connected).
std::optional<scenario_records> records_for(const records_request &request, const std::string &domain,
                                            const tenant_dns_facts *facts, diagnostics &out);

}  // namespace mailint::dns
