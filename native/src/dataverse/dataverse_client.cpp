#include "dataverse/dataverse_client.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "dataverse/dataverse_error.h"
#include "graph/odata_query.h"

namespace mailint::dataverse {

namespace {

constexpr std::string_view api_path = "/api/data/v9.2";

std::string origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    std::string out(url.substr(0, url.find_first_of("/?#", scheme_end + 3)));
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string path_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string(url);
    const auto start = url.find('/', scheme_end + 3);
    return start == std::string_view::npos ? std::string("/") : std::string(url.substr(start));
}

std::optional<nlohmann::json> parse_json(const http::response &answer, std::string_view method, std::string_view url) {
    if (std::all_of(answer.body.begin(), answer.body.end(), [](unsigned char c) { return std::isspace(c); }))
        return std::nullopt;
    auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
    if (parsed.is_discarded()) {
        const auto path = path_of(url);
        throw error(errc::unavailable, "dataverse.invalid_response", "Dataverse answered with a body that is not JSON.",
                    {{"status", answer.status}, {"method", std::string(method)}, {"path", path.substr(0, path.find('?'))}});
    }
    return parsed;
}

std::string row_url(const std::string &root, std::string_view entity_set, std::string_view id) {
    return root + "/" + graph::encode_path_segment(entity_set) + "(" + graph::encode_path_segment(id) + ")";
}

}  // namespace

dataverse_client::dataverse_client(cloud::service_channel &channel, std::string org_base) : channel_(channel) {
    while (!org_base.empty() && org_base.back() == '/') org_base.pop_back();
    api_root_ = std::move(org_base) + std::string(api_path);
}

http::response dataverse_client::send(std::string_view method, const std::string &url,
                                      const std::optional<nlohmann::json> &body,
                                      std::vector<std::pair<std::string, std::string>> headers,
                                      const std::atomic<bool> *cancelled, bool idempotent) {
    http::request r;
    r.method = std::string(method);
    r.url = url;
    // The Web API's standard headers: without OData-Version a server may answer in another
    // protocol version; the charset keeps non-ASCII names intact.
    r.headers.set("OData-MaxVersion", "4.0");
    r.headers.set("OData-Version", "4.0");
    r.headers.set("Accept", "application/json");
    if (body) {
        r.headers.set("Content-Type", "application/json; charset=utf-8");
        r.body = body->dump();
    }
    for (auto &[name, value] : headers) r.headers.set(std::move(name), std::move(value));

    cloud::call_options call;
    call.idempotent = idempotent;
    call.cancelled = cancelled;
    auto answer = channel_.send(std::move(r), call);
    if (answer.status < 200 || answer.status > 299) throw dataverse_error(answer, method, path_of(url));
    return answer;
}

std::string dataverse_client::create(std::string_view entity_set, const nlohmann::json &row,
                                     const request_options &options) {
    const std::string url = api_root_ + "/" + graph::encode_path_segment(entity_set);
    auto answer = send("POST", url, row, options.headers, options.cancelled, false);
    std::string id = entity_id_from(answer.headers.find("OData-EntityId").value_or(""));
    // OData answers a create with the new row's URL; Location carries the same when a proxy
    // drops the OData header. Nothing else is guessed: a wrong id would bind lookups elsewhere.
    if (id.empty()) id = entity_id_from(answer.headers.find("Location").value_or(""));
    if (id.empty())
        throw error(errc::unavailable, "dataverse.invalid_response",
                    "Dataverse created a row in " + std::string(entity_set) + " but did not say its id (no OData-EntityId).",
                    {{"status", answer.status}, {"method", "POST"}, {"path", path_of(url)}});
    return id;
}

std::optional<nlohmann::json> dataverse_client::retrieve(std::string_view entity_set, std::string_view id,
                                                         const std::vector<std::string> &select,
                                                         const request_options &options) {
    graph::query q;
    if (!select.empty()) q.select(select);
    const std::string url = row_url(api_root_, entity_set, id) + q.str();
    try {
        auto answer = send("GET", url, std::nullopt, options.headers, options.cancelled, true);
        return parse_json(answer, "GET", url);
    } catch (const error &e) {
        if (e.code() == errc::not_found) return std::nullopt;
        throw;
    }
}

retrieve_result dataverse_client::retrieve_multiple(std::string_view entity_set, const retrieve_options &options) {
    graph::query q;
    if (!options.select.empty()) q.select(options.select);
    if (!options.filter.empty()) q.filter(options.filter);
    std::vector<std::pair<std::string, std::string>> headers;
    if (options.page_size > 0) headers.emplace_back("Prefer", "odata.maxpagesize=" + std::to_string(options.page_size));

    retrieve_result out;
    std::string url = api_root_ + "/" + graph::encode_path_segment(entity_set) + q.str();
    const std::string own_origin = origin_of(api_root_);
    for (;;) {
        auto answer = send("GET", url, std::nullopt, headers, options.cancelled, true);
        auto page = parse_json(answer, "GET", url);
        ++out.pages;
        if (!page || !page->is_object() || !page->contains("value") || !(*page)["value"].is_array())
            throw error(errc::unavailable, "dataverse.invalid_response",
                        "Dataverse answered a query of " + std::string(entity_set) + " without a \"value\" array.",
                        {{"status", answer.status}, {"method", "GET"}, {"path", path_of(url).substr(0, path_of(url).find('?'))}});
        for (auto &row : (*page)["value"]) out.rows.push_back(std::move(row));

        auto next = page->find("@odata.nextLink");
        if (next == page->end() || !next->is_string() || next->get<std::string>().empty()) return out;
        std::string link = next->get<std::string>();
        // The bearer token travels with the request: only to the organisation it was issued for.
        if (origin_of(link) != own_origin)
            throw error(errc::failed_precondition, "dataverse.next_link.foreign_host",
                        "Dataverse returned a next-page link to another host; it was not followed.",
                        {{"method", "GET"}, {"path", std::string(api_path) + "/" + std::string(entity_set)}});
        if (options.max_pages > 0 && out.pages >= options.max_pages) {
            out.next_link = std::move(link);
            return out;
        }
        url = std::move(link);
    }
}

std::optional<std::string> dataverse_client::update(std::string_view entity_set, std::string_view id,
                                                    const nlohmann::json &changes, std::string_view if_match,
                                                    const request_options &options) {
    auto headers = options.headers;
    headers.emplace_back("If-Match", if_match.empty() ? std::string("*") : std::string(if_match));
    auto answer = send("PATCH", row_url(api_root_, entity_set, id), changes, std::move(headers), options.cancelled, true);
    return answer.headers.find("ETag");
}

void bind_lookup(nlohmann::json &row, std::string_view navigation, std::string_view entity_set, std::string_view id) {
    row[std::string(navigation) + "@odata.bind"] = "/" + std::string(entity_set) + "(" + std::string(id) + ")";
}

std::string entity_id_from(std::string_view odata_entity_id) {
    const auto close = odata_entity_id.rfind(')');
    if (close == std::string_view::npos) return {};
    const auto open = odata_entity_id.rfind('(', close);
    if (open == std::string_view::npos || close <= open + 1) return {};
    std::string id(odata_entity_id.substr(open + 1, close - open - 1));
    // An alternate key would read "name='x'": that is not an id.
    if (id.find_first_of("='") != std::string::npos) return {};
    return id;
}

}  // namespace mailint::dataverse
