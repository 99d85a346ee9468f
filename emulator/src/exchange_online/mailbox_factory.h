#pragma once
// Mailboxes and CAS mailboxes as Exchange Online prints them, for the built-in seed, seeds that
// give only some properties, and the generate control endpoint.
#include "util/json.h"

#include <string>
#include <string_view>

namespace emulator::exchange_online {

// A GUID made from `seed` (SHA-256, version-4 layout): stable across runs, so a reset reproduces
// the same ExchangeGuid and tests can compare states.
std::string derived_guid(std::string_view seed);

// A mailbox named `name` (also its alias) with the address and UPN name@domain.
json make_mailbox(std::string_view tenant_id, std::string_view name, std::string_view display_name,
                  std::string_view domain, std::string_view recipient_type_details);
// Every protocol enabled, as a new Exchange Online mailbox has them.
json make_cas_mailbox(const json& mailbox);

// A seed's mailbox with what it left out filled in (Name and PrimarySmtpAddress are required;
// throws std::invalid_argument without them).
json complete_mailbox(std::string_view tenant_id, const json& given);

} // namespace emulator::exchange_online
