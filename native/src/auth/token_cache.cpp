#include "auth/token_cache.h"

#include "secret/dump_protection.h"

namespace mailint::auth {

token_cache::token_cache(const clock &time, std::chrono::seconds refresh_margin) : clock_(time), margin_(refresh_margin) {}

std::shared_ptr<token_cache::slot> token_cache::slot_for(const token_key &key) {
    std::lock_guard lock(mutex_);
    auto &s = slots_[key];
    if (!s) s = std::make_shared<slot>();
    return s;
}

token_cache::token_ptr token_cache::get(const token_key &key, const acquire_fn &acquire) {
    auto s = slot_for(key);
    auto fresh = [&](const token_ptr &t) {
        if (!t) return false;
        if (t->expires_at == std::chrono::system_clock::time_point::max()) return true;
        return t->expires_at - clock_.now() > margin_;
    };
    {
        std::lock_guard lock(mutex_);
        if (fresh(s->token)) return s->token;
    }
    std::lock_guard acquiring(s->acquiring);
    {
        // Another request may have acquired it while this one waited.
        std::lock_guard lock(mutex_);
        if (fresh(s->token)) return s->token;
    }
    // Before the token (or a refresh token) arrives: no core file may hold it (device code
    // sign-ins store no secret first, so the secret store's mark may not be there yet).
    protect_process_from_core_dumps();
    auto token = std::make_shared<const access_token>(acquire(key));
    std::lock_guard lock(mutex_);
    s->token = token;
    return token;
}

void token_cache::invalidate(const token_key &key, const token_ptr &rejected) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end() && it->second->token && it->second->token == rejected) it->second->token.reset();
}

void token_cache::invalidate(const token_key &key) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end()) it->second->token.reset();
}

void token_cache::clear() {
    std::lock_guard lock(mutex_);
    for (auto &[k, s] : slots_) s->token.reset();
}

}  // namespace mailint::auth
