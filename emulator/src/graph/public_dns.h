#pragma once
// The simulated public DNS that domain verification looks at: one zone for the whole emulator
// (DNS is not per tenant), {"dns":{"<name>":[{"type":"TXT","value":"MS=ms12345678"},
// {"type":"MX","value":"ms12345678.msv1.invalid","preference":32767}]}}, written by tests through
// POST /control/dns/records.
#include "util/json.h"

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

} // namespace emulator::graph
