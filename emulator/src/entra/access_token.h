#pragma once
// The access tokens the emulator issues: Entra v1.0-style JWTs (iss https://sts.windows.net/{tid}/)
// as Exchange Online and Graph receive them, signed by the emulator's signing key.
#include "entra/signing_key.h"
#include "util/json.h"

#include <optional>
#include <string>
#include <vector>

namespace emulator::entra {

struct token_request {
    std::string tenant_id;
    std::string client_id;
    std::string resource;              // canonical URL, becomes aud
    std::vector<std::string> roles;    // app-only tokens
    std::optional<std::vector<std::string>> scopes;  // delegated tokens (scp)
    std::string upn;                   // delegated tokens
    double lifetime = 3599;
};

// The token endpoint's success body: {"token_type":"Bearer",["scope",]"expires_in","ext_expires_in","access_token"}.
json issue_access_token(const signing_key& key, const token_request& request, double now);

} // namespace emulator::entra
