#pragma once
// Tunables of the Dataverse personality that tests shorten (POST /control/dataverse/settings).
#include "util/json.h"

namespace emulator::dataverse {

struct settings {
    // How long the simulated "Test & Enable" job of a mailbox takes (wire-apis.md §3.4).
    double test_enable_delay = 2;
    // Injected Test & Enable failures: {"<mailbox email address, lower case>":"<lastsyncerror>"}.
    // The test of such a mailbox fails with that message whatever its configuration.
    json test_enable_failures = json::object();

    json to_json() const;
    // Applies the members present; throws std::invalid_argument for an unknown name, a negative
    // or non-number delay, or failures that are not an object of strings.
    void apply(const json& changes);
};

} // namespace emulator::dataverse
