#include "validate/byte_size.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <limits>

namespace mailint::validate {

namespace {

struct unit {
    std::string_view name;
    std::uint64_t factor;
};

constexpr std::array<unit, 5> units = {{{"TB", 1ull << 40}, {"GB", 1ull << 30}, {"MB", 1ull << 20}, {"KB", 1ull << 10}, {"B", 1}}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

// "2,147,483,648 bytes" inside Exchange's parentheses: digits with optional thousands commas.
bool parse_byte_count(std::string_view s, std::uint64_t &out) {
    s = trim(s);
    if (s.size() < 5 || !iequal(s.substr(s.size() - 5), "bytes")) return false;
    s = trim(s.substr(0, s.size() - 5));
    if (s.empty()) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c == ',') continue;
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace

parse_result<byte_size> parse_byte_size(std::string_view text) {
    std::string_view s = trim(text);
    if (s.empty()) return parse_result<byte_size>::fail("is empty; give a size such as 2GB, 500MB or Unlimited");
    if (iequal(s, "Unlimited")) return parse_result<byte_size>::ok({true, 0});

    // Exchange's printed form: the bytes in parentheses are exact; the rounded value before them
    // must still read as a size.
    std::optional<std::uint64_t> exact;
    if (s.back() == ')') {
        const auto open = s.rfind('(');
        std::uint64_t count = 0;
        if (open == std::string_view::npos || !parse_byte_count(s.substr(open + 1, s.size() - open - 2), count))
            return parse_result<byte_size>::fail("is not a size: the part in parentheses must be '(N bytes)'");
        exact = count;
        s = trim(s.substr(0, open));
    }

    std::size_t i = 0;
    std::uint64_t whole = 0;
    bool digits = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        const std::uint64_t d = static_cast<std::uint64_t>(s[i] - '0');
        if (whole > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
            return parse_result<byte_size>::fail("is too large; the largest size is Unlimited");
        whole = whole * 10 + d;
        digits = true;
        ++i;
    }
    // Up to nine decimals, kept exactly as a fraction over 10^n.
    std::uint64_t frac = 0, scale = 1;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            if (scale >= 1'000'000'000ull) return parse_result<byte_size>::fail("has more than nine decimals");
            frac = frac * 10 + static_cast<std::uint64_t>(s[i] - '0');
            scale *= 10;
            digits = true;
            ++i;
        }
    }
    if (!digits)
        return parse_result<byte_size>::fail(s.starts_with("-") ? "is negative; a size is 0 or more, or Unlimited"
                                                                : "is not a size; give a number with a unit, such as 2GB, 500MB or Unlimited");
    const std::string_view unit_text = trim(s.substr(i));
    std::uint64_t factor = 1;  // a bare number is bytes, as in Exchange
    if (!unit_text.empty()) {
        bool known = false;
        for (const auto &u : units)
            if (iequal(unit_text, u.name)) {
                factor = u.factor;
                known = true;
            }
        if (!known)
            return parse_result<byte_size>::fail("has an unknown unit ('" + std::string(unit_text) +
                                                 "'); use B, KB, MB, GB or TB (binary: 1 GB = 1024 MB)");
    }
    if (whole > std::numeric_limits<std::uint64_t>::max() / factor)
        return parse_result<byte_size>::fail("is too large; the largest size is Unlimited");
    std::uint64_t bytes = whole * factor;
    // frac * factor can exceed 64 bits (up to 10^9 * 2^40): computed in 128.
    const unsigned __int128 part = static_cast<unsigned __int128>(frac) * factor / scale;
    if (part > std::numeric_limits<std::uint64_t>::max() - bytes)
        return parse_result<byte_size>::fail("is too large; the largest size is Unlimited");
    bytes += static_cast<std::uint64_t>(part);
    if (exact) {
        // The rounded leading value Exchange prints is within one of its last digits of the exact
        // bytes; anything further apart is two different sizes written together.
        const std::uint64_t tolerance = factor;
        const std::uint64_t diff = bytes > *exact ? bytes - *exact : *exact - bytes;
        if (diff > tolerance)
            return parse_result<byte_size>::fail("says two different sizes: the value before the parentheses does not match the bytes in them");
        bytes = *exact;
    }
    return parse_result<byte_size>::ok({false, bytes});
}

std::string byte_size::to_exchange_text() const {
    if (unlimited) return "Unlimited";
    const unit *chosen = &units.back();
    for (const auto &u : units)
        if (bytes >= u.factor) {
            chosen = &u;
            break;
        }
    // Up to three decimals, truncated, trailing zeros dropped: "1.953 GB", "2 GB".
    const std::uint64_t whole = bytes / chosen->factor;
    const std::uint64_t milli = static_cast<std::uint64_t>(static_cast<unsigned __int128>(bytes % chosen->factor) * 1000 / chosen->factor);
    std::string value = std::to_string(whole);
    if (milli) {
        char buf[24];
        std::snprintf(buf, sizeof buf, ".%03llu", static_cast<unsigned long long>(milli));
        std::string f = buf;
        while (f.back() == '0') f.pop_back();
        value += f;
    }
    std::string digits = std::to_string(bytes), grouped;
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k && (digits.size() - k) % 3 == 0) grouped += ',';
        grouped += digits[k];
    }
    return value + " " + std::string(chosen->name) + " (" + grouped + " bytes)";
}

std::string byte_size::to_parameter_text() const {
    if (unlimited) return "Unlimited";
    for (const auto &u : units)
        if (bytes >= u.factor && bytes % u.factor == 0) return std::to_string(bytes / u.factor) + std::string(u.name);
    return std::to_string(bytes) + "B";
}

}  // namespace mailint::validate
