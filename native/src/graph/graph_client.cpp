#include "graph/graph_client.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "graph/graph_error.h"

namespace mailint::graph {

namespace {

std::string origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    const auto host_end = url.find_first_of("/?#", scheme_end + 3);
    std::string out(url.substr(0, host_end));
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The path and query of an absolute URL, for error details and messages.
std::string path_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string(url);
    const auto path_start = url.find('/', scheme_end + 3);
    return path_start == std::string_view::npos ? std::string("/") : std::string(url.substr(path_start));
}

}  // namespace

graph_client::graph_client(cloud::service_channel &channel, std::string graph_base)
    : channel_(channel), base_(std::move(graph_base)) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

std::optional<nlohmann::json> parse_body(const http::response &answer, std::string_view method, std::string_view path) {
    const bool blank = std::all_of(answer.body.begin(), answer.body.end(), [](unsigned char c) { return std::isspace(c); });
    if (blank) return std::nullopt;
    auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
    if (parsed.is_discarded())
        throw error(errc::unavailable, "graph.invalid_response",
                    "Microsoft Graph answered " + std::string(method) + " " +
                        std::string(path.substr(0, path.find('?'))) + " with a body that is not JSON.",
                    {{"status", answer.status}, {"method", std::string(method)},
                     {"path", std::string(path.substr(0, path.find('?')))}});
    return parsed;
}

http::response graph_client::send(std::string_view method, const std::string &url, std::string body,
                                  const request_options &options, bool idempotent) {
    http::request r;
    r.method = std::string(method);
    r.url = url;
    r.headers.set("Accept", "application/json");
    if (!body.empty()) r.headers.set("Content-Type", "application/json");
    for (const auto &[name, value] : options.headers) r.headers.set(name, value);
    r.body = std::move(body);

    cloud::call_options call;
    call.idempotent = idempotent;
    call.cancelled = options.cancelled;
    auto answer = channel_.send(std::move(r), call);
    if (answer.status < 200 || answer.status > 299) throw graph_error(answer, method, path_of(url));
    return answer;
}

std::optional<nlohmann::json> graph_client::json_call(std::string_view method, std::string_view path, const query &q,
                                                      const std::optional<nlohmann::json> &body,
                                                      const request_options &options, bool idempotent_default) {
    const std::string url = base_ + std::string(path) + q.str();
    auto answer = send(method, url, body ? body->dump() : std::string(), options,
                       options.idempotent.value_or(idempotent_default));
    return parse_body(answer, method, path);
}

std::optional<nlohmann::json> graph_client::get(std::string_view path, const query &q, const request_options &options) {
    return json_call("GET", path, q, std::nullopt, options, true);
}

std::optional<nlohmann::json> graph_client::post(std::string_view path, const std::optional<nlohmann::json> &body,
                                                 const request_options &options) {
    return json_call("POST", path, {}, body, options, false);
}

std::optional<nlohmann::json> graph_client::patch(std::string_view path, const nlohmann::json &body,
                                                  const request_options &options) {
    // A PATCH sets properties to given values: sending it twice leaves the same state.
    return json_call("PATCH", path, {}, body, options, true);
}

std::optional<nlohmann::json> graph_client::del(std::string_view path, const request_options &options) {
    return json_call("DELETE", path, {}, std::nullopt, options, true);
}

list_result graph_client::list(std::string_view path, const query &q, const list_options &options) {
    request_options each;
    each.headers = options.headers;
    each.cancelled = options.cancelled;

    list_result out;
    std::string url = base_ + std::string(path) + q.str();
    const std::string own_origin = origin_of(base_);
    for (;;) {
        auto answer = send("GET", url, {}, each, true);
        auto page = parse_body(answer, "GET", path_of(url));
        ++out.pages;
        if (!page || !page->is_object() || !page->contains("value") || !(*page)["value"].is_array())
            throw error(errc::unavailable, "graph.invalid_response",
                        "Microsoft Graph answered a listing of " + std::string(path) + " without a \"value\" array.",
                        {{"status", answer.status}, {"method", "GET"}, {"path", std::string(path)}});
        for (auto &item : (*page)["value"]) out.items.push_back(std::move(item));

        auto next = page->find("@odata.nextLink");
        if (next == page->end() || !next->is_string() || next->get<std::string>().empty()) return out;
        std::string link = next->get<std::string>();
        // The token goes with the request: never to a host other than the one it was issued for.
        if (origin_of(link) != own_origin)
            throw error(errc::failed_precondition, "graph.next_link.foreign_host",
                        "Microsoft Graph returned a next-page link to another host; it was not followed.",
                        {{"method", "GET"}, {"path", std::string(path)}});
        if (options.max_pages > 0 && out.pages >= options.max_pages) {
            out.next_link = std::move(link);
            return out;
        }
        url = std::move(link);
    }
}

}  // namespace mailint::graph
