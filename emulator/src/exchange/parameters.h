#pragma once
// Parameter binding for the InvokeCommand envelope: names are matched case-insensitively against
// the cmdlet's declared parameters and values are checked against the declared kind, with the
// errors PowerShell's binder would give.
#include "util/json.h"
#include "util/text.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

enum class param_kind {
    string,         // string; numbers and booleans convert as PowerShell converts them; null allowed
    boolean,        // true/false or a number
    switch_flag,    // true/false
    string_list,    // a string or an array of strings; a GenericHashTable {Add, Remove} edits the list
    byte_array,     // {"@odata.type":"#Exchange.ByteArrayType","Data":"<base64>"}
    secure_string,  // {"@odata.type":"#Exchange.SecureStringType","Data":"<base64 of UTF-8>"}
    scalar,         // a string or a number, kept as a string (EmailAddressPolicyPriority)
};

struct param_spec {
    std::string_view name;
    param_kind kind;
    bool mandatory = false;
};

// Bytes that are wiped when they go out of scope: a SecureString's plaintext lives only as long
// as the cmdlet that needs it.
class secret_bytes {
public:
    explicit secret_bytes(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
    ~secret_bytes();
    secret_bytes(const secret_bytes&) = delete;
    secret_bytes& operator=(const secret_bytes&) = delete;
    secret_bytes(secret_bytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
    std::string_view view() const { return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()}; }

private:
    std::vector<unsigned char> bytes_;
};

class bound_parameters {
public:
    bool has(std::string_view name) const { return values_.contains(name); }
    bool is_null(std::string_view name) const;
    // The name as the cmdlet declares it, for messages.
    const json& raw(std::string_view name) const;

    std::optional<std::string> string(std::string_view name) const;  // nullopt when absent or null
    std::optional<bool> boolean(std::string_view name) const;        // nullopt when absent
    bool switch_on(std::string_view name) const;
    // The new list: the given list, or `current` edited by an {Add, Remove} hashtable.
    std::vector<std::string> list(std::string_view name, const std::vector<std::string>& current = {}) const;
    std::vector<unsigned char> bytes(std::string_view name) const;
    std::optional<secret_bytes> secret(std::string_view name) const;

    void set(std::string name, json value) { values_.insert_or_assign(std::move(name), std::move(value)); }

private:
    std::map<std::string, json, iless> values_;
};

// Parameters every Exchange cmdlet takes from PowerShell itself; accepted and ignored except
// WhatIf, which the dispatcher honours.
bool is_common_parameter(std::string_view name);

bound_parameters bind_parameters(std::span<const param_spec> specs, const json& parameters);

// What the request log shows for a parameter: SecureString values as "********", byte arrays as
// "<N bytes>", whatever shape the client used.
json redact_parameters(std::span<const param_spec> specs, const json& parameters);

} // namespace emulator::exchange
