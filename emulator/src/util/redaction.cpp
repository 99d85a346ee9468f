#include "util/redaction.h"

#include "util/text.h"

namespace emulator {

json redact_secrets(json body)
{
    if (body.is_array()) {
        for (auto& item : body)
            item = redact_secrets(std::move(item));
        return body;
    }
    if (!body.is_object())
        return body;
    for (auto& [name, value] : body.items()) {
        const std::string lower = to_lower(name);
        // Names that end in password/secret (or start with secret, as secretText): passwordProfile
        // is an object whose password member is redacted one level down, so the log still shows
        // forceChangePasswordNextSignIn.
        const bool secret = lower.ends_with("password") || lower.ends_with("secret") || lower.starts_with("secret");
        if (secret)
            value = "********";
        else
            value = redact_secrets(std::move(value));
    }
    return body;
}

} // namespace emulator
