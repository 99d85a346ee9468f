#pragma once
// Tunables of the Exchange Online personality that tests change (POST
// /control/exchange-online/settings): how long a new object stays invisible, as directory
// replication makes it in the service, and how long a paging link lives.
#include "util/json.h"

namespace emulator::exchange_online {

struct settings {
    double replication_delay = 0;      // seconds a New-* object is invisible to Get/Set/Remove
    double next_link_lifetime = 600;   // admin-api-get-started: nextLink is valid "5-10 minutes"

    json to_json() const;
    // Applies the members present; throws std::invalid_argument for a non-number, a negative one or
    // an unknown name (a typo must not pass silently as "no change").
    void apply(const json& changes);
};

} // namespace emulator::exchange_online
