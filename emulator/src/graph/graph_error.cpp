#include "graph/graph_error.h"

#include "util/guid.h"
#include "util/utc_time.h"

namespace emulator::graph {

json error_body(std::string_view code, const std::string& message, const http_request_data& request)
{
    const auto client_id = request.headers.find("client-request-id");
    const std::string client_request_id = client_id == request.headers.end() ? std::string() : client_id->second;
    std::string date = iso_utc(now_epoch_seconds());
    date.pop_back();  // Graph prints innerError.date without the Z
    return json{{"error", {{"code", code},
                           {"message", message},
                           {"innerError", {{"date", date},
                                           {"request-id", new_guid()},
                                           {"client-request-id", client_request_id}}}}}};
}

http_response_data error(int status, std::string_view code, const std::string& message,
                         const http_request_data& request)
{
    return json_reply(status, error_body(code, message, request));
}

http_response_data not_found(const std::string& id, const http_request_data& request)
{
    return error(404, "Request_ResourceNotFound",
                 "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.",
                 request);
}

http_response_data json_reply(int status, const json& body) { return {status, dump_json(body), {}}; }

http_response_data no_content() { return {204, std::string(), {}}; }

} // namespace emulator::graph
