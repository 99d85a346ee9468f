#pragma once
// The core's failure type. Codes mirror the C ABI's pinned MAILINT_E_* values so the boundary
// only copies them; ids are stable strings ("transport.host.not_found") that PowerShell shows
// as FullyQualifiedErrorId.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace mailint {

enum class errc : int {
    ok = 0,
    generic = -1,
    invalid_argument = -3,
    not_found = -5,
    already_exists = -6,
    permission_denied = -7,
    throttled = -8,
    failed_precondition = -9,
    conflict = -10,
    unsupported = -12,
    internal = -13,
    unavailable = -14,
    unauthenticated = -16,
    cancelled = -17,
    timeout = -18,
    version = -19,
    misuse = -21,
};

class error : public std::runtime_error {
public:
    error(errc code, std::string id, const std::string &message,
          nlohmann::json detail = nlohmann::json::object())
        : std::runtime_error(message), code_(code), id_(std::move(id)), detail_(std::move(detail)) {}

    errc code() const { return code_; }
    const std::string &id() const { return id_; }
    const nlohmann::json &detail() const { return detail_; }

private:
    errc code_;
    std::string id_;
    nlohmann::json detail_;
};

}  // namespace mailint
