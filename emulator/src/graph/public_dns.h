#pragma once
// The public DNS that domain verification looks at. By default a simulated one: one zone for the
// whole emulator (DNS is not per tenant), {"dns":{"<name>":[{"type":"TXT","value":"MS=ms12345678"},
// {"type":"MX","value":"ms12345678.msv1.invalid","preference":32767}]}}, written by tests through
// POST /control/dns/records. With --dns-server, a real DNS server instead (tests run BIND on a
// loopback port with zones they write), so verification is checked the way Microsoft checks it.
#include "util/dns_query.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <string_view>

namespace emulator::graph {

// Names lower-cased without a trailing dot, types upper-case; throws std::invalid_argument for a
// bad shape.
void normalize_dns_section(json& state);

// POST /control/dns/records: {"name","type","value"[,"preference","ttl"]} or {"records":[…]};
// adds each record unless the same one is there. Returns the records now held for those names.
// Throws std::invalid_argument for a bad body.
json add_dns_records(json& state, const json& body);

// Whether `name` holds a record of `type` whose value equals `value` (case-insensitive, quotes
// around TXT text and a trailing dot on host names ignored, as resolvers print them).
bool dns_has_record(const json& state, std::string_view name, std::string_view type, std::string_view value);

// Where verification looks from now on: a real DNS server, or (nullopt, the default) the
// simulated zone. main sets it from --dns-server before the server starts.
void use_dns_server(std::optional<dns_server> server);
std::optional<dns_server> configured_dns_server();

struct verification_lookup {
    bool found = false;
    // Set when the real DNS server gave no usable answer (timeout, SERVFAIL …): verification can
    // then say neither yes nor no, and Graph answers 400 with this text.
    std::optional<std::string> failure;
};

// Whether public DNS holds at `name` a TXT record whose text is `txt` or an MX record whose host
// is `mx_host` (compared as dns_has_record does). Against a real server the TXT is asked first and
// the MX only when no TXT matches and the TXT query did not time out; a failure of either query is
// reported unless the other found the record.
verification_lookup find_verification_record(const json& state, std::string_view name, std::string_view txt,
                                             std::string_view mx_host);

// Whether public DNS holds at `name` a CNAME to `target` (compared as dns_has_record does), with the
// same failure rule: a real server that gave no usable answer is reported, never taken for absent.
// Exchange Online's DKIM enabling asks this for both selectors.
verification_lookup find_alias(const json& state, std::string_view name, std::string_view target);

} // namespace emulator::graph
