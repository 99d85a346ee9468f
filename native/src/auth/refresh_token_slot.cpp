#include "auth/refresh_token_slot.h"

namespace mailint::auth {

std::optional<sensitive_text> refresh_token_slot::take_copy() const {
    std::lock_guard lock(mutex_);
    if (token_.empty()) return std::nullopt;
    return sensitive_text(std::string(token_.view()));
}

void refresh_token_slot::store(sensitive_text token) {
    std::lock_guard lock(mutex_);
    token_ = std::move(token);  // the move assignment overwrites the one replaced
}

void refresh_token_slot::clear() {
    std::lock_guard lock(mutex_);
    token_ = sensitive_text();
}

bool refresh_token_slot::empty() const {
    std::lock_guard lock(mutex_);
    return token_.empty();
}

}  // namespace mailint::auth
