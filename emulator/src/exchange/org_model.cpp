#include "exchange/org_model.h"

#include "exchange/cmdlet_error.h"
#include "util/text.h"

namespace emulator::exchange {

json& collection(json& org, std::string_view key)
{
    json& list = org[std::string(key)];
    if (!list.is_array())
        list = json::array();
    return list;
}

json& virtual_directory_collection(json& org, std::string_view kind)
{
    json& directories = org["virtualDirectories"];
    if (!directories.is_object())
        directories = json::object();
    return collection(directories, kind);
}

std::string lookup_host(const json& org)
{
    const auto servers = org.find("servers");
    if (servers != org.end() && servers->is_array() && !servers->empty())
        return servers->front().value("Fqdn", std::string("localhost"));
    return "localhost";
}

const json& find_server(const json& org, std::string_view name_or_fqdn)
{
    const auto servers = org.find("servers");
    if (servers != org.end() && servers->is_array())
        for (const auto& server : *servers)
            if (iequals(server.value("Name", ""), name_or_fqdn) || iequals(server.value("Fqdn", ""), name_or_fqdn))
                return server;
    throw_not_found(name_or_fqdn, lookup_host(org));
}

const json& default_server(const json& org)
{
    const auto servers = org.find("servers");
    if (servers == org.end() || !servers->is_array() || servers->empty())
        throw_not_found("the local Exchange server", "localhost");
    return servers->front();
}

json* find_object(json& list, std::string_view identity, std::initializer_list<std::string_view> keys)
{
    const std::string_view wanted = trim(identity);
    for (const auto key : keys)
        for (auto& object : list) {
            const auto value = object.find(std::string(key));
            if (value != object.end() && value->is_string() && iequals(value->get_ref<const std::string&>(), wanted))
                return &object;
        }
    return nullptr;
}

json& require_object(json& org, json& list, std::string_view identity, std::initializer_list<std::string_view> keys)
{
    if (json* object = find_object(list, identity, keys))
        return *object;
    throw_not_found(identity, lookup_host(org));
}

std::vector<std::string> string_list(const json& array)
{
    std::vector<std::string> out;
    if (array.is_array())
        for (const auto& item : array)
            if (item.is_string())
                out.push_back(item.get<std::string>());
    return out;
}

bool assign(json& object, std::string_view key, json value)
{
    json& slot = object[std::string(key)];
    if (slot == value)
        return false;
    slot = std::move(value);
    return true;
}

void warn_unchanged(cmdlet_context& context, bool changed, std::string_view identity)
{
    if (!changed)
        context.warnings.push_back("The command completed successfully but no settings of '" + std::string(identity) +
                                   "' have been modified.");
}

json select(json& org, json& list, const cmdlet_context& context, std::initializer_list<std::string_view> keys)
{
    const auto identity = context.params.string("Identity");
    if (!identity)
        return list;
    return json::array({require_object(org, list, *identity, keys)});
}

} // namespace emulator::exchange
