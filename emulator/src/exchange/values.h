#pragma once
// Exchange's value types as the emulator validates and prints them. Each parse function throws a
// 400 naming the parameter when the value is not one Exchange would accept.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

// Absolute http/https URL; scheme and host lower-cased and an empty path printed as "/", as
// System.Uri prints them.
std::string parse_url(std::string_view parameter, std::string_view text);

// A host name or FQDN (labels of letters, digits and hyphens).
std::string parse_host_name(std::string_view parameter, std::string_view text);

// An accepted-domain name: an FQDN, optionally "*." followed by one.
std::string parse_domain_name(std::string_view parameter, std::string_view text);

// "a.b.c.d-e.f.g.h", "a.b.c.d/n" or "a.b.c.d" (IPv6 likewise), addresses printed canonically.
std::string parse_ip_range(std::string_view parameter, std::string_view text);

// "ip:port" with IPv6 addresses in brackets: "0.0.0.0:25", "[::]:25".
std::string parse_binding(std::string_view parameter, std::string_view text);

// "type:address;cost" with type SMTP and cost 1 when omitted: "SMTP:*;1".
std::string parse_address_space(std::string_view parameter, std::string_view text);

// One enum name, matched case-insensitively, returned as declared.
std::string parse_enum(std::string_view parameter, std::string_view text, std::string_view type_name,
                       std::span<const std::string_view> names);

// An SMTP address "local@domain" (an optional "smtp:" prefix is dropped), as Exchange's
// SmtpAddress accepts it: a non-empty local part without spaces, '@', and a valid domain.
std::string parse_smtp_address(std::string_view parameter, std::string_view text);

// A whole number in [minimum, maximum], given as a JSON number or its decimal text.
long long parse_integer(std::string_view parameter, std::string_view text, long long minimum, long long maximum);

// A [Flags] enum given as "A, B" strings and/or a list, printed in the enum's declaration order
// joined by ", "; `none` is printed alone when no other flag is set; `all` (if any) absorbs the rest.
std::string parse_flags(std::string_view parameter, const std::vector<std::string>& values,
                        std::string_view type_name, std::span<const std::string_view> names_in_order,
                        std::string_view none = "None", std::string_view all = {});

// Splits an already formatted flags value ("Tls, BasicAuth") into its names.
std::vector<std::string> flag_names(std::string_view formatted);

} // namespace emulator::exchange
