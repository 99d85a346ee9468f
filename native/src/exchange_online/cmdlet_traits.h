#pragma once
// What the client must know about a cmdlet before sending it, from its name alone.
#include <chrono>
#include <string_view>

namespace mailint::exchange_online {

// Whether sending the cmdlet twice leaves the same state as sending it once, so a request whose
// answer was lost (dropped connection, timeout, 504) may be sent again. Reads and Set/Remove/
// Enable/Disable-* are; creates (New-*, Add-*, Import-*, Enable-OrganizationCustomization …) are
// not: a replay "fails as a duplicate" or, worse, adds a second entry (wire-apis.md §1.8). Verbs
// not listed count as not idempotent, the safe side.
bool is_idempotent(std::string_view cmdlet);

// The HTTP timeout ExchangeOnlineManagement uses for the cmdlet (§1.6): 960 s, longer for the
// few that walk large groups or the whole organization configuration.
std::chrono::milliseconds cmdlet_timeout(std::string_view cmdlet);

}  // namespace mailint::exchange_online
