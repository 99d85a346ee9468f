#pragma once
// How the emulated services (Exchange Online, Graph, Dataverse) check the bearer token of a call:
// signature by this emulator's key, aud = their resource, not expired, and the role (app token) or
// scope (delegated token) the call needs.
#include "entra/signing_key.h"
#include "http_types.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <vector>

namespace emulator::entra {

struct bearer_requirement {
    std::string resource;                  // e.g. "https://outlook.office365.com"
    std::vector<std::string> any_role;     // app tokens need one of these in roles (empty: any token)
    std::vector<std::string> any_scope;    // delegated tokens need one of these in scp (empty: any token)
};

struct bearer_outcome {
    std::optional<json> claims;         // set when the call may proceed
    http_response_data failure;         // otherwise: 401 with WWW-Authenticate, or 403
    bool ok() const { return claims.has_value(); }
};

// Reads "Authorization: Bearer <jwt>" from the request. 401 (WWW-Authenticate: Bearer …
// error="invalid_token") for a missing, malformed, foreign, expired or wrong-audience token; 403
// for a valid token without the role or scope. A service replaces the bodies with its own shape
// (Exchange's 403 has an empty body and x-ms-diagnostics, wire-apis.md §1.7) but keeps the status
// and headers.
bearer_outcome authorize(const signing_key& key, const http_request_data& request, const bearer_requirement& need,
                         const std::string& authorization_uri_base);

} // namespace emulator::entra
