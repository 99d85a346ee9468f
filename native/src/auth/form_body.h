#pragma once
// application/x-www-form-urlencoded bodies (the token endpoint's only request format).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailint::auth {

// name=value pairs joined with '&', each side percent-encoded (space as %20, which Entra accepts,
// and everything but unreserved characters escaped).
std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>> &fields);

}  // namespace mailint::auth
