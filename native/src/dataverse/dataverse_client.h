#pragma once
// The Dataverse Web API (v9.2) of one organisation over the connection's channel for it
// (wire-apis.md §3): create, retrieve, retrieve-multiple with paging, update with If-Match, and
// lookups bound with "<nav>@odata.bind". Tokens, pacing (Dataverse's service protection) and
// retries are the channel's; answers that are not 2xx become dataverse.* errors.
#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/service_channel.h"
#include "http/http_client.h"

namespace mailint::dataverse {

struct request_options {
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. Prefer: return=representation
    const std::atomic<bool> *cancelled = nullptr;
};

struct retrieve_options {
    std::vector<std::string> select;
    std::string filter;  // OData $filter expression (quote literals with graph::odata_literal)
    // Prefer: odata.maxpagesize=N (0: the service's default, 5,000 rows).
    int page_size = 0;
    // Stop after this many pages (0: every @odata.nextLink).
    int max_pages = 0;
    const std::atomic<bool> *cancelled = nullptr;
};

struct retrieve_result {
    std::vector<nlohmann::json> rows;
    std::optional<std::string> next_link;  // set when max_pages stopped before the end
    int pages = 0;
};

class dataverse_client {
public:
    // `org_base` without a trailing slash: "https://contoso.crm.dynamics.com" (or the emulator's
    // base). The channel must outlive the client.
    dataverse_client(cloud::service_channel &channel, std::string org_base);

    // POST /api/data/v9.2/<set>; the new row's id from the OData-EntityId header. Not resent after
    // a dropped connection: the row may exist already (the caller looks it up by name).
    std::string create(std::string_view entity_set, const nlohmann::json &row, const request_options &options = {});

    // GET <set>(<id>)?$select=…; nullopt when there is no such row.
    std::optional<nlohmann::json> retrieve(std::string_view entity_set, std::string_view id,
                                           const std::vector<std::string> &select = {},
                                           const request_options &options = {});

    // GET <set>?$select&$filter, following @odata.nextLink (absolute, GET, same host only, with the
    // same Prefer header: Dataverse applies the page size per request).
    retrieve_result retrieve_multiple(std::string_view entity_set, const retrieve_options &options = {});

    // PATCH <set>(<id>) with If-Match: "*" (the row must exist: without it a PATCH to a missing id
    // would create one) or an ETag read earlier (optimistic concurrency; a changed row answers
    // 412 → dataverse.precondition_failed). Returns the row's new ETag when Dataverse sends one.
    std::optional<std::string> update(std::string_view entity_set, std::string_view id, const nlohmann::json &changes,
                                      std::string_view if_match = "*", const request_options &options = {});

    // The absolute URL of the Web API root: "<org_base>/api/data/v9.2".
    const std::string &api_root() const { return api_root_; }

private:
    http::response send(std::string_view method, const std::string &url, const std::optional<nlohmann::json> &body,
                        std::vector<std::pair<std::string, std::string>> headers, const std::atomic<bool> *cancelled,
                        bool idempotent);

    cloud::service_channel &channel_;
    std::string api_root_;
};

// row["<navigation>@odata.bind"] = "/<set>(<id>)": how a lookup column is set.
void bind_lookup(nlohmann::json &row, std::string_view navigation, std::string_view entity_set, std::string_view id);

// The id in an OData-EntityId ("https://…/emailserverprofiles(6f1b…)" → "6f1b…"); empty if none.
std::string entity_id_from(std::string_view odata_entity_id);

}  // namespace mailint::dataverse
