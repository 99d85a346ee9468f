#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator {

// Standard alphabet, padding optional; whitespace is refused because the Exchange envelope never
// carries it and a lenient decoder would hide a client bug.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);

} // namespace emulator
