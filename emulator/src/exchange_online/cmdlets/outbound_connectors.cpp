// Get-, New-, Set- and Remove-OutboundConnector: the connector to a partner's smart host that
// transport rules route through (seeds T5).
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <arpa/inet.h>

#include <array>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "OutboundConnector";
constexpr std::array<std::string_view, 2> connector_types = {"Partner", "OnPremises"};
constexpr std::array<std::string_view, 3> tls_settings = {"EncryptionOnly", "CertificateValidation", "DomainValidation"};

json& connectors(json& tenant) { return exchange::collection(tenant, "outboundConnectors"); }

// A smart host is a host name or an IP address.
std::string smart_host(std::string_view text)
{
    const std::string value(trim(text));
    unsigned char buffer[16];
    if (inet_pton(AF_INET, value.c_str(), buffer) == 1 || inet_pton(AF_INET6, value.c_str(), buffer) == 1)
        return value;
    return exchange::parse_host_name("SmartHosts", value);
}

std::string recipient_domain(std::string_view text)
{
    return trim(text) == "*" ? std::string("*") : exchange::parse_domain_name("RecipientDomains", text);
}

std::string validation_recipient(std::string_view text)
{
    return exchange::parse_smtp_address("ValidationRecipients", trim(text));
}

json parsed_list(const std::vector<std::string>& values, std::string (*parse)(std::string_view))
{
    json list = json::array();
    for (const auto& value : values)
        list.push_back(parse(value));
    return list;
}

bool routes_through(const json& rule, std::string_view connector_name)
{
    const auto route = rule.find("RouteMessageOutboundConnector");
    return route != rule.end() && route->is_string() && iequals(route->get_ref<const std::string&>(), connector_name);
}

// Applies the parameters given; says whether anything changed.
bool apply(cmdlet_context& context, json& connector)
{
    const auto& params = context.params;
    bool changed = false;
    if (const auto type = params.string("ConnectorType"))
        changed |= exchange::assign(connector, "ConnectorType",
                                    exchange::parse_enum("ConnectorType", *type,
                                                         "Microsoft.Exchange.Data.TenantOutboundConnectorType",
                                                         connector_types));
    for (const std::string_view flag : {"Enabled", "UseMXRecord", "IsTransportRuleScoped"})
        if (const auto value = params.boolean(flag))
            changed |= exchange::assign(connector, flag, *value);
    if (params.has("Comment"))
        changed |= exchange::assign(connector, "Comment", params.is_null("Comment") ? json(nullptr) : json(*params.string("Comment")));
    if (params.has("SmartHosts"))
        changed |= exchange::assign(connector, "SmartHosts",
                                    parsed_list(params.list("SmartHosts", exchange::string_list(connector["SmartHosts"])),
                                                smart_host));
    if (params.has("RecipientDomains"))
        changed |= exchange::assign(
            connector, "RecipientDomains",
            parsed_list(params.list("RecipientDomains", exchange::string_list(connector["RecipientDomains"])),
                        recipient_domain));
    // The addresses the connector is validated with (the admin center's "Validation email").
    if (params.has("ValidationRecipients"))
        changed |= exchange::assign(
            connector, "ValidationRecipients",
            parsed_list(params.list("ValidationRecipients", exchange::string_list(connector["ValidationRecipients"])),
                        validation_recipient));
    if (params.has("TlsSettings"))
        changed |= exchange::assign(connector, "TlsSettings",
                                    params.is_null("TlsSettings")
                                        ? json(nullptr)
                                        : json(exchange::parse_enum("TlsSettings", *params.string("TlsSettings"),
                                                                    "Microsoft.Exchange.Data.TlsAuthLevel", tls_settings)));
    if (params.has("TlsDomain"))
        changed |= exchange::assign(connector, "TlsDomain",
                                    params.is_null("TlsDomain")
                                        ? json(nullptr)
                                        : json(exchange::parse_domain_name("TlsDomain", *params.string("TlsDomain"))));

    // The rules Exchange checks on the connector as a whole, whichever parameter broke them.
    if (!connector.value("UseMXRecord", true) && connector.value("SmartHosts", json::array()).empty())
        exchange::throw_data_validation("The SmartHosts parameter can't be empty when UseMXRecord is $false. Specify "
                                        "at least one smart host, or set UseMXRecord to $true.");
    const bool domain_validation = connector.value("TlsSettings", json()) == json("DomainValidation");
    if (domain_validation != !connector.value("TlsDomain", json()).is_null())
        exchange::throw_data_validation("TlsDomain must be set when, and only when, TlsSettings is DomainValidation.");
    return changed;
}

json get_outbound_connector(cmdlet_context& context)
{
    return select_visible(context, connectors(context.tenant), kind, {"Identity", "Name"});
}

json new_outbound_connector(cmdlet_context& context)
{
    const std::string name(trim(*context.params.string("Name")));
    json& list = connectors(context.tenant);
    if (exchange::find_object(list, name, {"Name"}))
        exchange::throw_already_exists("An outbound connector with the name '" + name + "' already exists.");
    json connector = {{"Identity", name},
                      {"Name", name},
                      {"Enabled", true},
                      {"ConnectorType", "Partner"},
                      {"UseMXRecord", true},
                      {"SmartHosts", json::array()},
                      {"RecipientDomains", json::array()},
                      {"TlsSettings", nullptr},
                      {"TlsDomain", nullptr},
                      {"IsTransportRuleScoped", false},
                      {"ValidationRecipients", json::array()},
                      {"Comment", nullptr}};
    apply(context, connector);
    list.push_back(connector);
    context.created.push_back({std::string(kind), name});
    return json::array({connector});
}

json set_outbound_connector(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& list = connectors(context.tenant);
    json& connector = require_visible(context, list, kind, identity, {"Identity", "Name"});
    bool changed = apply(context, connector);
    if (const auto name = context.params.string("Name"); name && !iequals(trim(*name), connector.value("Name", ""))) {
        if (exchange::find_object(list, trim(*name), {"Name"}))
            exchange::throw_already_exists("An outbound connector with the name '" + std::string(trim(*name)) +
                                           "' already exists.");
        // Rules that route through the connector follow it to its new name.
        for (auto& rule : exchange::collection(context.tenant, "transportRules"))
            if (routes_through(rule, connector.value("Name", "")))
                rule["RouteMessageOutboundConnector"] = std::string(trim(*name));
        connector["Name"] = std::string(trim(*name));
        connector["Identity"] = connector["Name"];
        changed = true;
    }
    warn_unchanged(context, changed, connector.value("Identity", identity));
    return json::array();
}

json remove_outbound_connector(cmdlet_context& context)
{
    json& list = connectors(context.tenant);
    const std::string identity = *context.params.string("Identity");
    const json& connector = require_visible(context, list, kind, identity, {"Identity", "Name"});
    const std::string name = connector.value("Name", identity);
    for (const auto& rule : exchange::collection(context.tenant, "transportRules"))
        if (routes_through(rule, name))
            exchange::throw_data_validation("The outbound connector '" + name + "' is used by the transport rule '" +
                                            rule.value("Name", "") + "'. Change or remove the rule first.");
    for (auto it = list.begin(); it != list.end(); ++it)
        if (&*it == &connector) {
            list.erase(it);
            break;
        }
    return json::array();
}

std::vector<exchange::param_spec> property_params()
{
    return {{"ConnectorType", param_kind::string},   {"SmartHosts", param_kind::string_list},
            {"UseMXRecord", param_kind::boolean},    {"TlsSettings", param_kind::string},
            {"TlsDomain", param_kind::string},       {"RecipientDomains", param_kind::string_list},
            {"IsTransportRuleScoped", param_kind::boolean}, {"Enabled", param_kind::boolean},
            {"ValidationRecipients", param_kind::string_list}, {"Comment", param_kind::string}};
}

} // namespace

std::vector<cmdlet_spec> outbound_connector_cmdlets()
{
    auto new_params = property_params();
    new_params.insert(new_params.begin(), exchange::param_spec{"Name", param_kind::string, true});
    auto set_params = property_params();
    set_params.insert(set_params.begin(), exchange::param_spec{"Identity", param_kind::string, true});
    set_params.push_back({"Name", param_kind::string});
    return {
        {"Get-OutboundConnector", {{"Identity", param_kind::string}}, get_outbound_connector},
        {"New-OutboundConnector", std::move(new_params), new_outbound_connector},
        {"Set-OutboundConnector", std::move(set_params), set_outbound_connector},
        {"Remove-OutboundConnector", {{"Identity", param_kind::string, true}}, remove_outbound_connector},
    };
}

} // namespace emulator::exchange_online
