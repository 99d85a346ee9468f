#pragma once
// The refresh token a device-code sign-in earned by asking for offline_access. It is shared by
// every copy of the credential (a connection copies its settings), so the user signs in once per
// connection: tokens for the other services (Graph after Exchange Online) and renewals before
// expiry are redeemed with it instead of showing a new code. Entra's refresh tokens are
// multi-resource for an app's delegated permissions and are replaced by a new one on every
// redemption; the newest is kept. Thread-safe; the token is overwritten when replaced or dropped.
#include <mutex>
#include <optional>
#include <string>

#include "auth/sensitive_text.h"

namespace mailint::auth {

class refresh_token_slot {
public:
    // A copy of the token, to send once; nullopt when there is none.
    std::optional<sensitive_text> take_copy() const;
    void store(sensitive_text token);
    // The service refused it (revoked, lapsed): the next sign-in shows a code again.
    void clear();
    bool empty() const;

private:
    mutable std::mutex mutex_;
    sensitive_text token_;
};

}  // namespace mailint::auth
