#pragma once
// application/x-www-form-urlencoded bodies (the OAuth token endpoint's only format).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace emulator {

// nullopt for a bad %-escape or a repeated name: RFC 6749 §3.2 says a parameter MUST NOT be sent
// more than once, and taking either copy would hide a client bug.
std::optional<std::map<std::string, std::string>> parse_form_urlencoded(std::string_view body);

} // namespace emulator
