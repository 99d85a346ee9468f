// Get-, Enable- and Set-OutlookAnywhere. Outlook Anywhere exists on a server only once enabled.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "util/text.h"

#include <array>

namespace emulator::exchange {
namespace {

constexpr std::array<std::string_view, 3> auth_methods = {"Basic", "Ntlm", "Negotiate"};
constexpr std::string_view auth_method_type = "Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthenticationMethod";

json& outlook_anywhere(json& org) { return collection(org, "outlookAnywhere"); }

std::string auth_method(std::string_view parameter, std::string_view value)
{
    return parse_enum(parameter, value, auth_method_type, auth_methods);
}

json get_outlook_anywhere(cmdlet_context& context)
{
    json& list = outlook_anywhere(context.org);
    std::string server;
    if (const auto given = context.params.string("Server"))
        server = find_server(context.org, *given).value("Name", "");
    if (const auto identity = context.params.string("Identity"))
        return json::array({require_object(context.org, list, *identity, {"Identity", "Server"})});
    json result = json::array();
    for (const auto& entry : list)
        if (server.empty() || iequals(entry.value("Server", ""), server))
            result.push_back(entry);
    return result;
}

json enable_outlook_anywhere(cmdlet_context& context)
{
    const auto given_server = context.params.string("Server");
    const std::string server = (given_server ? find_server(context.org, *given_server) : default_server(context.org)).value("Name", "");
    const std::string external_host = parse_host_name("ExternalHostname", *context.params.string("ExternalHostname"));
    const std::string method = auth_method("ClientAuthenticationMethod", context.params.string("ClientAuthenticationMethod").value_or("Basic"));
    const bool ssl_offloading = *context.params.boolean("SSLOffloading");
    if (find_object(outlook_anywhere(context.org), server, {"Server"}))
        throw_already_exists("Outlook Anywhere is already enabled on server " + server + ".");
    json entry = {{"Identity", server + "\\Rpc (Default Web Site)"},
                  {"Server", server},
                  {"ExternalHostname", external_host},
                  {"InternalHostname", nullptr},
                  {"ExternalClientAuthenticationMethod", method},
                  {"InternalClientAuthenticationMethod", "Ntlm"},
                  {"SSLOffloading", ssl_offloading},
                  {"ExternalClientsRequireSsl", !ssl_offloading}};
    outlook_anywhere(context.org).push_back(entry);
    return json::array({entry});
}

json set_outlook_anywhere(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& entry = require_object(context.org, outlook_anywhere(context.org), identity, {"Identity", "Server"});
    bool changed = false;
    for (const std::string_view property : {"ExternalHostname", "InternalHostname"}) {
        if (!context.params.has(property))
            continue;
        const auto host = context.params.string(property);
        changed |= assign(entry, property, host && !host->empty() ? json(parse_host_name(property, *host)) : json(nullptr));
    }
    for (const std::string_view property : {"ExternalClientAuthenticationMethod", "InternalClientAuthenticationMethod"})
        if (const auto method = context.params.string(property))
            changed |= assign(entry, property, auth_method(property, *method));
        else if (context.params.has(property))
            throw_invalid_argument(property, "The argument is null or empty.");
    for (const std::string_view property : {"SSLOffloading", "ExternalClientsRequireSsl"})
        if (const auto value = context.params.boolean(property))
            changed |= assign(entry, property, *value);
    warn_unchanged(context, changed, entry.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> outlook_anywhere_cmdlets()
{
    return {
        {"Get-OutlookAnywhere", {{"Identity", param_kind::string}, {"Server", param_kind::string}}, get_outlook_anywhere},
        {"Enable-OutlookAnywhere",
         {{"Server", param_kind::string},
          {"ExternalHostname", param_kind::string, true},
          {"ClientAuthenticationMethod", param_kind::string},
          {"SSLOffloading", param_kind::boolean, true}},
         enable_outlook_anywhere},
        {"Set-OutlookAnywhere",
         {{"Identity", param_kind::string, true},
          {"ExternalHostname", param_kind::string},
          {"InternalHostname", param_kind::string},
          {"ExternalClientAuthenticationMethod", param_kind::string},
          {"InternalClientAuthenticationMethod", param_kind::string},
          {"SSLOffloading", param_kind::boolean},
          {"ExternalClientsRequireSsl", param_kind::boolean}},
         set_outlook_anywhere},
    };
}

} // namespace emulator::exchange
