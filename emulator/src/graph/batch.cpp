#include "graph/batch.h"

#include "entra/bearer_check.h"
#include "entra/resources.h"
#include "graph/execute.h"
#include "graph/graph_error.h"
#include "util/base64.h"
#include "util/query_string.h"
#include "util/text.h"

#include <map>
#include <set>
#include <variant>

namespace emulator::graph {
namespace {

constexpr std::size_t max_requests = 20;

struct item {
    std::string id;
    json request;
    std::vector<std::string> depends_on;
};

std::optional<std::string> header_value(const json& headers, std::string_view name)
{
    if (!headers.is_object())
        return std::nullopt;
    for (const auto& [key, value] : headers.items())
        if (iequals(key, name) && value.is_string())
            return value.get<std::string>();
    return std::nullopt;
}

json item_response(const std::string& id, const http_response_data& response)
{
    json headers = json::object();
    for (const auto& [name, value] : response.headers)
        headers[name] = value;
    json out = {{"id", id}, {"status", response.status}, {"headers", headers}};
    if (!response.body.empty()) {
        out["headers"]["Content-Type"] = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        const json body = json::parse(response.body, nullptr, false);
        out["body"] = body.is_discarded() ? json(response.body) : body;
    }
    return out;
}

// The item as a request of its own, or the 400 that refuses it.
std::variant<http_request_data, http_response_data> item_request(const item& entry, const http_request_data& outer)
{
    const json& r = entry.request;
    const auto refuse = [&](const std::string& message) {
        return std::variant<http_request_data, http_response_data>(error(400, "BadRequest", message, outer));
    };
    const std::string method = to_upper(r["method"].get<std::string>());
    if (method != "GET" && method != "POST" && method != "PATCH" && method != "PUT" && method != "DELETE")
        return refuse("Invalid method '" + method + "' in batch request.");
    std::string url = r["url"].get<std::string>();
    if (istarts_with(url, "http:") || istarts_with(url, "https:"))
        return refuse("Batch request URLs must be relative to the service version, e.g. /users.");
    if (r.contains("body") && !r["body"].is_null() && !header_value(r.value("headers", json()), "Content-Type"))
        return refuse("A request with a body must have headers with Content-Type.");

    http_request_data request;
    request.method = method;
    const auto question = url.find('?');
    request.query = question == std::string::npos ? std::string() : url.substr(question + 1);
    std::string path = url.substr(0, question);
    while (path.starts_with('/'))
        path.erase(0, 1);
    request.segments.push_back("v1.0");
    for (const auto& segment : split(path, '/')) {
        if (segment.empty())
            continue;
        const auto decoded = percent_decode(segment);
        if (!decoded)
            return refuse("The url '" + url + "' is not valid percent-encoding.");
        request.segments.push_back(*decoded);
    }
    if (request.segments.size() == 2 && request.segments[1] == "$batch")
        return refuse("A batch cannot contain another $batch.");
    request.path = "/v1.0";
    for (std::size_t i = 1; i < request.segments.size(); ++i)
        request.path += "/" + request.segments[i];

    if (r.value("headers", json()).is_object())
        for (const auto& [name, value] : r["headers"].items())
            if (value.is_string())
                request.headers[to_lower(name)] = value.get<std::string>();
    // The item runs with the batch's own credentials and host.
    for (const char* name : {"authorization", "host"}) {
        const auto found = outer.headers.find(name);
        if (found != outer.headers.end())
            request.headers[name] = found->second;
        else
            request.headers.erase(name);
    }
    if (!request.headers.count("client-request-id") && outer.headers.count("client-request-id"))
        request.headers["client-request-id"] = outer.headers.at("client-request-id");
    if (r.contains("body") && !r["body"].is_null()) {
        if (r["body"].is_string()) {
            // A string body is base64 (json-batching.md), e.g. for non-JSON content.
            const auto bytes = base64_decode(r["body"].get<std::string>());
            if (!bytes)
                return refuse("A string body must be base64.");
            request.body.assign(bytes->begin(), bytes->end());
        } else {
            request.body = dump_json(r["body"]);
        }
    }
    return request;
}

// Items whose dependencies are met run in request order; an item waits for those it depends on.
std::optional<std::vector<std::size_t>> execution_order(const std::vector<item>& items)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < items.size(); ++i)
        index[items[i].id] = i;
    std::vector<std::size_t> order;
    std::vector<bool> done(items.size(), false);
    while (order.size() < items.size()) {
        bool progressed = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (done[i])
                continue;
            bool ready = true;
            for (const auto& dependency : items[i].depends_on)
                ready = ready && done[index.at(dependency)];
            if (!ready)
                continue;
            done[i] = true;
            order.push_back(i);
            progressed = true;
            break;  // restart so an earlier item freed by this one goes first
        }
        if (!progressed)
            return std::nullopt;  // a cycle
    }
    return order;
}

} // namespace

http_response_data run_batch(store& s, const entra::signing_key& key, const http_request_data& request,
                             const item_hook& before_item)
{
    const std::string base_url = base_url_of(request);
    request_record record{request.method, request.path, std::nullopt, json::object(), false, 0,
                          std::nullopt, std::nullopt, std::nullopt};
    const auto finish = [&](http_response_data response) {
        record.status = response.status;
        s.record(record);
        return response;
    };
    if (request.method != "POST")
        return finish(error(405, "BadRequest", "Specified HTTP method is not allowed for the request uri.", request));
    // The envelope needs a valid Graph token; each item is then checked for its own permission.
    const auto auth = entra::authorize(key, request, {std::string(entra::graph_resource), {}, {}}, base_url);
    if (!auth.ok())
        return finish(graph_auth_failure(auth.failure, request));
    record.tenant = to_lower(auth.claims->value("tid", ""));

    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("requests") || !body["requests"].is_array())
        return finish(error(400, "BadRequest", "Invalid batch payload format: expected {\"requests\":[…]}.", request));
    const json& requests = body["requests"];
    if (requests.size() > max_requests)
        return finish(error(400, "BadRequest",
                            "The batch contains " + std::to_string(requests.size()) +
                                " requests; at most 20 are allowed.",
                            request));
    std::vector<item> items;
    std::set<std::string> ids;
    json logged_ids = json::array();
    for (const auto& r : requests) {
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || r["id"].get<std::string>().empty() ||
            !r.contains("method") || !r["method"].is_string() || !r.contains("url") || !r["url"].is_string())
            return finish(error(400, "BadRequest", "Every batch request needs a string id, method and url.", request));
        const std::string id = r["id"].get<std::string>();
        if (!ids.insert(id).second)
            return finish(error(400, "BadRequest", "Batch request ids must be unique; '" + id + "' appears twice.", request));
        item entry{id, r, {}};
        if (r.contains("dependsOn")) {
            if (!r["dependsOn"].is_array())
                return finish(error(400, "BadRequest", "dependsOn must be an array of request ids.", request));
            for (const auto& dependency : r["dependsOn"]) {
                if (!dependency.is_string())
                    return finish(error(400, "BadRequest", "dependsOn must be an array of request ids.", request));
                entry.depends_on.push_back(dependency.get<std::string>());
            }
        }
        items.push_back(std::move(entry));
        logged_ids.push_back(id);
    }
    record.parameters = json{{"requests", logged_ids}};
    for (const auto& entry : items)
        for (const auto& dependency : entry.depends_on)
            if (!ids.count(dependency) || dependency == entry.id)
                return finish(error(400, "BadRequest",
                                    "Request '" + entry.id + "' depends on '" + dependency + "', which is not in the batch.",
                                    request));
    const auto order = execution_order(items);
    if (!order)
        return finish(error(400, "BadRequest", "The dependsOn of the batch requests form a cycle.", request));

    std::map<std::string, int> status_of;
    json responses = json::array();
    for (const std::size_t i : *order) {
        const item& entry = items[i];
        http_response_data response;
        std::string failed_dependency;
        for (const auto& dependency : entry.depends_on)
            if (status_of.at(dependency) >= 400)
                failed_dependency = dependency;
        if (!failed_dependency.empty()) {
            response = error(424, "FailedDependency",
                             "The request depends on '" + failed_dependency + "', which failed.", request);
        } else {
            auto built = item_request(entry, request);
            if (auto* refused = std::get_if<http_response_data>(&built)) {
                response = std::move(*refused);
            } else {
                const auto& item_req = std::get<http_request_data>(built);
                auto refused_item = before_item ? before_item(item_req) : std::nullopt;
                if (refused_item) {
                    response = std::move(refused_item->answer);
                    request_record refused_record{item_req.method, item_req.path, std::nullopt, json::object(),
                                                  item_req.method != "GET", response.status, record.tenant,
                                                  std::string("graph"), entry.id};
                    refused_record.fault = refused_item->fault;
                    s.record(std::move(refused_record));
                } else {
                    response = execute(s, key, item_req, {base_url, entry.id});
                }
            }
        }
        status_of[entry.id] = response.status;
        responses.push_back(item_response(entry.id, response));
    }
    return finish(json_reply(200, json{{"responses", std::move(responses)}}));
}

} // namespace emulator::graph
