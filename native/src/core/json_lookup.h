#pragma once
// PowerShell property names are case-insensitive; objects read through the host keep the
// service's casing, blueprints use the documented one.
#include <string>

#include <nlohmann/json.hpp>

namespace mailint {

// The member whose name equals `name` ignoring case, or nullptr.
const nlohmann::json *find_ci(const nlohmann::json &object, const std::string &name);

// The member as a string ("" when absent or null; other scalars dumped).
std::string string_ci(const nlohmann::json &object, const std::string &name);

}  // namespace mailint
