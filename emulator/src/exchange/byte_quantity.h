#pragma once
// Exchange's ByteQuantifiedSize and Unlimited<ByteQuantifiedSize> as Set-Mailbox takes them and
// Get-Mailbox prints them: "2GB", "2 GB", "2147483648" (bytes), "1.5 GB", "Unlimited", and the
// printed form "2 GB (2,147,483,648 bytes)". Units are binary.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace emulator::exchange {

// nullopt is Unlimited. Throws a 400 naming the parameter, with Exchange's message, otherwise.
std::optional<std::uint64_t> parse_quota(std::string_view parameter, std::string_view text);

// "2 GB (2,147,483,648 bytes)", "Unlimited".
std::string print_quota(const std::optional<std::uint64_t>& bytes);

} // namespace emulator::exchange
