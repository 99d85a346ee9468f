#pragma once
// The Retry-After a 429 carries. Its value is the wait in WALL seconds (virtual seconds × time
// scale), because a client can only honour the header with its own clock; the virtual wait goes
// along in x-emulator-virtual-retry-after for harnesses that report virtual durations.
//
// Format: Exchange (online and on-premises) writes decimal seconds ("1.5", wire-apis.md §1.8);
// Graph, Dataverse and Entra write whole seconds, rounded up, when the time scale is 1. Under any
// other time scale every service writes decimals, since whole seconds could not express a scaled
// wait. Decimals are rounded up to the millisecond, so a client that waits exactly the header's
// value never arrives early.
#include "traffic/request_scope.h"

#include <string>

namespace emulator::traffic {

struct retry_after {
    std::string header;          // the Retry-After value
    std::string virtual_header;  // the same wait in virtual seconds, decimal
    double wall_seconds = 0;     // exactly what `header` says, for the scope's deadline
};

retry_after make_retry_after(service s, double virtual_seconds, double time_scale);

} // namespace emulator::traffic
