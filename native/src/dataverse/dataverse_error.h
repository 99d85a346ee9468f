#pragma once
// The Dataverse Web API's error answer ({"error":{"code":"0x80040217","message":"…"}},
// wire-apis.md §3) turned into stable ids. Dataverse's hexadecimal codes say more than the HTTP
// status: 0x80040217 is "record does not exist" even when a proxy turns it into something else,
// and 0x80072321/2/6 are the service-protection limits (execution time, request count,
// concurrency; service-limits.md §4).
//
// Ids: dataverse.not_found, dataverse.precondition_failed (conflict: the row changed since the
// ETag was read), dataverse.bad_request, dataverse.throttled, dataverse.permission_denied,
// dataverse.unauthenticated, dataverse.unavailable, dataverse.request_failed. The detail is
// {"status","code","method","path"}, the path without its query.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/http_client.h"

namespace mailint::dataverse {

struct dataverse_error_body {
    std::string code;  // "0x80040217", lower-case
    std::string message;
};

std::optional<dataverse_error_body> parse_dataverse_error(std::string_view body);

mailint::error dataverse_error(int status, const std::optional<dataverse_error_body> &body, std::string_view method,
                               std::string_view path);
mailint::error dataverse_error(const http::response &answer, std::string_view method, std::string_view path);

}  // namespace mailint::dataverse
