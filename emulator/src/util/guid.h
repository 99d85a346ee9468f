#pragma once
// Object ids as Graph and Dataverse print them: lower-case 8-4-4-4-12 GUIDs.
#include <string>
#include <string_view>

namespace emulator {

// A random (version 4) GUID.
std::string new_guid();
// A GUID derived from a name (SHA-256 of it, version bits set as for v5), so that seeded objects
// and per-domain records keep the same id across runs without storing it.
std::string name_based_guid(std::string_view name);
// 8-4-4-4-12 hex digits, either case.
bool is_guid(std::string_view text);

} // namespace emulator
