#include "graph/execute.h"

#include "entra/bearer_check.h"
#include "entra/resources.h"
#include "graph/graph_error.h"
#include "graph/routes.h"
#include "graph/tenant_state.h"
#include "util/redaction.h"
#include "util/text.h"

namespace emulator::graph {
namespace {

json logged_parameters(const http_request_data& request, const json& body)
{
    if (!body.is_null())
        return redact_secrets(body);
    json options = json::object();
    if (const auto pairs = parse_query(request.query))
        for (const auto& [name, value] : *pairs)
            options[name] = value;
    return options;
}

bool is_write(const std::string& method) { return method != "GET" && method != "HEAD"; }

} // namespace

std::string base_url_of(const http_request_data& request)
{
    const auto host = request.headers.find("host");
    return "http://" + (host == request.headers.end() ? std::string("127.0.0.1") : host->second);
}

http_response_data graph_auth_failure(const http_response_data& failure, const http_request_data& request)
{
    const json original = json::parse(failure.body, nullptr, false);
    std::string code = failure.status == 401 ? "InvalidAuthenticationToken" : "Authorization_RequestDenied";
    std::string message = "Insufficient privileges to complete the operation.";
    if (original.is_object() && original.contains("error")) {
        code = original["error"].value("code", code);
        message = original["error"].value("message", message);
    }
    http_response_data response = error(failure.status, code, message, request);
    response.headers = failure.headers;
    return response;
}

http_response_data execute(store& s, const entra::signing_key& key, const http_request_data& request,
                           const execution_context& context)
{
    const std::vector<std::string> segments(request.segments.begin() + 1, request.segments.end());
    const auto match = find_route(request.method, segments);
    const bool write = is_write(request.method);
    request_record record{request.method, request.path, std::nullopt, json::object(), write, 0,
                          std::nullopt, std::string("graph"), context.batch_item};
    const auto finish = [&](http_response_data response) {
        record.status = response.status;
        s.record(record);
        return response;
    };

    static const std::vector<std::string> any_role;
    const entra::bearer_requirement need{std::string(entra::graph_resource),
                                         match.found ? *match.found->roles : any_role,
                                         match.found ? *match.found->roles : any_role};
    const auto auth = entra::authorize(key, request, need, context.base_url);
    if (auth.ok())
        record.tenant = to_lower(auth.claims->value("tid", ""));
    if (!auth.ok())
        return finish(graph_auth_failure(auth.failure, request));
    if (!match.found) {
        if (match.wrong_method)
            return finish(error(405, "BadRequest", "Specified HTTP method is not allowed for the request uri.", request));
        const std::string segment = segments.empty() ? std::string() : segments.back();
        return finish(error(400, "BadRequest", "Resource not found for the segment '" + segment + "'.", request));
    }

    auto options = parse_query_options(request);
    if (auto* refused = std::get_if<http_response_data>(&options)) {
        record.parameters = logged_parameters(request, nullptr);
        return finish(std::move(*refused));
    }
    json body = nullptr;
    if (!trim(request.body).empty()) {
        body = json::parse(request.body, nullptr, false);
        if (body.is_discarded())
            return finish(error(400, "BadRequest",
                                "Unable to read JSON request payload. Please ensure Content-Type header is set and "
                                "payload is of valid JSON format.",
                                request));
    }
    record.parameters = logged_parameters(request, body);

    return s.with_state([&](json& state) {
        http_response_data response;
        json* tenant = tenant_section(state, *record.tenant);
        if (!tenant) {
            response = error(401, "InvalidAuthenticationToken", "The token's tenant is not known to the emulator.", request);
        } else {
            call c{request, state, *tenant, *record.tenant, context.base_url,
                   std::get<query_options>(std::move(options)), std::move(body), match.params};
            response = match.found->run(c);
        }
        record.status = response.status;
        s.record_locked(record);
        return response;
    });
}

} // namespace emulator::graph
