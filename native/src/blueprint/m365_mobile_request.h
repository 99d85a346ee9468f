#pragma once
// Set-M365MobileDevicePolicy's request (seed M6): the password the mobile devices of Exchange
// Online must have — its minimum length, the failed attempts allowed, the time without input before
// the device locks (the dashboard's "time between sign-in attempts"; Exchange has no other such
// setting) — and the device models to block.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint::m365_mobile {

inline constexpr const char *kScenario = "m365-mobile-policy";

struct request {
    std::string policy = "Default";
    bool require_password = true;
    std::optional<int> min_password_length;  // 1–16
    std::optional<int> max_failed_attempts;  // 4–16
    std::optional<int> lock_minutes;         // 1–60
    std::vector<std::string> block_models;   // as the device reports its model, e.g. "iPhone8,1"
};

diagnostics parse_request(const nlohmann::json &parameters, request &out);

}  // namespace mailint::m365_mobile
