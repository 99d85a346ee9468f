#include "validate/message_text.h"

namespace mailint::validate {

std::string quote_input(std::string_view text) {
    constexpr std::size_t max_bytes = 80;
    bool cut = false;
    if (text.size() > max_bytes) {
        std::size_t end = max_bytes;
        // Back off continuation bytes (10xxxxxx) so a multi-byte character is kept whole or dropped.
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        text = text.substr(0, end);
        cut = true;
    }
    std::string out;
    out.reserve(text.size() + 5);
    out += '\'';
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    if (cut) out += "...";
    out += '\'';
    return out;
}

}  // namespace mailint::validate
