#pragma once
// The ISO 8601 date-times Graph sends and accepts (keyCredential start/endDateTime:
// "2026-03-01T10:00:00Z", "2026-03-01T10:00:00.1234567Z", "…+01:00"), without the C library's
// locale and time-zone state, which differs between the machines the module runs on.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mailint::graph {

// nullopt for anything else (a date without a time, a missing zone is read as UTC as Graph means it).
std::optional<std::chrono::system_clock::time_point> parse_iso_time(std::string_view text);

// "2026-03-01T10:00:00Z" (whole seconds, UTC).
std::string format_iso_time(std::chrono::system_clock::time_point t);

}  // namespace mailint::graph
