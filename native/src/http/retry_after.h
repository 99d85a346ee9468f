#pragma once
// Retry-After (RFC 9110 §10.2.3) as Microsoft's services send it. Exchange Online's admin API
// sends decimal seconds ("1.5", which ExchangeOnlineManagement parses as [double]; wire-apis.md
// §1.8), Graph and Entra integral seconds, and any HTTP server may send an HTTP-date.
#include <chrono>
#include <optional>
#include <string_view>

namespace mailint::http {

// The wait the header asks for: decimal seconds (fractions kept to the millisecond) or an HTTP-date
// (IMF-fixdate, RFC 850 or asctime form) relative to `now`; a date in the past is zero.
// nullopt for anything else (empty, negative, "soon", NaN, beyond a year), so the caller falls
// back to its own backoff instead of waiting forever on a garbled header.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace mailint::http
