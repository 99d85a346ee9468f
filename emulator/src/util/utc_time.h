#pragma once
// Wall-clock instants as Graph and Dataverse print them ("2025-02-13T10:17:06Z"), and back, for
// dates clients send and for delays the emulator evaluates lazily.
#include <optional>
#include <string>
#include <string_view>

namespace emulator {

double now_epoch_seconds();
// Whole seconds, UTC, with a trailing Z.
std::string iso_utc(double epoch_seconds);
// Reads "YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]"; nullopt for anything else.
std::optional<double> parse_iso_utc(std::string_view text);

} // namespace emulator
