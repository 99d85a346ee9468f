#include "graph/public_dns.h"

#include "util/text.h"

#include <stdexcept>

namespace emulator::graph {
namespace {

void require(bool ok, const std::string& message)
{
    if (!ok)
        throw std::invalid_argument(message);
}

std::string canonical_name(std::string_view name)
{
    std::string lower = to_lower(trim(name));
    while (!lower.empty() && lower.back() == '.')
        lower.pop_back();
    return lower;
}

std::string comparable_value(std::string_view value)
{
    std::string text(trim(value));
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        text = text.substr(1, text.size() - 2);
    while (!text.empty() && text.back() == '.')
        text.pop_back();
    return to_lower(text);
}

json canonical_record(const json& record)
{
    require(record.is_object(), "a DNS record must be an object");
    require(record.contains("type") && record["type"].is_string(), "a DNS record needs a type");
    require(record.contains("value") && record["value"].is_string() && !record["value"].get<std::string>().empty(),
            "a DNS record needs a value");
    const std::string type = to_upper(record["type"].get<std::string>());
    require(type == "TXT" || type == "MX" || type == "CNAME" || type == "SRV" || type == "A" || type == "AAAA",
            "type must be one of TXT, MX, CNAME, SRV, A, AAAA");
    json out = {{"type", type}, {"value", record["value"]}};
    for (const char* number : {"preference", "ttl"})
        if (record.contains(number)) {
            require(record[number].is_number_integer(), std::string(number) + " must be an integer");
            out[number] = record[number];
        }
    return out;
}

} // namespace

void normalize_dns_section(json& state)
{
    if (!state.contains("dns"))
        state["dns"] = json::object();
    require(state["dns"].is_object(), "dns must be an object of name → records");
    json zone = json::object();
    for (const auto& [name, records] : state["dns"].items()) {
        require(records.is_array(), "dns['" + name + "'] must be an array");
        json& list = zone[canonical_name(name)];
        if (list.is_null())
            list = json::array();
        for (const auto& record : records)
            list.push_back(canonical_record(record));
    }
    state["dns"] = std::move(zone);
}

json add_dns_records(json& state, const json& body)
{
    require(body.is_object(), "the body must be a JSON object");
    json records = body.contains("records") ? body["records"] : json::array({body});
    require(records.is_array() && !records.empty(), "records must be a non-empty array");
    json added = json::object();
    // Validate all first, so a bad record leaves the zone as it was.
    std::vector<std::pair<std::string, json>> ready;
    for (const auto& record : records) {
        require(record.is_object() && record.contains("name") && record["name"].is_string() &&
                    !canonical_name(record["name"].get<std::string>()).empty(),
                "every record needs a name");
        json clean = record;
        clean.erase("name");
        ready.emplace_back(canonical_name(record["name"].get<std::string>()), canonical_record(clean));
    }
    json& zone = state["dns"];
    for (auto& [name, record] : ready) {
        json& list = zone[name];
        if (list.is_null())
            list = json::array();
        bool present = false;
        for (const auto& existing : list)
            present = present || existing == record;
        if (!present)
            list.push_back(record);
        added[name] = list;
    }
    return added;
}

bool dns_has_record(const json& state, std::string_view name, std::string_view type, std::string_view value)
{
    const auto zone = state.find("dns");
    if (zone == state.end())
        return false;
    const auto records = zone->find(canonical_name(name));
    if (records == zone->end())
        return false;
    const std::string wanted = comparable_value(value);
    for (const auto& record : *records)
        if (iequals(record.value("type", ""), type) && comparable_value(record.value("value", "")) == wanted)
            return true;
    return false;
}

} // namespace emulator::graph
