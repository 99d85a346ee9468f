#include "graph/public_dns.h"

#include "util/text.h"

#include <mutex>
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

// The --dns-server choice. Set once before the server starts, but behind a mutex so that a
// later runtime switch (a control endpoint) stays safe without touching the readers.
struct dns_source {
    std::mutex mutex;
    std::optional<dns_server> server;
};

dns_source& source()
{
    static dns_source instance;
    return instance;
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

void use_dns_server(std::optional<dns_server> server)
{
    std::lock_guard lock(source().mutex);
    source().server = std::move(server);
}

std::optional<dns_server> configured_dns_server()
{
    std::lock_guard lock(source().mutex);
    return source().server;
}

verification_lookup find_verification_record(const json& state, std::string_view name, std::string_view txt,
                                             std::string_view mx_host)
{
    const auto server = configured_dns_server();
    if (!server)
        return {dns_has_record(state, name, "TXT", txt) || dns_has_record(state, name, "MX", mx_host), std::nullopt};

    const std::string where = " at " + server->text();
    const std::string owner = canonical_name(name);
    const dns_answer texts = query_txt(*server, owner);
    for (const auto& text : texts.texts)
        if (comparable_value(text) == comparable_value(txt))
            return {true, std::nullopt};
    // A server that let the TXT query time out would make the MX query wait as long again.
    if (texts.status == dns_status::failed && texts.failure == dns_timeout_text)
        return {false, "the DNS query for the TXT records of '" + owner + "'" + where + " failed: " + texts.failure};
    const dns_answer exchanges = query_mx(*server, owner);
    for (const auto& mx : exchanges.exchanges)
        if (comparable_value(mx.exchange) == comparable_value(mx_host))
            return {true, std::nullopt};
    if (texts.status == dns_status::failed)
        return {false, "the DNS query for the TXT records of '" + owner + "'" + where + " failed: " + texts.failure};
    if (exchanges.status == dns_status::failed)
        return {false, "the DNS query for the MX records of '" + owner + "'" + where + " failed: " + exchanges.failure};
    return {false, std::nullopt};
}

verification_lookup find_alias(const json& state, std::string_view name, std::string_view target)
{
    const auto server = configured_dns_server();
    if (!server)
        return {dns_has_record(state, name, "CNAME", target), std::nullopt};
    const std::string owner = canonical_name(name);
    const dns_answer aliases = query_cname(*server, owner);
    for (const auto& alias : aliases.aliases)
        if (comparable_value(alias) == comparable_value(target))
            return {true, std::nullopt};
    if (aliases.status == dns_status::failed)
        return {false, "the DNS query for the CNAME of '" + owner + "' at " + server->text() + " failed: " + aliases.failure};
    return {false, std::nullopt};
}

} // namespace emulator::graph
