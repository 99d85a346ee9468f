#pragma once
// IPv4 addresses as ServerIpAddress and InternalIpRange take them (seed X5). Strict dotted-quad
// only: "010.0.0.1" or "0x0a.0.0.1" mean 8.0.0.1 / 10.0.0.1 to inet_aton but 10.0.0.1 to a human,
// so any form whose meaning depends on the reader is refused rather than guessed.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "validate/parse_result.h"

namespace mailint::validate {

class ipv4_address {
public:
    constexpr ipv4_address() = default;
    constexpr explicit ipv4_address(std::uint32_t host_order) : value_(host_order) {}
    constexpr ipv4_address(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
        : value_(std::uint32_t{a} << 24 | std::uint32_t{b} << 16 | std::uint32_t{c} << 8 | d) {}

    constexpr std::uint32_t value() const { return value_; }  // host order: 10.0.0.1 = 0x0A000001
    std::string to_string() const;                            // "10.0.0.1"

    // RFC 1918, loopback, link-local, CGNAT, "this network", multicast, reserved, documentation
    // and benchmarking blocks: anything that cannot be a public DNS A record's target.
    bool is_public_unicast() const;

    friend constexpr auto operator<=>(ipv4_address, ipv4_address) = default;

private:
    std::uint32_t value_ = 0;
};

// Exactly four decimal parts 0-255 separated by dots; no sign, no leading zero except "0" itself,
// no octal or hexadecimal, no white space.
parse_result<ipv4_address> parse_ipv4(std::string_view text);

// The check for an IPv4 parameter such as ServerIpAddress: adds validation.ipv4.malformed (error)
// with target `parameter` and returns the address when it parses. An IPv6 address is called out
// as such: the Exchange receive connector binding and the InternalIpRange are IPv4.
std::optional<ipv4_address> validate_ipv4(std::string_view text, std::string_view parameter,
                                          diagnostics &out);

// True when `text` has the shape of an IPv6 address (hex digits, colons, an optional embedded
// dotted quad): used to explain a refusal, not to accept anything.
bool looks_like_ipv6(std::string_view text);

}  // namespace mailint::validate
