#pragma once
// The hashes Entra names certificates by (x5t = SHA-1, x5t#S256 = SHA-256) and stores secrets as.
#include <string>
#include <string_view>
#include <vector>

namespace emulator::entra {

std::vector<unsigned char> sha1(const unsigned char* data, std::size_t size);
std::vector<unsigned char> sha256(const unsigned char* data, std::size_t size);
inline std::vector<unsigned char> sha256(std::string_view text)
{
    return sha256(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}
std::string hex_upper(const std::vector<unsigned char>& bytes);
std::string hex_lower(const std::vector<unsigned char>& bytes);

// Compares without an early exit, so a secret check does not leak how much of it matched.
bool constant_time_equals(std::string_view a, std::string_view b);

} // namespace emulator::entra
