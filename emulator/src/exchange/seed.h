#pragma once
#include "util/json.h"

namespace emulator::exchange {

// The built-in initial state (PROTOCOL.md "Built-in seed"): a fresh Exchange 2016 server EX01 in
// "First Organization", before ConfigureExchange.ps1 has run.
json built_in_seed();

// Fills what a seed document left out (empty collections) so that every organization has the
// full shape of GET /control/state. Throws std::invalid_argument when the document is not a state.
json normalize_state(json document);

} // namespace emulator::exchange
