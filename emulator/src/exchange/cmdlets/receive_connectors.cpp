// Get-, New- and Set-ReceiveConnector.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "util/text.h"

#include <algorithm>
#include <array>

namespace emulator::exchange {
namespace {

// AuthMechanisms flags in declaration order.
constexpr std::array<std::string_view, 7> auth_mechanisms = {
    "None", "Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer", "ExternalAuthoritative"};
constexpr std::string_view auth_mechanism_type = "Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthMechanisms";
constexpr std::array<std::string_view, 5> usages = {"Custom", "Internet", "Internal", "Client", "Partner"};
constexpr std::string_view usage_type = "Microsoft.Exchange.Management.SystemConfigurationTasks.NewReceiveConnector+UsageType";

json& connectors(json& org) { return collection(org, "receiveConnectors"); }

std::vector<std::string> parsed_list(std::string_view parameter, const std::vector<std::string>& values,
                                     std::string (*parse)(std::string_view, std::string_view))
{
    std::vector<std::string> parsed;
    for (const auto& value : values)
        parsed.push_back(parse(parameter, value));
    if (parsed.empty())
        throw_invalid_argument(parameter, "The argument is null or empty. Provide an argument that is not null or "
                                          "empty, and then try the command again.");
    return parsed;
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b)
{
    for (auto* list : {&a, &b}) {
        for (auto& item : *list)
            item = to_lower(item);
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return a == b;
}

// Exchange refuses two connectors on one server that share a binding and have the same remote
// IP ranges: it could not tell which one a connection belongs to.
void check_conflicts(json& org, const json& candidate)
{
    const auto bindings = string_list(candidate.value("Bindings", json::array()));
    for (const auto& other : connectors(org)) {
        if (other.value("Identity", "") == candidate.value("Identity", "") ||
            !iequals(other.value("Server", ""), candidate.value("Server", "")))
            continue;
        const auto other_bindings = string_list(other.value("Bindings", json::array()));
        const bool shared_binding = std::any_of(bindings.begin(), bindings.end(), [&](const std::string& b) {
            return std::any_of(other_bindings.begin(), other_bindings.end(), [&](const std::string& o) { return iequals(b, o); });
        });
        if (shared_binding && same_set(string_list(candidate.value("RemoteIPRanges", json::array())),
                                       string_list(other.value("RemoteIPRanges", json::array()))))
            throw_data_validation("The values that you specified for the Bindings and RemoteIPRanges parameters "
                                  "conflict with the settings on Receive connector \"" + other.value("Identity", "") +
                                  "\". A Receive connector must have a unique combination of a local IP address and "
                                  "port, and remote IP address ranges.");
    }
}

std::string default_auth(std::string_view usage)
{
    if (usage == "Client")
        return "Tls, Integrated, BasicAuth, BasicAuthRequireTLS";
    if (usage == "Internal")
        return "Tls, ExchangeServer";
    return "Tls";
}

json get_receive_connector(cmdlet_context& context)
{
    std::string server;
    if (const auto given = context.params.string("Server"))
        server = find_server(context.org, *given).value("Name", "");
    if (const auto identity = context.params.string("Identity"))
        return json::array({require_object(context.org, connectors(context.org), *identity, {"Identity", "Name"})});
    json result = json::array();
    for (const auto& connector : connectors(context.org))
        if (server.empty() || iequals(connector.value("Server", ""), server))
            result.push_back(connector);
    return result;
}

json new_receive_connector(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string name = *params.string("Name");
    const auto given_server = params.string("Server");
    const json& server = given_server ? find_server(context.org, *given_server) : default_server(context.org);
    const std::string server_name = server.value("Name", "");
    const std::string usage = parse_enum("Usage", params.string("Usage").value_or("Custom"), usage_type, usages);
    const auto bindings = parsed_list("Bindings", params.list("Bindings"), parse_binding);
    const auto ranges = params.has("RemoteIPRanges")
                            ? parsed_list("RemoteIPRanges", params.list("RemoteIPRanges"), parse_ip_range)
                            : std::vector<std::string>{"::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255"};
    const std::string fqdn = parse_host_name("Fqdn", params.string("Fqdn").value_or(server.value("Fqdn", server_name)));
    const std::string auth = params.has("AuthMechanism")
                                 ? parse_flags("AuthMechanism", params.list("AuthMechanism"), auth_mechanism_type, auth_mechanisms)
                                 : default_auth(usage);
    const std::string identity = server_name + "\\" + name;
    if (find_object(connectors(context.org), identity, {"Identity"}))
        throw_already_exists("A Receive connector with the name '" + name + "' already exists on server " + server_name + ".");
    json connector = {{"Identity", identity},
                      {"Name", name},
                      {"Server", server_name},
                      {"Bindings", bindings},
                      {"RemoteIPRanges", ranges},
                      {"Fqdn", fqdn},
                      {"AuthMechanism", auth},
                      {"Enabled", params.boolean("Enabled").value_or(true)},
                      {"TransportRole", "HubTransport"}};
    check_conflicts(context.org, connector);
    connectors(context.org).push_back(connector);
    return json::array({connector});
}

json set_receive_connector(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string identity = *params.string("Identity");
    json& connector = require_object(context.org, connectors(context.org), identity, {"Identity", "Name"});
    bool changed = false;
    if (params.has("Bindings"))
        changed |= assign(connector, "Bindings",
                          parsed_list("Bindings", params.list("Bindings", string_list(connector["Bindings"])), parse_binding));
    if (params.has("RemoteIPRanges"))
        changed |= assign(connector, "RemoteIPRanges",
                          parsed_list("RemoteIPRanges", params.list("RemoteIPRanges", string_list(connector["RemoteIPRanges"])),
                                      parse_ip_range));
    if (params.has("Fqdn"))
        changed |= assign(connector, "Fqdn", parse_host_name("Fqdn", params.string("Fqdn").value_or("")));
    if (params.has("AuthMechanism"))
        changed |= assign(connector, "AuthMechanism",
                          parse_flags("AuthMechanism", params.list("AuthMechanism", flag_names(connector.value("AuthMechanism", ""))),
                                      auth_mechanism_type, auth_mechanisms));
    if (const auto enabled = params.boolean("Enabled"))
        changed |= assign(connector, "Enabled", *enabled);
    check_conflicts(context.org, connector);
    warn_unchanged(context, changed, connector.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> receive_connector_cmdlets()
{
    return {
        {"Get-ReceiveConnector", {{"Identity", param_kind::string}, {"Server", param_kind::string}}, get_receive_connector},
        {"New-ReceiveConnector",
         {{"Name", param_kind::string, true},
          {"Server", param_kind::string},
          {"Usage", param_kind::string},
          {"Bindings", param_kind::string_list, true},
          {"Fqdn", param_kind::string},
          {"Enabled", param_kind::boolean},
          {"AuthMechanism", param_kind::string_list},
          {"RemoteIPRanges", param_kind::string_list}},
         new_receive_connector},
        {"Set-ReceiveConnector",
         {{"Identity", param_kind::string, true},
          {"RemoteIPRanges", param_kind::string_list},
          {"Bindings", param_kind::string_list},
          {"Fqdn", param_kind::string},
          {"AuthMechanism", param_kind::string_list},
          {"Enabled", param_kind::boolean}},
         set_receive_connector},
    };
}

} // namespace emulator::exchange
