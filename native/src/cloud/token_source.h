#pragma once
// Where a service channel gets the bearer token for its resource. The connection implements it
// over the session's token cache; a channel only asks for the current token and reports one the
// service refused (401), so it can re-acquire exactly once.
#include "auth/token_cache.h"

namespace mailint::cloud {

class token_source {
public:
    virtual ~token_source() = default;
    // The token to send now; acquires one if none is cached or it is about to expire. Throws the
    // token client's mailint::error ids (auth.*).
    virtual auth::token_cache::token_ptr get() = 0;
    // The service answered 401 to this token: forget it so the next get() acquires a new one.
    virtual void reject(const auth::token_cache::token_ptr &token) = 0;
};

}  // namespace mailint::cloud
