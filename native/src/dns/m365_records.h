#pragma once
// Seed M3: the public DNS records that link a custom domain to Microsoft 365, as the Essentials
// wizard lists them (and writes them to NewDNSRecords_(n).txt when the server does not manage
// the zone). In the document's order:
//   proof  TXT  @  "MS=ms12345678"                    or  MX @ 32767 ms12345678.msv1.invalid
//   MX     @    0 contoso-com.mail.protection.outlook.com   (migration: a preference above the
//                                                             live MX, never 0)
//   CNAME  autodiscover -> autodiscover.outlook.com
//   CNAME  mail -> mail.office365.com, TTL 1 h              (optional: OWA at the domain's name)
//   TXT    @    "v=spf1 include:spf.protection.outlook.com -all"
//   SRV    _sip._tls 100 1 443 sipdir.online.lync.com        (client discovery)
//   SRV    _sipfederationtls._tcp 100 1 5061 sipfed.online.lync.com  (federation)
//   CNAME  sip -> sipdir.online.lync.com, lyncdiscover -> webdir.online.lync.com  (optional)
// These are the documents' values, used when no tenant is connected. A connected tenant's own
// serviceConfigurationRecords (graph_dns_records.h) are what Microsoft asks for that tenant and win.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "dns/dns_record.h"

namespace mailint::dns {

// How the domain proves it belongs to the tenant. Microsoft accepts either; the M3 table shows
// the MX form ("used only to prove ownership, does not interfere with mail routing"), current
// Microsoft 365 asks for the TXT form first.
enum class ownership_proof { txt, mx };

// "ms12345678" from any form Graph's verificationDnsRecords use: "ms12345678", the TXT text
// "MS=ms12345678" or the MX host "ms12345678.msv1.invalid" (with or without trailing dot), in
// any case. nullopt when the text is none of these ("ms" then 1 to 16 digits).
std::optional<std::string> parse_verification_code(std::string_view text);

// The proof record for `code` (as parse_verification_code returns it) at the apex of `zone`:
// TXT "MS=<code>", or MX 32767 "<code>.msv1.invalid" (a host in the reserved .invalid TLD, so the
// record can never receive mail, at the lowest priority). TTL 3600 as Microsoft publishes it.
dns_record ownership_proof_record(std::string_view zone, std::string_view code, ownership_proof proof,
                                 std::uint32_t ttl = 3600);

// "<domain, dots as dashes>.mail.protection.outlook.com", or nullopt when the dashed domain is
// longer than a DNS label (63 bytes) and so cannot be guessed: Microsoft then names the host
// some other way, which only the tenant's serviceConfigurationRecords tell.
std::optional<std::string> exchange_online_mx_host(std::string_view domain);

inline constexpr std::string_view microsoft_spf_include = "spf.protection.outlook.com";

// While mail is migrated the old server keeps receiving it: the Exchange Online MX must have a
// preference (a larger number = tried later) above every MX that receives mail today, and never 0.
struct mail_migration {
    std::uint16_t preference = 10;                // the Exchange Online MX's preference meanwhile
    std::vector<std::uint16_t> live_preferences;  // the preferences of the domain's current MX records
};

// The migration rule, for this builder and for whoever checks a live zone (Test-MailDnsRecord):
// nullopt when `preference` is allowed, else {id, message}:
//   validation.dns.mx_preference.zero            preference 0 while migrating
//   validation.dns.mx_preference.not_above_live  not above the highest live preference
struct rule_finding {
    std::string id;
    std::string message;  // one line, naming the parameter MxPreference
};
std::optional<rule_finding> migration_mx_preference_problem(
    std::uint16_t preference, std::span<const std::uint16_t> live_preferences);

struct m365_dns_options {
    // From Graph's verificationDnsRecords. Without it (no tenant connected) the proof record is
    // left out and a note says where it comes from: a made-up value would verify nothing.
    std::optional<std::string> verification_code;
    ownership_proof proof = ownership_proof::txt;
    // Set while mail still goes to another server; the MX then uses migration->preference.
    std::optional<mail_migration> migration;
    bool mail_cname = false;  // "mail" CNAME to mail.office365.com, so OWA answers at mail.<domain>
    bool skype_srv = true;    // the two Lync Online SRV records of the M3 table
    // sip and lyncdiscover CNAMEs: Microsoft lists them with the SRV records for Skype for
    // Business Online clients; the M3 table does not, so they are off unless asked for.
    bool skype_cnames = false;
    std::uint32_t ttl = 3600;  // every record but the mail CNAME, whose TTL the document fixes at 1 h
};

struct m365_dns {
    std::string zone;                // "contoso.com"
    std::vector<dns_record> records;  // in the order above
    std::vector<std::string> notes;   // English lines for the administrator
};

// From already validated input. Throws mailint::error(invalid_argument) with
//   validation.dns.verification_code.malformed  the code is not one parse_verification_code reads
//   validation.dns.mx_preference.*               the migration rule above
//   dns.ttl.out_of_range                         TTL above 2^31-1 (RFC 2181)
m365_dns m365_records(std::string_view domain, const m365_dns_options &options = {});

// From user text: the domain through the M1 rules (validation.domain.*: a second-level domain,
// never a third-level one), the verification code (target "VerificationCode") and the migration
// preference (target "MxPreference") as diagnostics, all of them collected.
std::optional<m365_dns> m365_records(std::string_view domain_text, const m365_dns_options &options,
                                     diagnostics &out, std::string_view domain_parameter = "DomainName");

}  // namespace mailint::dns
