#pragma once
// Internet domain names as administrators type them for DomainName (seed X5): checked for DNS
// syntax (RFC 1035 host names, RFC 5890 A-labels) and for the seed's policy that the domain is
// the registered one (contoso.com), not a subdomain of it (marketing.contoso.com).
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "validate/parse_result.h"

namespace mailint::validate {

// Syntax and normalisation: lower-cased, one trailing dot removed; labels of letters, digits
// and hyphens, 1-63 bytes, no hyphen at either end; at most 253 bytes; at least one dot; the last
// label not all digits (so an IP address is not taken for a name). Internationalised names must
// be given as A-labels ("xn--bcher-kva.example"): U-labels are refused with that advice,
// because Exchange and DNS servers store the A-label form.
parse_result<std::string> parse_domain_name(std::string_view text);

// Why `label` cannot be a DNS host label (same rules as above), or nullopt when it can.
// The phrase follows the quoted label, like parse_result::problem.
std::optional<std::string> dns_label_problem(std::string_view label);

// The DomainName check: adds validation.domain.empty, .malformed, .single_label or .third_level
// (all errors) with target `parameter`, and returns the normalised name only when none applies.
// A bare public suffix ("co.uk") is reported as .single_label: it has no label of its own.
std::optional<std::string> validate_domain_name(std::string_view text, std::string_view parameter,
                                                diagnostics &out);

// validate_domain_name without the seed's third-level rule (for what Microsoft 365 accepts at any
// level: Teams Essentials' domain, DKIM signing): every other finding is kept.
std::optional<std::string> validate_any_level_domain(std::string_view text, std::string_view parameter,
                                                     diagnostics &out);

}  // namespace mailint::validate
