#pragma once
// Live DNS queries (c-ares) for the record verifier behind Test-MailDnsRecord and for anything
// that must see what the world sees: domain verification, DKIM selectors, SPF includes.
//
// Three outcomes are kept apart, because the verifier's advice depends on them:
//   nxdomain  the name does not exist
//   nodata    the name exists but holds no record of the asked type
//   error     no trustworthy answer (timeout, SERVFAIL, REFUSED, no server reachable, malformed
//             reply); the record is then *unknown*, never reported as absent.
// A CNAME is never hidden: asking for CNAME returns the CNAME itself, and for any other type the
// aliases followed to reach the answer are returned beside it.
//
// One c-ares channel per resolver object, no global state besides ares_library_init (done once).
// A resolver is used by one thread at a time; several resolvers may run in parallel.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "dns/dns_record.h"

namespace mailint::dns {

// Wire type codes (RFC 1035, 3596, 2782), so the value is what goes into the query.
enum class rr_type : std::uint16_t {
    a = 1,
    ns = 2,
    cname = 5,
    soa = 6,
    mx = 15,
    txt = 16,
    aaaa = 28,
    srv = 33,
};

const char *to_string(rr_type t);  // "A", "NS", "CNAME", ...

// The query type that finds records of a dns_record's type.
rr_type query_type_of(record_type t);

struct address_rdata {  // A or AAAA, in the usual text form ("192.0.2.1", "2001:db8::1")
    std::string address;
    friend bool operator==(const address_rdata &, const address_rdata &) = default;
};
struct txt_rdata {
    // The record's character-strings joined without separator: one TXT record is one value
    // (RFC 7208 §3.3), however the publisher split it into 255-byte strings.
    std::string text;
    std::vector<std::string> strings;  // as published, for display and tests
    friend bool operator==(const txt_rdata &, const txt_rdata &) = default;
};
struct ns_rdata {
    std::string host;
    friend bool operator==(const ns_rdata &, const ns_rdata &) = default;
};
struct soa_rdata {
    std::string primary;  // MNAME
    std::string mailbox;  // RNAME
    std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
    friend bool operator==(const soa_rdata &, const soa_rdata &) = default;
};

// Host names are absolute, without the trailing dot, as in dns_record.h; MX, SRV and CNAME data
// reuse its types so a live record compares directly with a required one.
using rdata = std::variant<address_rdata, mx_data, txt_rdata, cname_data, srv_data, ns_rdata, soa_rdata>;

struct resource_record {
    std::string owner;  // absolute, no trailing dot, as the server wrote it
    rr_type type = rr_type::a;
    std::uint32_t ttl = 0;
    rdata data;

    // The value as administrators read it: "192.0.2.1", "10 mail.contoso.com",
    // "0 0 443 mail.contoso.com", the CNAME target, the joined TXT text (unquoted).
    std::string value() const;
    nlohmann::json to_json() const;  // {"owner","type","ttl","value"}
};

enum class query_status { ok, nxdomain, nodata, error };

const char *to_string(query_status s);  // "ok", "nxdomain", "nodata", "error"

struct query_answer {
    std::string name;  // as asked, normalised: no trailing dot
    rr_type type = rr_type::a;
    query_status status = query_status::error;
    // Records of `type` owned by the last name of the chain (by the name itself without one).
    std::vector<resource_record> records;
    // Aliases followed from `name` to reach the answer, in order; empty when asking for CNAME
    // (the CNAME is then the answer itself).
    std::vector<resource_record> cname_chain;
    bool authoritative = false;  // AA bit of the reply that decided
    // When status is error: a stable id (dns.query.timeout, dns.query.servfail,
    // dns.query.refused, dns.query.connection, dns.query.formerr, dns.query.notimp,
    // dns.query.bad_response, dns.query.bad_name, dns.query.cancelled, dns.query.failed)
    // and one English line.
    std::string error_id;
    std::string error_message;

    bool ok() const { return status == query_status::ok; }
    bool failed() const { return status == query_status::error; }
    // The name the records belong to: the last CNAME target, or `name`.
    const std::string &final_name() const;
    nlohmann::json to_json() const;
};

struct question {
    std::string name;
    rr_type type = rr_type::a;
    friend bool operator==(const question &, const question &) = default;
};

struct resolver_options {
    // "127.0.0.1:5353", "192.0.2.1", "[2001:db8::1]:53", "2001:db8::1"; port 53 when omitted.
    // Empty: the system's resolvers (/etc/resolv.conf).
    std::vector<std::string> servers;
    std::chrono::milliseconds timeout{2000};  // per try; c-ares doubles it on each round
    int tries = 2;                            // rounds over the server list
    // Queries outstanding at once on the channel; more are queued, so a run over 1,000 domains
    // does not flood a public resolver into rate limiting.
    std::size_t max_in_flight = 256;
};

class resolver {
public:
    // Throws mailint::error: invalid_argument "dns.resolver.server.malformed" for a server that is
    // not an IP address with an optional port, "dns.resolver.options.invalid" for a timeout or
    // tries below 1; unavailable "dns.resolver.init" when c-ares cannot start.
    explicit resolver(resolver_options options = {});
    ~resolver();
    resolver(resolver &&) noexcept;
    resolver &operator=(resolver &&) noexcept;
    resolver(const resolver &) = delete;
    resolver &operator=(const resolver &) = delete;

    // One query, waited for. Never throws for a DNS failure: that is an error answer.
    query_answer query(std::string_view name, rr_type type);

    // All questions sent concurrently on the channel (at most max_in_flight at once), answers in
    // the questions' order.
    std::vector<query_answer> query_all(std::span<const question> questions);

    const resolver_options &options() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace mailint::dns
