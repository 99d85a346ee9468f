#pragma once
// Seeds T2 and T11: the DNS a domain needs when Teams Essentials (Microsoft 365) joins a mail
// system that stays where it is (Google Workspace, another host).
//   T2, existing mail system (the default):
//     TXT   @  "MS=ms12345678"                           verification by TXT, as the document says
//     (SPF) @  the existing SPF record gains include:spf.protection.outlook.com; the MX stays
//     CNAME selector1._domainkey -> selector1-<domain dashes>._domainkey.<initial domain>
//     CNAME selector2._domainkey -> selector2-<domain dashes>._domainkey.<initial domain>
//   T11, optional custom domain whose mail Microsoft 365 receives: the same, but the MX goes to
//   Exchange Online and the SPF is a whole record of its own.
// The SPF change of T2 is a merge into a record only the live zone holds, so it is not a record
// here: `spf_include` says what the live SPF must contain, and spf_merge.h makes the new text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "dns/dns_record.h"

namespace mailint::dns {

// Selector1CNAME / Selector2CNAME of Get-DkimSigningConfig. Exchange Online chooses them (newer
// tenants get "...dkim.mail.microsoft" targets), so when they are known they win over the
// documented form.
struct dkim_selector_targets {
    std::string selector1;
    std::string selector2;
};

// "selector<n>-<domain dashes>._domainkey.<initial domain>" (Microsoft's documented form), or
// nullopt when the dashed domain would make a label longer than 63 bytes.
std::optional<std::string> documented_dkim_target(int selector, std::string_view domain,
                                                  std::string_view initial_domain);

struct teams_essentials_dns_options {
    std::optional<std::string> verification_code;  // as for m365_records: from verificationDnsRecords
    std::string initial_domain;                     // "contoso.onmicrosoft.com": the DKIM targets' zone
    std::optional<dkim_selector_targets> dkim;      // from Exchange Online, when known
    bool keep_existing_mx = true;                   // T2; false: T11 custom domain, mail to Microsoft 365
    std::uint32_t ttl = 3600;
};

// What the domain's SPF record must gain (T2): the live SPF passes when it holds `mechanism()`;
// otherwise spf_merge adds it, keeping every other mechanism and the all qualifier.
struct spf_include_requirement {
    std::string name = "@";  // owner relative to the zone
    std::string fqdn;        // "contoso.com"
    std::string include{"spf.protection.outlook.com"};
    std::uint32_t ttl = 3600;
    std::string purpose;

    std::string mechanism() const { return "include:" + include; }
    // The requirement in the form record_verifier takes (verify_spf.h reads a required SPF record
    // as "these mechanisms must be in the live record; its all qualifier is the owner's"): TXT
    // "v=spf1 include:spf.protection.outlook.com ~all". "~all" rather than "-all" because, where
    // the domain has no SPF record yet, this text is what the verifier suggests, and a hard fail
    // would have receivers reject the mail the existing mail system sends.
    dns_record as_required_record() const;
};

struct teams_essentials_dns {
    std::string zone;
    // The verification TXT (when the code is known), the Exchange Online MX and whole SPF record
    // (T11 only), the two DKIM CNAMEs (when their targets can be told).
    std::vector<dns_record> records;
    // T2: the include the existing SPF must gain. Empty in T11, where records hold the SPF.
    std::optional<spf_include_requirement> spf_include;
    std::vector<std::string> notes;
};

// From already validated input; throws mailint::error(invalid_argument) with
// validation.dns.verification_code.malformed, validation.domain.malformed (a bad initial domain,
// a domain too long for its DKIM names) or dns.ttl.out_of_range.
teams_essentials_dns teams_essentials_records(std::string_view domain,
                                              const teams_essentials_dns_options &options = {});

// From user text. The domain is checked for syntax (validation.domain.empty, .malformed,
// .single_label, target `domain_parameter`) but a third-level domain is allowed: M1's rule is the
// Essentials wizard's, and Microsoft 365 itself accepts subdomains. The initial domain is checked
// likewise (target "InitialDomain"), the code as in m365_records.
std::optional<teams_essentials_dns> teams_essentials_records(std::string_view domain_text,
                                                             const teams_essentials_dns_options &options,
                                                             diagnostics &out,
                                                             std::string_view domain_parameter = "DomainName");

}  // namespace mailint::dns
