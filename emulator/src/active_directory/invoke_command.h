#pragma once
// POST /active-directory/InvokeCommand: the ActiveDirectory module of the domain the server belongs
// to (Get-ADUser), over the Exchange personalities' envelope, for the host-session source of
// New-/Sync-M365OnlineAccount (seed M4). Pure over the state document; the caller holds the lock.
#include "exchange/invoke_command.h"
#include "util/json.h"

#include <string_view>

namespace emulator::active_directory {

// Fills in "activeDirectory":{"users":[…]}; throws std::invalid_argument for a wrong shape.
void normalize_section(json& state);

// `directory` is the "activeDirectory" object of the state.
exchange::invoke_outcome invoke_command(json& directory, std::string_view body);

} // namespace emulator::active_directory
