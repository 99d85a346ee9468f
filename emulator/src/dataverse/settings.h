#pragma once
// Tunables of the Dataverse personality that tests shorten (POST /control/dataverse/settings).
#include "util/json.h"

namespace emulator::dataverse {

struct settings {
    // How long the simulated "Test & Enable" job of a mailbox takes (wire-apis.md §3.4).
    double test_enable_delay = 2;

    json to_json() const;
    // Applies the members present; throws std::invalid_argument for an unknown name or a negative
    // or non-number value.
    void apply(const json& changes);
};

} // namespace emulator::dataverse
