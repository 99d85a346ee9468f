#include "traffic/token_claims.h"

#include "util/base64.h"
#include "util/text.h"

#include <string_view>

namespace emulator::traffic {

std::optional<json> unverified_bearer_claims(const http_request_data& request)
{
    const auto header = request.headers.find("authorization");
    if (header == request.headers.end())
        return std::nullopt;
    const std::string_view value = trim(header->second);
    constexpr std::string_view scheme = "bearer ";
    if (!istarts_with(value, scheme))
        return std::nullopt;
    const std::string_view token = trim(value.substr(scheme.size()));
    const auto first_dot = token.find('.');
    const auto second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos)
        return std::nullopt;
    const auto bytes = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
    if (!bytes)
        return std::nullopt;
    json payload = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return std::nullopt;
    return payload;
}

} // namespace emulator::traffic
