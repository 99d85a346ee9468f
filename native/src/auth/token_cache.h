#pragma once
// Access tokens of one session, per (tenant, client, resource): a Graph token and an Exchange
// token for the same app are different tokens. A token is refreshed when less than the margin
// remains (so a long request does not start with a token about to lapse), and a 401 from a
// service invalidates it so the caller re-acquires once.
//
// Thread-safe: several requests of one session may ask at once; for one key only the first
// acquires, the others wait for and share its token. Tokens are shared_ptr so one that is in use
// stays alive (and is zeroed only) when the last request using it lets go.
#include <chrono>
#include <compare>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/clock.h"
#include "auth/token_client.h"

namespace mailint::auth {

struct token_key {
    std::string tenant;
    std::string client_id;
    std::string resource;
    auto operator<=>(const token_key &) const = default;
};

class token_cache {
public:
    using token_ptr = std::shared_ptr<const access_token>;
    using acquire_fn = std::function<access_token(const token_key &)>;

    explicit token_cache(const clock &time = system_time(),
                         std::chrono::seconds refresh_margin = std::chrono::minutes(5));
    token_cache(const token_cache &) = delete;
    token_cache &operator=(const token_cache &) = delete;

    // The cached token when more than the margin remains; otherwise `acquire` is called (without
    // the cache-wide lock held, so other keys are not blocked) and its token cached. Errors from
    // `acquire` propagate and leave nothing cached.
    token_ptr get(const token_key &key, const acquire_fn &acquire);

    // Drops the token a service refused (401), but only if it is still the cached one: when
    // several requests fail with the same token at once, the token is re-acquired once.
    void invalidate(const token_key &key, const token_ptr &rejected);
    // Drops whatever is cached for the key (Disconnect, credentials changed).
    void invalidate(const token_key &key);
    void clear();

private:
    struct slot {
        std::mutex acquiring;  // held while this key's token is being acquired
        token_ptr token;       // guarded by token_cache::mutex_
    };
    std::shared_ptr<slot> slot_for(const token_key &key);

    const clock &clock_;
    std::chrono::seconds margin_;
    std::mutex mutex_;
    std::map<token_key, std::shared_ptr<slot>> slots_;
};

}  // namespace mailint::auth
