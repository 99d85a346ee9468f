#include "entra/resources.h"

#include "util/text.h"

namespace emulator::entra {

std::string canonical_resource(std::string_view resource)
{
    if (iequals(resource, "00000002-0000-0ff1-ce00-000000000000"))
        return std::string(exchange_online_resource);
    if (iequals(resource, "00000003-0000-0000-c000-000000000000"))
        return std::string(graph_resource);
    while (!resource.empty() && resource.back() == '/')
        resource.remove_suffix(1);
    return std::string(resource);
}

bool is_known_resource(const json& tenant, const std::string& canonical)
{
    if (iequals(canonical, exchange_online_resource) || iequals(canonical, graph_resource))
        return true;
    const std::string lower = to_lower(canonical);
    if (lower.starts_with("https://") && lower.ends_with(".dynamics.com") && lower.find('/', 8) == std::string::npos)
        return true;
    for (const auto& app : tenant.at("apps"))
        for (const char* kind : {"roles", "scopes"})
            for (const auto& [resource, names] : app.at(kind).items())
                if (iequals(canonical_resource(resource), canonical))
                    return true;
    return false;
}

std::vector<std::string> permissions_on(const json& app, const char* kind, const std::string& canonical)
{
    std::vector<std::string> result;
    for (const auto& [resource, names] : app.at(kind).items())
        if (iequals(canonical_resource(resource), canonical))
            for (const auto& name : names)
                result.push_back(name.get<std::string>());
    return result;
}

} // namespace emulator::entra
