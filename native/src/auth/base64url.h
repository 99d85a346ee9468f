#pragma once
// base64url without padding (RFC 7515 §2): the encoding of every JWT part and of the x5t headers.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mailint::auth {

std::string base64url_encode(std::span<const unsigned char> bytes);
inline std::string base64url_encode(std::string_view text) {
    return base64url_encode(std::span(reinterpret_cast<const unsigned char *>(text.data()), text.size()));
}
// nullopt for characters outside the alphabet or an impossible length; padding is tolerated.
std::optional<std::vector<unsigned char>> base64url_decode(std::string_view text);

}  // namespace mailint::auth
