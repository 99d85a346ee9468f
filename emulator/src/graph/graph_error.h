#pragma once
// Graph's answers: the error envelope of wire-apis.md §2.7 and the JSON bodies of successes.
#include "http_types.h"
#include "util/json.h"

#include <string>
#include <string_view>

namespace emulator::graph {

// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}; request-id
// is fresh, client-request-id echoes the request's header (empty when absent), as Graph does.
json error_body(std::string_view code, const std::string& message, const http_request_data& request);
http_response_data error(int status, std::string_view code, const std::string& message,
                         const http_request_data& request);

// The 404 Graph gives for an id it does not hold.
http_response_data not_found(const std::string& id, const http_request_data& request);

http_response_data json_reply(int status, const json& body);
http_response_data no_content();

} // namespace emulator::graph
