#pragma once
// How a property's value is compared. Exchange prints values its own way ("Tls, Integrated",
// "SMTP:%m@contoso.com", "192.168.0.0/24" read back as "192.168.0.0-192.168.0.255", URLs in any
// case), so a plain string compare would report drift that is not there, and every later run
// would rewrite the same settings.
#include <string_view>

namespace mailint {

enum class value_kind {
    text,            // exact
    text_ci,         // case-insensitive: names, host names, domains
    boolean,         // true/false, "True"/"False"
    integer,
    url,             // case-insensitive, trailing slash ignored
    set_ci,          // order-insensitive list of case-insensitive strings
    flags,           // an enum flags value: "Tls, BasicAuth" or ["Tls","BasicAuth"]; "None" = empty
    ip_ranges,       // list of IPv4 ranges in any accepted form; compared as ranges
    bindings,        // list of "ip:port"
    smtp_template,   // "%m@contoso.com" with or without "SMTP:"
    address_spaces,  // "SMTP:*;1": type, address, cost (default 1)
};

enum class compare_mode {
    equal,     // current must equal desired
    includes,  // current must include every desired member (sets and flags only)
};

std::string_view to_string(value_kind kind);

}  // namespace mailint
