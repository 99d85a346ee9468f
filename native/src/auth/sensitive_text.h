#pragma once
// Text that is a credential: an access token, a client assertion, a form body carrying a client
// secret. Move-only and overwritten when dropped, like secret_value; it has no stream operator
// and nothing formats it, so it cannot end up in a message or a log by accident.
#include <string>
#include <string_view>

namespace mailint::auth {

class sensitive_text {
public:
    sensitive_text() = default;
    explicit sensitive_text(std::string text) : text_(std::move(text)) {}
    sensitive_text(const sensitive_text &) = delete;
    sensitive_text &operator=(const sensitive_text &) = delete;
    sensitive_text(sensitive_text &&other) noexcept;
    sensitive_text &operator=(sensitive_text &&other) noexcept;
    ~sensitive_text();

    std::string_view view() const { return text_; }
    bool empty() const { return text_.empty(); }

private:
    void wipe();
    std::string text_;
};

}  // namespace mailint::auth
