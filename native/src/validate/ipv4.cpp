#include "validate/ipv4.h"

#include <algorithm>
#include <array>

#include "validate/message_text.h"

namespace mailint::validate {

namespace {

struct block {
    ipv4_address base;
    int prefix;
    bool contains(ipv4_address a) const {
        std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
        return (a.value() & mask) == (base.value() & mask);
    }
};

// IANA special-purpose registry entries that are not globally reachable (RFC 6890 and updates).
constexpr std::array<block, 15> non_public = {{
    {ipv4_address(0, 0, 0, 0), 8},        // "this network"
    {ipv4_address(10, 0, 0, 0), 8},       // RFC 1918
    {ipv4_address(100, 64, 0, 0), 10},    // carrier-grade NAT (RFC 6598)
    {ipv4_address(127, 0, 0, 0), 8},      // loopback
    {ipv4_address(169, 254, 0, 0), 16},   // link-local
    {ipv4_address(172, 16, 0, 0), 12},    // RFC 1918
    {ipv4_address(192, 0, 0, 0), 24},     // IETF protocol assignments
    {ipv4_address(192, 0, 2, 0), 24},     // TEST-NET-1
    {ipv4_address(192, 88, 99, 0), 24},   // deprecated 6to4 relay anycast
    {ipv4_address(192, 168, 0, 0), 16},   // RFC 1918
    {ipv4_address(198, 18, 0, 0), 15},    // benchmarking
    {ipv4_address(198, 51, 100, 0), 24},  // TEST-NET-2
    {ipv4_address(203, 0, 113, 0), 24},   // TEST-NET-3
    {ipv4_address(224, 0, 0, 0), 4},      // multicast
    {ipv4_address(240, 0, 0, 0), 4},      // reserved, and 255.255.255.255
}};

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string ipv4_address::to_string() const {
    std::string out;
    out.reserve(15);
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += std::to_string((value_ >> shift) & 0xFF);
        if (shift) out += '.';
    }
    return out;
}

bool ipv4_address::is_public_unicast() const {
    return std::none_of(non_public.begin(), non_public.end(),
                        [this](const block &b) { return b.contains(*this); });
}

bool looks_like_ipv6(std::string_view text) {
    if (text.find(':') == std::string_view::npos) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return is_hex(c) || c == ':' || c == '.'; });
}

parse_result<ipv4_address> parse_ipv4(std::string_view text) {
    using result = parse_result<ipv4_address>;
    if (text.empty()) return result::fail("is empty; give an IPv4 address such as 192.168.0.10");
    if (looks_like_ipv6(text))
        return result::fail("is an IPv6 address; an IPv4 address is required, e.g. 192.168.0.10");
    std::uint32_t value = 0;
    int parts = 0;
    std::size_t pos = 0;
    while (true) {
        auto dot = text.find('.', pos);
        std::string_view part = text.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
        ++parts;
        if (parts > 4)
            return result::fail("has more than four parts; an IPv4 address is four numbers "
                                "0-255 separated by dots, e.g. 192.168.0.10");
        if (part.empty())
            return result::fail("has an empty part; an IPv4 address is four numbers 0-255 "
                                "separated by dots, e.g. 192.168.0.10");
        if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return result::fail("has a part that is not a decimal number (" + quote_input(part) +
                                "); write each part as a number 0-255, e.g. 192.168.0.10");
        if (part.size() > 1 && part.front() == '0')
            return result::fail("has a part with a leading zero (" + quote_input(part) +
                                "), which some tools read as octal; drop the leading zero");
        std::uint32_t number = 0;
        for (char c : part.substr(0, 4)) number = number * 10 + static_cast<std::uint32_t>(c - '0');
        if (number > 255)
            return result::fail("has a part above 255 (" + quote_input(part) +
                                "); each part is 0 to 255");
        value = value << 8 | number;
        if (dot == std::string_view::npos) break;
        pos = dot + 1;
    }
    if (parts != 4)
        return result::fail("has " + std::to_string(parts) +
                            (parts == 1 ? " part" : " parts") +
                            "; an IPv4 address is four numbers 0-255 separated by dots, e.g. "
                            "192.168.0.10");
    return result::ok(ipv4_address(value));
}

std::optional<ipv4_address> validate_ipv4(std::string_view text, std::string_view parameter,
                                          diagnostics &out) {
    auto parsed = parse_ipv4(text);
    if (parsed) return parsed.value;
    std::string target(parameter);
    out.error("validation.ipv4.malformed", target,
              text.empty() ? target + " " + parsed.problem
                           : target + " " + quote_input(text) + " " + parsed.problem);
    return std::nullopt;
}

}  // namespace mailint::validate
