// Get-, New- and Set-SendConnector.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"

#include <array>

namespace emulator::exchange {
namespace {

constexpr std::array<std::string_view, 4> usages = {"Custom", "Internal", "Internet", "Partner"};
constexpr std::string_view usage_type = "Microsoft.Exchange.Management.SystemConfigurationTasks.NewSendConnector+UsageType";

json& connectors(json& org) { return collection(org, "sendConnectors"); }

json address_spaces(const std::vector<std::string>& values)
{
    json spaces = json::array();
    for (const auto& value : values)
        spaces.push_back(parse_address_space("AddressSpaces", value));
    if (spaces.empty())
        throw_invalid_argument("AddressSpaces", "The argument is null or empty. Provide an argument that is not null "
                                                "or empty, and then try the command again.");
    return spaces;
}

json source_servers(const json& org, const std::vector<std::string>& values)
{
    json servers = json::array();
    for (const auto& value : values)
        servers.push_back(find_server(org, value).value("Name", value));
    return servers;
}

json get_send_connector(cmdlet_context& context)
{
    return select(context.org, connectors(context.org), context, {"Identity", "Name"});
}

json new_send_connector(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string name = *params.string("Name");
    parse_enum("Usage", params.string("Usage").value_or("Custom"), usage_type, usages);
    const json spaces = address_spaces(params.list("AddressSpaces"));
    const json servers = params.has("SourceTransportServers")
                             ? source_servers(context.org, params.list("SourceTransportServers"))
                             : json::array({default_server(context.org).value("Name", "")});
    if (find_object(connectors(context.org), name, {"Name"}))
        throw_already_exists("A Send connector with the name '" + name + "' already exists.");
    json connector = {{"Identity", name},
                      {"Name", name},
                      {"AddressSpaces", spaces},
                      {"DNSRoutingEnabled", params.boolean("DNSRoutingEnabled").value_or(true)},
                      {"UseExternalDNSServersEnabled", params.boolean("UseExternalDNSServersEnabled").value_or(false)},
                      {"IsScopedConnector", params.boolean("IsScopedConnector").value_or(false)},
                      {"SourceTransportServers", servers},
                      {"Enabled", true}};
    connectors(context.org).push_back(connector);
    return json::array({connector});
}

json set_send_connector(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string identity = *params.string("Identity");
    json& connector = require_object(context.org, connectors(context.org), identity, {"Identity", "Name"});
    bool changed = false;
    if (params.has("AddressSpaces"))
        changed |= assign(connector, "AddressSpaces",
                          address_spaces(params.list("AddressSpaces", string_list(connector["AddressSpaces"]))));
    if (params.has("SourceTransportServers"))
        changed |= assign(connector, "SourceTransportServers",
                          source_servers(context.org,
                                         params.list("SourceTransportServers", string_list(connector["SourceTransportServers"]))));
    for (const std::string_view property : {"DNSRoutingEnabled", "UseExternalDNSServersEnabled", "IsScopedConnector", "Enabled"})
        if (const auto value = params.boolean(property))
            changed |= assign(connector, property, *value);
    warn_unchanged(context, changed, connector.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> send_connector_cmdlets()
{
    return {
        {"Get-SendConnector", {{"Identity", param_kind::string}}, get_send_connector},
        {"New-SendConnector",
         {{"Name", param_kind::string, true},
          {"Usage", param_kind::string},
          {"AddressSpaces", param_kind::string_list, true},
          {"IsScopedConnector", param_kind::boolean},
          {"DNSRoutingEnabled", param_kind::boolean},
          {"UseExternalDNSServersEnabled", param_kind::boolean},
          {"SourceTransportServers", param_kind::string_list}},
         new_send_connector},
        {"Set-SendConnector",
         {{"Identity", param_kind::string, true},
          {"AddressSpaces", param_kind::string_list},
          {"IsScopedConnector", param_kind::boolean},
          {"DNSRoutingEnabled", param_kind::boolean},
          {"UseExternalDNSServersEnabled", param_kind::boolean},
          {"SourceTransportServers", param_kind::string_list},
          {"Enabled", param_kind::boolean}},
         set_send_connector},
    };
}

} // namespace emulator::exchange
