#pragma once
// One DNS resource record as the core describes it to people (zone fragments, CSV for a
// registrar's web form), to the DnsRecord resource of a blueprint and to the verifier that
// queries it. Names are kept both relative to the zone ("@" for the apex, as registrar forms
// and BIND write them) and absolute, so no consumer has to join them again.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "validate/ipv4.h"

namespace mailint::dns {

enum class record_type { a, mx, txt, srv, cname };

const char *to_string(record_type t);  // "A", "MX", "TXT", "SRV", "CNAME"

// Host names in record data are absolute and written without the trailing dot; renderers add
// it where their format needs one.
struct a_data {
    validate::ipv4_address address;
    friend bool operator==(const a_data &, const a_data &) = default;
};
struct mx_data {
    std::uint16_t preference = 0;
    std::string exchange;
    friend bool operator==(const mx_data &, const mx_data &) = default;
};
struct txt_data {
    std::string text;  // the whole value; renderers split it into 255-byte strings
    friend bool operator==(const txt_data &, const txt_data &) = default;
};
struct srv_data {
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    std::string target;
    friend bool operator==(const srv_data &, const srv_data &) = default;
};
struct cname_data {
    std::string canonical_name;
    friend bool operator==(const cname_data &, const cname_data &) = default;
};

using record_data = std::variant<a_data, mx_data, txt_data, srv_data, cname_data>;

struct dns_record {
    std::string name;  // relative to the zone: "@", "mail", "_autodiscover._tcp"
    std::string fqdn;  // "mail.contoso.com"
    std::uint32_t ttl = 3600;
    record_data data;
    std::string purpose;  // one English line, used as a zone or CSV comment

    record_type type() const;
    // {"name","fqdn","type","ttl","data":{...typed fields...},"purpose"}; data members are
    // address | preference, exchange | text | priority, weight, port, target | canonicalName.
    nlohmann::json to_json() const;

    friend bool operator==(const dns_record &, const dns_record &) = default;
};

// A record in `zone` (normalised, no trailing dot). `name` is "@" or a name relative to the zone.
dns_record make_record(std::string_view zone, std::string name, std::uint32_t ttl, record_data data,
                       std::string purpose);

// An SRV owner name split into RFC 2782's parts: "_sip._tls" -> {"_sip", "_tls", "@"},
// "_sip._tls.emea" -> {"_sip", "_tls", "emea"}. Graph (service, protocol, label) and many
// registrar forms (Service, Protocol, Name) ask for them separately; the record keeps only its
// owner name, so there is one source of truth and nothing to keep in step. nullopt when `name`
// does not start with two labels that begin with '_'.
struct srv_owner {
    std::string service;   // "_sip"
    std::string protocol;  // "_tls"
    std::string host;      // the rest, relative to the zone; "@" for the apex
};
std::optional<srv_owner> split_srv_owner(std::string_view name);

// A domain name as record data holds it: two or more labels of letters, digits, hyphens and
// underscores, 1-63 bytes each, at most 253 in all; returned lower-cased without the trailing
// dot. Underscores are allowed because targets such as
// "selector1-contoso-com._domainkey.contoso.onmicrosoft.com" are DNS names but not host names
// (validate::parse_domain_name, for what users type as their domain, refuses them). nullopt when
// `text` is not such a name.
std::optional<std::string> normalise_dns_name(std::string_view text);

// "contoso.com" -> "contoso-com": how Microsoft 365 names a custom domain inside its own host
// names (the Exchange Online MX host, the DKIM selector targets).
std::string dashed_domain(std::string_view domain);

}  // namespace mailint::dns
