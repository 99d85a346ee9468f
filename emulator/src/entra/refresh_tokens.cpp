#include "entra/refresh_tokens.h"

#include "util/base64.h"
#include "util/text.h"

#include <openssl/rand.h>

namespace emulator::entra {

std::string refresh_tokens::issue(refresh_grant grant)
{
    // Entra's refresh tokens are opaque and long; only their holder may learn anything from them.
    unsigned char bytes[64];
    RAND_bytes(bytes, sizeof bytes);
    std::string token = "0.A" + base64url_encode(bytes, sizeof bytes);
    tokens_.emplace(token, std::move(grant));
    return token;
}

std::variant<refresh_grant, token_error> refresh_tokens::redeem(const std::string& token, const std::string& tenant_id,
                                                                const std::string& client_id, double now)
{
    const auto it = tokens_.find(token);
    // A refresh token of another app or tenant is as unknown as a made-up one.
    if (it == tokens_.end() || !iequals(it->second.client_id, client_id) || it->second.tenant_id != tenant_id)
        return token_error{400, "invalid_grant", 70000, "Provided grant is invalid or malformed."};
    if (it->second.revoked)
        return token_error{400, "invalid_grant", 50173,
                           "The provided grant has expired due to it being revoked, a fresh auth token is needed. "
                           "The user might have changed or reset their password."};
    if (now >= it->second.expires_at) {
        tokens_.erase(it);
        return token_error{400, "invalid_grant", 700082,
                           "The refresh token has expired due to inactivity. The token was issued on a date and was "
                           "inactive for the configured lifetime."};
    }
    return it->second;
}

std::size_t refresh_tokens::revoke(const std::string& upn)
{
    std::size_t n = 0;
    for (auto& [token, grant] : tokens_)
        if (iequals(grant.upn, upn) && !grant.revoked) {
            grant.revoked = true;
            ++n;
        }
    return n;
}

} // namespace emulator::entra
