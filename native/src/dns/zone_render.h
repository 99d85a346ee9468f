#pragma once
// A BIND zone-file fragment (RFC 1035 §5 master file format) for records the administrator adds
// to a zone they manage themselves, or pastes into a DNS host that imports zone files.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/dns_record.h"

namespace mailint::dns {

struct zone_render_options {
    std::string title;  // first comment line, e.g. "Public DNS records for Exchange (seed X2)"
    std::uint32_t default_ttl = 3600;  // the $TTL line; each record still states its own TTL
    // Comment lines after the header, for what a record cannot say: "merge include:… into the
    // existing SPF record", "the ownership proof comes from Microsoft 365 once the domain is added".
    std::vector<std::string> notes{};  // "{}": callers that stop before it stay warning-free
};

// "$ORIGIN <zone>.", "$TTL", a comment header (title, the line about where the records go, the
// notes), then for each record its purpose as a comment line
// and the record on one line. Owners relative to the zone ("@", "mail"); host names in data
// absolute with the trailing dot; TXT values quoted, split into strings of at most 255 bytes,
// with '"', '\' and non-printable bytes escaped. `zone` is a normalised domain name.
std::string render_zone_fragment(std::string_view zone, std::span<const dns_record> records,
                                 const zone_render_options &options = {});

}  // namespace mailint::dns
