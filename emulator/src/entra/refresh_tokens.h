#pragma once
// Refresh tokens the token service issued to users who signed in with the device code and asked
// for offline_access (Entra's v2-oauth2-device-code and v2-oauth2-auth-code-flow "refresh the
// access token"). As in Entra, one refresh token is redeemable for any resource the app has
// delegated permissions on (a multi-resource refresh token), each redemption returns a new one and
// the old stays valid until it lapses; an administrator can revoke a user's tokens. Not
// thread-safe: the token service serializes access.
#include "entra/token_error.h"

#include <map>
#include <string>
#include <variant>

namespace emulator::entra {

struct refresh_grant {
    std::string tenant_id;
    std::string client_id;
    std::string upn;
    double expires_at = 0;
    bool revoked = false;
};

class refresh_tokens {
public:
    // A new opaque refresh token for the grant.
    std::string issue(refresh_grant grant);
    // The grant a refresh token stands for, or Entra's invalid_grant answer.
    std::variant<refresh_grant, token_error> redeem(const std::string& token, const std::string& tenant_id,
                                                    const std::string& client_id, double now);
    // Revoke-MgUserSignInSession: every refresh token of the user stops working. Returns how many.
    std::size_t revoke(const std::string& upn);
    void clear() { tokens_.clear(); }

private:
    std::map<std::string, refresh_grant> tokens_;
};

} // namespace emulator::entra
