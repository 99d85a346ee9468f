#include "util/base64.h"

namespace emulator {
namespace {

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

} // namespace

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text)
{
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::vector<unsigned char> out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int value = sextet(c);
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

} // namespace emulator

namespace emulator {

std::string base64_encode(const unsigned char* data, std::size_t size)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (std::size_t i = 0; i < size; i += 3) {
        const unsigned chunk = (unsigned(data[i]) << 16) | (i + 1 < size ? unsigned(data[i + 1]) << 8 : 0u) |
                               (i + 2 < size ? unsigned(data[i + 2]) : 0u);
        out.push_back(alphabet[(chunk >> 18) & 63]);
        out.push_back(alphabet[(chunk >> 12) & 63]);
        out.push_back(i + 1 < size ? alphabet[(chunk >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? alphabet[chunk & 63] : '=');
    }
    return out;
}

std::string base64url_encode(const unsigned char* data, std::size_t size)
{
    std::string out = base64_encode(data, size);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (char& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::optional<std::vector<unsigned char>> base64url_decode(std::string_view text)
{
    std::string standard(text);
    for (char& c : standard) {
        if (c == '+' || c == '/' || c == '=')
            return std::nullopt;
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    return base64_decode(standard);
}

} // namespace emulator
