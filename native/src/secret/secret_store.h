#pragma once
// Secrets handed over by the caller (certificate passwords, later client secrets). They live only
// here, are zeroed when replaced or dropped, and documents refer to them by name
// ({"$secret":"CertPassword"}), so no plan, journal or log can ever contain one.
#include <map>
#include <span>
#include <string>
#include <vector>

namespace mailint {

class secret_value {
public:
    secret_value() = default;
    explicit secret_value(std::span<const unsigned char> bytes);
    secret_value(const secret_value &) = delete;
    secret_value &operator=(const secret_value &) = delete;
    secret_value(secret_value &&other) noexcept;
    secret_value &operator=(secret_value &&other) noexcept;
    ~secret_value();

    std::span<const unsigned char> bytes() const { return bytes_; }
    // The value as text, for substring checks against output that must not contain it.
    std::string_view view() const {
        return {reinterpret_cast<const char *>(bytes_.data()), bytes_.size()};
    }

private:
    void wipe();
    std::vector<unsigned char> bytes_;
};

class secret_store {
public:
    void set(const std::string &name, std::span<const unsigned char> value);
    const secret_value *find(const std::string &name) const;
    // True when text contains any stored secret verbatim: a last line of defence for
    // anything the core writes (journal records, error messages).
    bool leaks_into(std::string_view text) const;
    // text with every stored secret replaced by "********": applied to messages that come from
    // outside (a host's error text) before they are journaled or returned.
    std::string redact(std::string text) const;

private:
    std::map<std::string, secret_value> values_;
};

}  // namespace mailint
