// Get-/Set- Owa, Ecp, ActiveSync, Oab and WebServices VirtualDirectory: one table, five families.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "util/text.h"

#include <array>

namespace emulator::exchange {
namespace {

struct directory_family {
    std::string_view kind;            // key under virtualDirectories
    std::string_view get_name;
    std::string_view set_name;
    std::string_view extra_property;  // a bool only this family has, or empty
    bool set_has_force;
};

constexpr std::array<directory_family, 5> families = {{
    {"owa", "Get-OwaVirtualDirectory", "Set-OwaVirtualDirectory", {}, false},
    {"ecp", "Get-EcpVirtualDirectory", "Set-EcpVirtualDirectory", {}, false},
    {"activeSync", "Get-ActiveSyncVirtualDirectory", "Set-ActiveSyncVirtualDirectory", {}, false},
    {"oab", "Get-OabVirtualDirectory", "Set-OabVirtualDirectory", "RequireSSL", false},
    {"webServices", "Get-WebServicesVirtualDirectory", "Set-WebServicesVirtualDirectory", "BasicAuthentication", true},
}};

// A handler is a plain function pointer, so each family gets its own instantiation.
template <std::size_t index>
json get_directory(cmdlet_context& context)
{
    json& list = virtual_directory_collection(context.org, families[index].kind);
    json result = json::array();
    std::string server;
    if (const auto given = context.params.string("Server"))
        server = find_server(context.org, *given).value("Name", "");
    if (const auto identity = context.params.string("Identity")) {
        json& directory = require_object(context.org, list, *identity, {"Identity", "Name"});
        if (!server.empty() && !iequals(directory.value("Server", ""), server))
            throw_not_found(*identity, lookup_host(context.org));
        return json::array({directory});
    }
    for (const auto& directory : list)
        if (server.empty() || iequals(directory.value("Server", ""), server))
            result.push_back(directory);
    return result;
}

template <std::size_t index>
json set_directory(cmdlet_context& context)
{
    const directory_family& family = families[index];
    const std::string identity = *context.params.string("Identity");
    json& directory = require_object(context.org, virtual_directory_collection(context.org, family.kind), identity,
                                     {"Identity", "Name"});
    bool changed = false;
    for (const std::string_view property : {"InternalUrl", "ExternalUrl"}) {
        if (!context.params.has(property))
            continue;
        // $null clears a URL.
        const auto url = context.params.string(property);
        changed |= assign(directory, property, url ? json(parse_url(property, *url)) : json(nullptr));
    }
    if (!family.extra_property.empty())
        if (const auto value = context.params.boolean(family.extra_property))
            changed |= assign(directory, family.extra_property, *value);
    warn_unchanged(context, changed, directory.value("Identity", identity));
    return json::array();
}

template <std::size_t index>
void add_family(std::vector<cmdlet_spec>& specs)
{
    const directory_family& family = families[index];
    specs.push_back({family.get_name, {{"Identity", param_kind::string}, {"Server", param_kind::string}}, get_directory<index>});
    std::vector<param_spec> params = {
        {"Identity", param_kind::string, true}, {"InternalUrl", param_kind::string}, {"ExternalUrl", param_kind::string}};
    if (!family.extra_property.empty())
        params.push_back({family.extra_property, param_kind::boolean});
    if (family.set_has_force)
        params.push_back({"Force", param_kind::switch_flag});
    specs.push_back({family.set_name, std::move(params), set_directory<index>});
}

} // namespace

std::vector<cmdlet_spec> virtual_directory_cmdlets()
{
    std::vector<cmdlet_spec> specs;
    add_family<0>(specs);
    add_family<1>(specs);
    add_family<2>(specs);
    add_family<3>(specs);
    add_family<4>(specs);
    return specs;
}

} // namespace emulator::exchange
