#include "dataverse/table_query.h"

#include "dataverse/dataverse_error.h"
#include "util/text.h"

#include <algorithm>
#include <charconv>

namespace emulator::dataverse {
namespace {

constexpr long long default_page_size = 5000;

http_response_data query_error(const std::string& message) { return error(400, code_bad_query, message); }

std::optional<long long> whole_number(std::string_view text)
{
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

const char* edm_type(column_kind kind)
{
    switch (kind) {
    case column_kind::text:
    case column_kind::memo: return "Edm.String";
    case column_kind::integer:
    case column_kind::picklist: return "Edm.Int32";
    case column_kind::boolean: return "Edm.Boolean";
    case column_kind::guid:
    case column_kind::lookup: return "Edm.Guid";
    case column_kind::datetime: return "Edm.DateTimeOffset";
    }
    return "Edm.String";
}

const char* literal_type(const odata::filter_node& node)
{
    if (node.guid_literal)
        return "Edm.Guid";
    if (node.literal.is_string())
        return "Edm.String";
    if (node.literal.is_boolean())
        return "Edm.Boolean";
    if (node.literal.is_number_integer())
        return "Edm.Int32";
    if (node.literal.is_number())
        return "Edm.Double";
    return nullptr;  // null compares with anything
}

std::optional<std::string> vet_leaf(const table& t, const odata::filter_node& node)
{
    const column* c = node.property == t.key ? nullptr : column_for_attribute(t, node.property);
    const bool key = node.property == t.key;
    if (!c && !key)
        return "Could not find a property named '" + node.property + "' on type 'Microsoft.Dynamics.CRM." + t.logical + "'.";
    const column_kind kind = key ? column_kind::guid : c->kind;
    if (node.type == odata::filter_node::kind::function) {
        if (node.op != "startswith" && node.op != "endswith" && node.op != "contains")
            return "The query function '" + node.op + "' is not supported by the emulator.";
        if (kind != column_kind::text && kind != column_kind::memo)
            return "The function '" + node.op + "' takes a text column; '" + node.property + "' is " + edm_type(kind) + ".";
        if (!node.literal.is_string() || node.guid_literal)
            return "The second argument of '" + node.op + "' must be a string literal.";
        return std::nullopt;
    }
    if (kind == column_kind::datetime)
        return "Filtering on the date column '" + node.property + "' is not supported by the emulator.";
    const char* given = literal_type(node);
    if (!given)
        return std::nullopt;
    const std::string expected = edm_type(kind);
    if (expected != given)
        return "A binary operator with incompatible types was detected. Found operand types '" + expected + "' and '" +
               given + "' for operator kind '" + node.op + "'.";
    return std::nullopt;
}

long long page_size(const http_request_data& request)
{
    const auto prefer = request.headers.find("prefer");
    if (prefer == request.headers.end())
        return default_page_size;
    for (const auto& preference : split(prefer->second, ',')) {
        const std::string_view item = trim(preference);
        if (istarts_with(item, "odata.maxpagesize="))
            if (const auto size = whole_number(item.substr(18)); size && *size >= 1 && *size <= default_page_size)
                return *size;
    }
    return default_page_size;
}

std::string skiptoken_for(const std::string& last_id, long long next_page)
{
    // Dataverse's skiptoken is a paging cookie; this one names the last key handed out, so a page
    // boundary survives rows added or removed in between.
    return "<cookie pagenumber=\"" + std::to_string(next_page) + "\" lastid=\"{" + last_id + "}\" />";
}

std::optional<std::pair<std::string, long long>> read_skiptoken(const std::string& token)
{
    const auto id_at = token.find("lastid=\"{");
    const auto page_at = token.find("pagenumber=\"");
    if (id_at == std::string::npos || page_at == std::string::npos || token.size() < id_at + 9 + 36)
        return std::nullopt;
    const auto page_end = token.find('"', page_at + 12);
    const auto page = whole_number(std::string_view(token).substr(page_at + 12, page_end - page_at - 12));
    if (!page)
        return std::nullopt;
    return std::make_pair(to_lower(token.substr(id_at + 9, 36)), *page);
}

} // namespace

std::variant<table_query, http_response_data> parse_table_query(const http_request_data& request, const table& t)
{
    const auto pairs = parse_query(request.query);
    if (!pairs)
        return query_error("The query string is not valid percent-encoding.");
    table_query query;
    query.pairs = *pairs;
    for (const auto& [name, value] : *pairs) {
        if (name == "$select") {
            std::vector<std::string> names;
            for (const auto& item : split(value, ',')) {
                const std::string attribute(trim(item));
                if (attribute.empty())
                    continue;
                if (attribute != t.key && !column_for_attribute(t, attribute))
                    return query_error("Could not find a property named '" + attribute + "' on type 'Microsoft.Dynamics.CRM." +
                                       t.logical + "'.");
                names.push_back(attribute);
            }
            query.select = std::move(names);
        } else if (name == "$filter") {
            auto parsed = odata::parse_filter(value);
            if (const auto* syntax = std::get_if<odata::filter_syntax_error>(&parsed))
                return query_error("Syntax error in $filter: " + syntax->message);
            std::optional<std::string> problem;
            odata::for_each_leaf(std::get<odata::filter_node>(parsed), [&](const odata::filter_node& leaf) {
                if (!problem)
                    problem = vet_leaf(t, leaf);
            });
            if (problem)
                return query_error(*problem);
            query.filter = std::get<odata::filter_node>(std::move(parsed));
        } else if (name == "$top") {
            const auto top = whole_number(value);
            if (!top || *top < 1 || *top > default_page_size)
                return query_error("Invalid $top value '" + value + "'.");
            query.top = *top;
        } else if (name == "$skiptoken") {
            query.skiptoken = value;
        } else if (name == "$count") {
            if (value != "true" && value != "false")
                return query_error("Invalid $count value '" + value + "'.");
            query.count = value == "true";
        } else if (name.starts_with('$')) {
            return query_error("The query option '" + name + "' is not supported by the emulator.");
        }
    }
    return query;
}

json shown_row(const table& t, const json& row, const table_query& query)
{
    json out = {{"@odata.etag", "W/\"" + std::to_string(row.value("versionnumber", 0LL)) + "\""}};
    if (query.select) {
        for (const auto& name : *query.select)
            out[name] = row.contains(name) ? row[name] : json(nullptr);
    } else {
        for (const auto& c : t.columns)
            if (c.readable)
                out[stored_name(c)] = row.contains(stored_name(c)) ? row[stored_name(c)] : json(nullptr);
    }
    out[t.key] = row[t.key];
    return out;
}

std::string context_url(const std::string& base, const table& t, const table_query& query, bool single)
{
    std::string url = base + "/api/data/v9.2/$metadata#" + t.set;
    if (query.select) {
        url += '(';
        for (std::size_t i = 0; i < query.select->size(); ++i)
            url += (i ? "," : "") + (*query.select)[i];
        url += ')';
    }
    return single ? url + "/$entity" : url;
}

http_response_data list_rows(const http_request_data& request, const std::string& base, const table& t,
                             const json& rows, const table_query& query)
{
    std::vector<const json*> ordered;
    for (const auto& row : rows)
        if (!query.filter || odata::matches(*query.filter, row))
            ordered.push_back(&row);
    std::sort(ordered.begin(), ordered.end(), [&](const json* a, const json* b) {
        return (*a)[t.key].get<std::string>() < (*b)[t.key].get<std::string>();
    });
    const std::size_t total = ordered.size();
    auto start = ordered.begin();
    long long page_number = 1;
    if (query.skiptoken) {
        const auto token = read_skiptoken(*query.skiptoken);
        if (!token)
            return query_error("The $skiptoken is not one this emulator issued.");
        page_number = token->second;
        start = std::upper_bound(ordered.begin(), ordered.end(), token->first,
                                 [&](const std::string& id, const json* row) { return id < (*row)[t.key].get<std::string>(); });
    }
    // $top caps the answer and turns paging off, as in Dataverse.
    const long long size = query.top ? *query.top : page_size(request);
    const auto remaining = static_cast<long long>(ordered.end() - start);
    const auto taken = std::min(size, remaining);
    json values = json::array();
    for (auto it = start; it != start + taken; ++it)
        values.push_back(shown_row(t, **it, query));
    json body = {{"@odata.context", context_url(base, t, query, false)}};
    if (query.count)
        body["@odata.count"] = total;
    body["value"] = std::move(values);
    http_response_data response = json_reply(200, body);
    if (!query.top && remaining > taken) {
        std::string link = base + request.path + "?";
        for (const auto& [name, value] : query.pairs)
            if (name != "$skiptoken")
                link += encode_query_value(name) + "=" + encode_query_value(value) + "&";
        link += "$skiptoken=" + encode_query_value(skiptoken_for((*(start + taken - 1))->at(t.key).get<std::string>(),
                                                                   page_number + 1));
        body["@odata.nextLink"] = link;
        response = json_reply(200, body);
    }
    const auto prefer = request.headers.find("prefer");
    if (!query.top && prefer != request.headers.end() && prefer->second.find("odata.maxpagesize") != std::string::npos)
        response.headers.emplace_back("Preference-Applied", "odata.maxpagesize=" + std::to_string(size));
    return response;
}

} // namespace emulator::dataverse
