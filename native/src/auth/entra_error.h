#pragma once
// Entra ID's error answer ({"error","error_description":"AADSTSnnnn: …","error_codes":[…],
// "trace_id","correlation_id"}, wire-apis.md §2.1) turned into the core's stable error ids, so a
// cmdlet can say "the client secret is wrong" instead of echoing a 400.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace mailint::auth {

struct entra_error_body {
    std::string error;        // "invalid_client"
    std::string description;  // "AADSTS7000215: Invalid client secret provided. …"
    std::vector<long long> codes;
    std::string trace_id;
    std::string correlation_id;

    // The first AADSTS number: error_codes[0], else the one the description starts with; 0 if none.
    long long aadsts() const;
};

// nullopt when the body is not that shape (an HTML error page, a proxy's answer).
std::optional<entra_error_body> parse_entra_error(std::string_view body);

// The error for a failed token request. Ids: auth.invalid_client, auth.invalid_secret,
// auth.invalid_assertion, auth.tenant_not_found, auth.invalid_scope, auth.unauthorized_client,
// auth.invalid_grant, auth.invalid_request, auth.consent_required, auth.throttled,
// auth.service_unavailable, auth.token_request_failed. The detail holds status, error,
// aadsts ("AADSTS7000215"), errorCodes, traceId, correlationId and the description's first
// sentence; every text in `never_show` (the secret, the assertion) is cut out of anything kept.
mailint::error token_request_error(int status, const std::optional<entra_error_body> &body,
                                   std::span<const std::string_view> never_show);

}  // namespace mailint::auth
