#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator {

// Standard alphabet, padding optional; whitespace is refused because the Exchange envelope never
// carries it and a lenient decoder would hide a client bug.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text);
std::string base64_encode(const unsigned char* data, std::size_t size);
inline std::string base64_encode(const std::vector<unsigned char>& bytes) { return base64_encode(bytes.data(), bytes.size()); }

// The URL-safe alphabet without padding (RFC 7515 §2), as JWTs and JWKs use it. Decoding refuses
// '+', '/' and '=' so that a client sending the wrong alphabet is caught, as a strict JOSE parser
// would.
std::optional<std::vector<unsigned char>> base64url_decode(std::string_view text);
std::string base64url_encode(const unsigned char* data, std::size_t size);
inline std::string base64url_encode(const std::vector<unsigned char>& bytes) { return base64url_encode(bytes.data(), bytes.size()); }
inline std::string base64url_encode(std::string_view text)
{
    return base64url_encode(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

} // namespace emulator
