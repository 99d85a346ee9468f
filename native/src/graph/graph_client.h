#pragma once
// Microsoft Graph v1.0 as JSON over the connection's Graph channel (wire-apis.md §2). The client
// builds URLs and reads answers; tokens, pacing and retries are the service channel's (cloud/).
// Any answer that is not 2xx becomes a mailint::error with a graph.* id (graph_error.h).
//
// Paths are relative to the Graph base and carry the version: "/v1.0/domains/contoso.com".
// Callers encode path segments with encode_path_segment(); query options go in a graph::query so
// $filter values are escaped in one place.
#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/service_channel.h"
#include "graph/odata_query.h"
#include "http/http_client.h"

namespace mailint::graph {

struct request_options {
    // Extra request headers (ConsistencyLevel, Prefer …).
    std::vector<std::pair<std::string, std::string>> headers;
    // A create that may have reached Graph must not be resent blindly after a dropped connection;
    // post() defaults to false, everything else to true.
    std::optional<bool> idempotent;
    const std::atomic<bool> *cancelled = nullptr;
};

struct list_options {
    // Stop after this many pages (0: follow every @odata.nextLink).
    int max_pages = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    const std::atomic<bool> *cancelled = nullptr;
};

struct list_result {
    std::vector<nlohmann::json> items;        // "value" of every page read, in order
    std::optional<std::string> next_link;     // set when max_pages stopped before the end
    int pages = 0;
};

class graph_client {
public:
    // `graph_base` without a trailing slash: "https://graph.microsoft.com" or the emulator's base.
    // The channel must outlive the client.
    graph_client(cloud::service_channel &channel, std::string graph_base);

    // The parsed JSON answer, or nullopt for an empty one (204 No Content). Throws mailint::error.
    std::optional<nlohmann::json> get(std::string_view path, const query &q = {}, const request_options &options = {});
    std::optional<nlohmann::json> post(std::string_view path, const std::optional<nlohmann::json> &body,
                                       const request_options &options = {});
    std::optional<nlohmann::json> patch(std::string_view path, const nlohmann::json &body,
                                        const request_options &options = {});
    std::optional<nlohmann::json> del(std::string_view path, const request_options &options = {});

    // GET path+query, then every @odata.nextLink (absolute, GET, on this client's host only: the
    // link is sent with the bearer token), collecting each page's "value".
    list_result list(std::string_view path, const query &q = {}, const list_options &options = {});

    // One request with `body` already serialised (the password-bearing user create and $batch
    // build their own bodies so they can wipe them). `url` is absolute. The raw answer is
    // returned only when 2xx; anything else throws the mapped error.
    http::response send(std::string_view method, const std::string &url, std::string body,
                        const request_options &options, bool idempotent);

    const std::string &base() const { return base_; }
    cloud::service_channel &channel() { return channel_; }

private:
    std::optional<nlohmann::json> json_call(std::string_view method, std::string_view path, const query &q,
                                            const std::optional<nlohmann::json> &body, const request_options &options,
                                            bool idempotent_default);

    cloud::service_channel &channel_;
    std::string base_;
};

// The answer's body as JSON, nullopt when empty. Throws graph.invalid_response when a 2xx body
// is not JSON (a proxy's page): reading on would mistake it for an empty result.
std::optional<nlohmann::json> parse_body(const http::response &answer, std::string_view method, std::string_view path);

}  // namespace mailint::graph
