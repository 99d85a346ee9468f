#include "graph/query_options.h"

#include "graph/graph_error.h"
#include "util/text.h"

#include <charconv>

namespace emulator::graph {

std::variant<query_options, http_response_data> parse_query_options(const http_request_data& request)
{
    const auto pairs = parse_query(request.query);
    if (!pairs)
        return error(400, "BadRequest", "The query string is not valid percent-encoding.", request);
    query_options options;
    options.pairs = *pairs;
    for (const auto& [raw_name, value] : *pairs) {
        // Graph accepts the options without their '$' too (OData 4.01 "$ optional").
        std::string name = to_lower(raw_name);
        if (!name.starts_with('$') &&
            (name == "select" || name == "filter" || name == "top" || name == "skiptoken" || name == "orderby" ||
             name == "expand" || name == "search" || name == "count" || name == "skip"))
            name = "$" + name;
        if (name == "$select") {
            std::vector<std::string> names;
            for (const auto& item : split(value, ','))
                if (!trim(item).empty())
                    names.emplace_back(trim(item));
            options.select = std::move(names);
        } else if (name == "$filter") {
            auto parsed = odata::parse_filter(value);
            if (const auto* syntax = std::get_if<odata::filter_syntax_error>(&parsed))
                return error(400, "BadRequest", "Invalid filter clause: " + syntax->message, request);
            options.filter = std::get<odata::filter_node>(std::move(parsed));
        } else if (name == "$top") {
            int top = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), top);
            if (ec != std::errc() || end != value.data() + value.size() || top < 1 || top > 999)
                return error(400, "Request_BadRequest",
                             "Invalid page size specified: '" + value + "'. Must be between 1 and 999 inclusive.", request);
            options.top = top;
        } else if (name == "$skiptoken") {
            options.skiptoken = value;
        } else if (name.starts_with('$')) {
            return error(400, "Request_UnsupportedQuery",
                         "The query option '" + raw_name + "' is not supported by the emulator.", request);
        }
    }
    return options;
}

} // namespace emulator::graph
