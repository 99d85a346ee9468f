#include "auth/sensitive_text.h"

#include <openssl/crypto.h>

namespace mailint::auth {

sensitive_text::sensitive_text(sensitive_text &&other) noexcept : text_(std::move(other.text_)) { other.wipe(); }

sensitive_text &sensitive_text::operator=(sensitive_text &&other) noexcept {
    if (this != &other) {
        wipe();
        text_ = std::move(other.text_);
        other.wipe();
    }
    return *this;
}

sensitive_text::~sensitive_text() { wipe(); }

void sensitive_text::wipe() {
    // Short strings move by copy, so the source's bytes are still there: clear them too.
    if (!text_.empty()) OPENSSL_cleanse(text_.data(), text_.size());
    text_.clear();
}

}  // namespace mailint::auth
