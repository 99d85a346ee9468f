#pragma once
// The OData system query options Graph's directory endpoints take ($select, $filter, $top,
// $skiptoken). Others ($orderby, $expand, $search, $count, $skip) are refused with a 400 rather
// than ignored, so a client never mistakes an unsorted or unexpanded answer for what it asked.
#include "http_types.h"
#include "util/odata_filter.h"
#include "util/query_string.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace emulator::graph {

struct query_options {
    std::optional<std::vector<std::string>> select;
    std::optional<odata::filter_node> filter;
    std::optional<int> top;
    std::optional<std::string> skiptoken;
    query_pairs pairs;  // every option as sent, to carry into @odata.nextLink
};

// A Graph error response for a malformed or unsupported option.
std::variant<query_options, http_response_data> parse_query_options(const http_request_data& request);

} // namespace emulator::graph
