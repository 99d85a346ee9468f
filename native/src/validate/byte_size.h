#pragma once
// Mailbox sizes as Exchange takes and prints them (ByteQuantifiedSize, seed X11): "2GB", "2 GB",
// "2147483648", "1.5 GB", "Unlimited", and Exchange's own output "2 GB (2,147,483,648 bytes)" all
// parse, so a size read back from Get-Mailbox compares equal to the one the administrator typed.
// Units are binary (1 KB = 1024 bytes), as in Exchange.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "validate/parse_result.h"

namespace mailint::validate {

struct byte_size {
    bool unlimited = false;
    std::uint64_t bytes = 0;  // 0 when unlimited

    // "2 GB (2,147,483,648 bytes)" or "Unlimited", as Get-Mailbox prints it.
    std::string to_exchange_text() const;
    // The shortest form Set-Mailbox takes that means exactly these bytes: "2GB", "1843MB",
    // "1000B", "Unlimited".
    std::string to_parameter_text() const;

    friend bool operator==(const byte_size &, const byte_size &) = default;
    // Unlimited is larger than any size.
    friend std::strong_ordering operator<=>(const byte_size &a, const byte_size &b) {
        if (a.unlimited != b.unlimited) return a.unlimited ? std::strong_ordering::greater : std::strong_ordering::less;
        return a.bytes <=> b.bytes;
    }
};

// Never throws; the problem phrase follows the quoted input ("'2 GiB' has an unknown unit …").
parse_result<byte_size> parse_byte_size(std::string_view text);

}  // namespace mailint::validate
