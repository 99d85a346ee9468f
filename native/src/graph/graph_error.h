#pragma once
// Microsoft Graph's error envelope ({"error":{"code","message","innerError":{"request-id",…}}},
// wire-apis.md §2.7) turned into the core's stable ids, so a cmdlet can say "that UPN is taken"
// or "the user has no usage location" instead of echoing a 400. The same mapping serves whole
// responses and the items of a $batch answer.
//
// Ids: graph.not_found, graph.bad_request, graph.user.upn_conflict,
// graph.license.usage_location_missing, graph.license.exhausted, graph.permission_denied,
// graph.unauthenticated, graph.throttled, graph.unavailable, graph.request_failed.
// The detail is {"status","code","requestId","method","path"}: the path without its query, and
// never a body, a header value other than the request id, a token or a password.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/http_client.h"

namespace mailint::graph {

struct graph_error_body {
    std::string code;        // "Request_BadRequest"
    std::string message;     // Graph's text
    std::string request_id;  // innerError.request-id
    std::vector<std::string> detail_codes;    // error.details[].code ("ObjectConflict")
    std::vector<std::string> detail_targets;  // error.details[].target ("userPrincipalName")
};

// nullopt when the body is not that shape (a proxy's HTML page, an empty 503).
std::optional<graph_error_body> parse_graph_error(const nlohmann::json &body);
std::optional<graph_error_body> parse_graph_error_text(std::string_view body);

// The error for a failed request. `request_id` is the request-id response header, used when
// the body has none. `path` may carry a query: it is cut off for the detail.
mailint::error graph_error(int status, const std::optional<graph_error_body> &body, std::string_view request_id,
                           std::string_view method, std::string_view path);

// Convenience for a whole HTTP answer.
mailint::error graph_error(const http::response &answer, std::string_view method, std::string_view path);

}  // namespace mailint::graph
