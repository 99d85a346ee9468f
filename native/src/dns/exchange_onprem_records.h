#pragma once
// Seed X2: the public DNS records an on-premises Exchange server needs, for the administrator
// to enter at their DNS host (or for a DnsRecord resource to create):
//   A     mail                 -> public IP
//   MX    @                    -> mail.<domain>, preference 0
//   TXT   @                    "v=spf1 a mx ~all"
//   SRV   _autodiscover._tcp   0 0 443 mail.<domain>
// or, instead of the SRV record, an A record "autodiscover" -> public IP.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "dns/dns_record.h"
#include "validate/ipv4.h"

namespace mailint::dns {

enum class autodiscover_style {
    srv,       // _autodiscover._tcp SRV: the certificate needs only mail.<domain>
    a_record,  // autodiscover A: simpler for old clients, but the certificate must cover both names
};

struct exchange_onprem_dns_options {
    std::string host_label = "mail";  // Exchange's public host: <host_label>.<domain>
    autodiscover_style autodiscover = autodiscover_style::srv;
    std::uint32_t ttl = 3600;  // one hour, as the seeds' documents use
};

struct exchange_onprem_dns {
    std::string zone;                            // "contoso.com"
    std::string host_name;                       // "mail.contoso.com"
    std::vector<dns_record> records;             // A, (A autodiscover), MX, TXT, (SRV)
    std::vector<std::string> certificate_names;  // names the Exchange certificate must cover
    std::vector<std::string> notes;              // English lines for the administrator
};

// From already validated input. Throws mailint::error(invalid_argument) when the options break
// DNS rules (host label not a DNS label, name too long, TTL above 2^31-1 per RFC 2181): at this
// level that is a programming error.
exchange_onprem_dns exchange_onprem_records(std::string_view domain, validate::ipv4_address public_ip,
                                            const exchange_onprem_dns_options &options = {});

// From user text. Adds the domain diagnostics (validation.domain.*, target `domain_parameter`),
// validation.ipv4.malformed (target `ip_parameter`), validation.domain.malformed (target
// "HostLabel") for a bad host label, and a warning validation.ipv4.not_public when the address
// cannot be reached from the Internet (a private or documentation address in public DNS).
// Options.ttl above 2^31-1 still throws: no user parameter carries it.
std::optional<exchange_onprem_dns> exchange_onprem_records(std::string_view domain_text,
                                                           std::string_view public_ip_text,
                                                           const exchange_onprem_dns_options &options,
                                                           diagnostics &out,
                                                           std::string_view domain_parameter = "DomainName",
                                                           std::string_view ip_parameter = "PublicIpAddress");

}  // namespace mailint::dns
