#pragma once
// Where a name stops being public and starts being someone's: the registrable domain
// ("contoso.co.uk" for "mail.contoso.co.uk"). Seeds M1/X2 require the domain the administrator
// registered (second level), never a subdomain of it (third level).
#include <optional>
#include <string_view>

namespace mailint::validate {

// The public suffix `name` ends with: a built-in multi-label suffix ("co.uk"), a country-code
// second level that looks like one ("com.ng"), or else the last label ("com").
// `name` must be a normalised domain name (lower case, no trailing dot); the result views into it.
std::string_view public_suffix_of(std::string_view name);

// The suffix plus one label ("contoso.com" for "marketing.contoso.com"); nullopt when `name` is
// itself a public suffix ("co.uk", "com") and so cannot be registered.
std::optional<std::string_view> registrable_domain(std::string_view name);

}  // namespace mailint::validate
