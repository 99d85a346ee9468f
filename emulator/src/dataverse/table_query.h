#pragma once
// GET of a Dataverse table: $select, $filter (comparisons on text, whole-number, choice, yes/no,
// GUID and lookup columns, and/or/not, startswith/endswith/contains on text), $top, $count and
// paging by Prefer: odata.maxpagesize with @odata.nextLink. Rows come in primary-key order.
#include "dataverse/schema.h"
#include "http_types.h"
#include "util/odata_filter.h"
#include "util/query_string.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace emulator::dataverse {

struct table_query {
    std::optional<std::vector<std::string>> select;  // attribute names (lookups as _<name>_value)
    std::optional<odata::filter_node> filter;
    std::optional<long long> top;
    std::optional<std::string> skiptoken;
    bool count = false;
    query_pairs pairs;
};

// The options checked against the table; the 400 to send otherwise.
std::variant<table_query, http_response_data> parse_table_query(const http_request_data& request, const table& t);

// The row as a response shows it: @odata.etag, then the selected attributes (all readable ones
// without $select) and the key.
json shown_row(const table& t, const json& row, const table_query& query);

// "{base}/api/data/v9.2/$metadata#mailboxes(name,emailaddress)", "/$entity" for one row.
std::string context_url(const std::string& base, const table& t, const table_query& query, bool single);

// The whole GET reply for a collection; page size from Prefer: odata.maxpagesize (default 5000).
http_response_data list_rows(const http_request_data& request, const std::string& base, const table& t,
                             const json& rows, const table_query& query);

} // namespace emulator::dataverse
