#pragma once
// What Graph knows of a resource type for $select, $filter and @odata.context: its property
// names (matched without regard to case, answered in their canonical spelling), the ones returned
// when no $select is given, and the filter clauses the emulator supports on it.
#include "graph/call.h"
#include "graph/graph_error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emulator::graph {

struct filter_rule {
    std::string property;
    std::vector<std::string> operations;  // "eq", "startswith" …
};

struct entity_type {
    std::string type_name;    // "User", as Graph's messages name it
    std::string odata_type;   // "microsoft.graph.user"
    std::string entity_set;   // "users"
    std::vector<std::string> properties;
    std::vector<std::string> defaults;
    std::vector<filter_rule> filters;  // empty: $filter is refused
    bool pageable = true;              // false: $top and $skiptoken are refused (subscribedSkus)
};

// The canonical spelling of a property, or nullopt.
std::optional<std::string> canonical_property(const entity_type& type, std::string_view name);

// Vets $select, $filter and $top against the type (rewriting names to their canonical spelling);
// the 400 to send when one is not supported.
std::optional<http_response_data> check_query(call& c, const entity_type& type);

// The object as the client asked for it: the $select properties, else the defaults.
json project(const json& object, const call& c, const entity_type& type);

// "{base}/v1.0/$metadata#users" or "…#users(id,displayName)", with "/$entity" for one object.
std::string context_url(const call& c, const entity_type& type, bool single);

// GET of a collection: filtered, ordered by id, paged by $top (default 100) with an absolute
// @odata.nextLink carrying $skiptoken. `shape` turns a stored object into the answer's.
template <class Shape>
http_response_data list_reply(call& c, const entity_type& type, const json& rows, Shape&& shape);

// The page of rows (ordered by id) after the skiptoken; sets next_token when more remain.
struct page {
    std::vector<const json*> rows;
    std::optional<std::string> next_token;
};
std::optional<page> page_rows(const call& c, const json& rows, int default_top);
std::string next_link(const call& c, const std::string& token);

template <class Shape>
http_response_data list_reply(call& c, const entity_type& type, const json& rows, Shape&& shape)
{
    if (auto refused = check_query(c, type))
        return *refused;
    const auto selected = page_rows(c, rows, 100);
    if (!selected)
        return error(400, "Request_BadRequest", "The $skiptoken is not one this emulator issued.", c.request);
    json body = {{"@odata.context", context_url(c, type, false)}};
    if (selected->next_token)
        body["@odata.nextLink"] = next_link(c, *selected->next_token);
    json values = json::array();
    for (const json* row : selected->rows)
        values.push_back(shape(project(*row, c, type)));
    body["value"] = std::move(values);
    return json_reply(200, body);
}

} // namespace emulator::graph
