#include "graph/entity_type.h"

#include "graph/graph_error.h"
#include "util/base64.h"
#include "util/text.h"

#include <algorithm>

namespace emulator::graph {

std::optional<std::string> canonical_property(const entity_type& type, std::string_view name)
{
    for (const auto& property : type.properties)
        if (iequals(property, name))
            return property;
    return std::nullopt;
}

std::optional<http_response_data> check_query(call& c, const entity_type& type)
{
    if (c.query.select) {
        for (auto& name : *c.query.select) {
            const auto canonical = canonical_property(type, name);
            if (!canonical)
                return error(400, "Request_BadRequest",
                             "Could not find a property named '" + name + "' on type '" + type.odata_type + "'.",
                             c.request);
            name = *canonical;
        }
    }
    if (!type.pageable && (c.query.top || c.query.skiptoken))
        return error(400, "Request_UnsupportedQuery", "The " + type.entity_set + " resource supports only $select.",
                     c.request);
    if (c.query.filter) {
        std::optional<http_response_data> refused;
        // for_each_leaf takes a const node; the canonical spelling is written back through a copy.
        odata::filter_node rewritten = *c.query.filter;
        const auto vet = [&](auto& self, odata::filter_node& node) -> void {
            if (refused)
                return;
            if (node.type != odata::filter_node::kind::comparison && node.type != odata::filter_node::kind::function) {
                for (auto& child : node.children)
                    self(self, child);
                return;
            }
            for (const auto& rule : type.filters) {
                if (!iequals(rule.property, node.property))
                    continue;
                if (std::find(rule.operations.begin(), rule.operations.end(), node.op) != rule.operations.end()) {
                    node.property = rule.property;
                    return;
                }
            }
            refused = error(400, "Request_UnsupportedQuery",
                            "Unsupported or invalid query filter clause specified for property '" + node.property +
                                "' of resource '" + type.type_name + "'.",
                            c.request);
        };
        vet(vet, rewritten);
        if (refused)
            return refused;
        c.query.filter = std::move(rewritten);
    }
    return std::nullopt;
}

json project(const json& object, const call& c, const entity_type& type)
{
    const auto& names = c.query.select ? *c.query.select : type.defaults;
    json out = json::object();
    for (const auto& name : names) {
        const auto found = object.find(name);
        out[name] = found == object.end() ? json(nullptr) : *found;
    }
    return out;
}

std::string context_url(const call& c, const entity_type& type, bool single)
{
    std::string url = c.base_url + "/v1.0/$metadata#" + type.entity_set;
    if (c.query.select) {
        url += '(';
        for (std::size_t i = 0; i < c.query.select->size(); ++i)
            url += (i ? "," : "") + (*c.query.select)[i];
        url += ')';
    }
    return single ? url + "/$entity" : url;
}

std::optional<page> page_rows(const call& c, const json& rows, int default_top)
{
    // Ordered by id, and the skiptoken names the last id handed out: a page boundary survives
    // objects added or removed between pages, so each object is seen once.
    std::vector<const json*> ordered;
    for (const auto& row : rows)
        if (!c.query.filter || odata::matches(*c.query.filter, row))
            ordered.push_back(&row);
    std::sort(ordered.begin(), ordered.end(),
              [](const json* a, const json* b) { return a->at("id").get<std::string>() < b->at("id").get<std::string>(); });
    auto start = ordered.begin();
    if (c.query.skiptoken) {
        const auto decoded = base64url_decode(*c.query.skiptoken);
        const std::string text = decoded ? std::string(decoded->begin(), decoded->end()) : std::string();
        if (!text.starts_with("after:"))
            return std::nullopt;
        const std::string after = text.substr(6);
        start = std::upper_bound(ordered.begin(), ordered.end(), after,
                                 [](const std::string& id, const json* row) { return id < row->at("id").get<std::string>(); });
    }
    const auto top = static_cast<std::size_t>(c.query.top.value_or(default_top));
    page result;
    const auto remaining = static_cast<std::size_t>(ordered.end() - start);
    result.rows.assign(start, start + static_cast<std::ptrdiff_t>(std::min(top, remaining)));
    if (remaining > top)
        result.next_token = base64url_encode("after:" + result.rows.back()->at("id").get<std::string>());
    return result;
}

std::string next_link(const call& c, const std::string& token)
{
    std::string url = c.base_url + c.request.path + "?";
    for (const auto& [name, value] : c.query.pairs) {
        if (iequals(name, "$skiptoken") || iequals(name, "skiptoken"))
            continue;
        url += encode_query_value(name) + "=" + encode_query_value(value) + "&";
    }
    return url + "$skiptoken=" + token;
}

} // namespace emulator::graph
