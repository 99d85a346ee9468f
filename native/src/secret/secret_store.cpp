#include "secret/secret_store.h"

#include "secret/dump_protection.h"

#include <openssl/crypto.h>

namespace mailint {

secret_value::secret_value(std::span<const unsigned char> bytes) : bytes_(bytes.begin(), bytes.end()) {}

secret_value::secret_value(secret_value &&other) noexcept : bytes_(std::move(other.bytes_)) {
    other.bytes_.clear();
}

secret_value &secret_value::operator=(secret_value &&other) noexcept {
    if (this != &other) {
        wipe();
        bytes_ = std::move(other.bytes_);
        other.bytes_.clear();
    }
    return *this;
}

secret_value::~secret_value() { wipe(); }

void secret_value::wipe() {
    // OPENSSL_cleanse cannot be optimised away, unlike a plain memset before free.
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
    bytes_.clear();
}

void secret_store::set(const std::string &name, std::span<const unsigned char> value) {
    // Before the value is copied anywhere: from here on no core file can hold it.
    protect_process_from_core_dumps();
    values_.insert_or_assign(name, secret_value(value));
}

const secret_value *secret_store::find(const std::string &name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

bool secret_store::leaks_into(std::string_view text) const {
    for (const auto &[name, value] : values_) {
        // Very short secrets would match by accident everywhere; they are still never written
        // by construction, this check only guards against programming errors.
        if (value.view().size() >= 4 && text.find(value.view()) != std::string_view::npos) return true;
    }
    return false;
}

std::string secret_store::redact(std::string text) const {
    for (const auto &[name, value] : values_) {
        auto v = value.view();
        if (v.empty()) continue;
        for (auto pos = text.find(v); pos != std::string::npos; pos = text.find(v, pos + 8))
            text.replace(pos, v.size(), "********");
    }
    return text;
}

}  // namespace mailint
