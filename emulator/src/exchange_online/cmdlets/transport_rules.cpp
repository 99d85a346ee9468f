// Get-, New-, Set-, Remove-, Enable- and Disable-TransportRule: the conditions and actions the
// Teams Essentials rules use (seeds T5, T7, T10) and the ones a smart-host route needs.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <array>
#include <regex>
#include <span>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "TransportRule";

constexpr std::array<std::string_view, 3> modes = {"Audit", "AuditAndNotify", "Enforce"};
constexpr std::array<std::string_view, 2> from_scopes = {"InOrganization", "NotInOrganization"};
constexpr std::array<std::string_view, 4> to_scopes = {"InOrganization", "NotInOrganization", "ExternalPartner",
                                                       "ExternalNonPartner"};
constexpr std::array<std::string_view, 9> message_types = {"OOF",       "AutoForward", "Encrypted",
                                                           "Calendaring", "PermissionControlled", "Voicemail",
                                                           "Signed",    "ApprovalRequest", "ReadReceipt"};

// How a rule property's value is checked and stored.
enum class value_kind { text, header, words, patterns, domains, addresses, connector, flag, from_scope, to_scope,
                        message_type, mode };

struct rule_property {
    std::string_view name;
    value_kind kind;
};

// In the order Get-TransportRule prints them (after Identity, Name, Priority, State).
constexpr rule_property properties[] = {
    {"Mode", value_kind::mode},
    {"Comments", value_kind::text},
    {"FromScope", value_kind::from_scope},
    {"SentToScope", value_kind::to_scope},
    {"SenderDomainIs", value_kind::domains},
    {"RecipientDomainIs", value_kind::domains},
    {"HeaderContainsMessageHeader", value_kind::header},
    {"HeaderContainsWords", value_kind::words},
    {"HeaderMatchesMessageHeader", value_kind::header},
    {"HeaderMatchesPatterns", value_kind::patterns},
    {"MessageTypeMatches", value_kind::message_type},
    {"ExceptIfSenderDomainIs", value_kind::domains},
    {"ExceptIfHeaderContainsMessageHeader", value_kind::header},
    {"ExceptIfHeaderContainsWords", value_kind::words},
    {"ExceptIfHeaderMatchesMessageHeader", value_kind::header},
    {"ExceptIfHeaderMatchesPatterns", value_kind::patterns},
    {"ExceptIfMessageTypeMatches", value_kind::message_type},
    {"RouteMessageOutboundConnector", value_kind::connector},
    {"DeleteMessage", value_kind::flag},
    {"SetHeaderName", value_kind::header},
    {"SetHeaderValue", value_kind::text},
    {"RedirectMessageTo", value_kind::addresses},
    {"StopRuleProcessing", value_kind::flag},
};

// Parameters that only mean something together (a header and what to look for or set in it).
constexpr std::pair<std::string_view, std::string_view> pairs[] = {
    {"HeaderContainsMessageHeader", "HeaderContainsWords"},
    {"HeaderMatchesMessageHeader", "HeaderMatchesPatterns"},
    {"ExceptIfHeaderContainsMessageHeader", "ExceptIfHeaderContainsWords"},
    {"ExceptIfHeaderMatchesMessageHeader", "ExceptIfHeaderMatchesPatterns"},
    {"SetHeaderName", "SetHeaderValue"},
};

json& rules(json& tenant) { return exchange::collection(tenant, "transportRules"); }

std::string header_name(std::string_view parameter, std::string_view text)
{
    const std::string_view value = trim(text);
    // RFC 5322 field names: printable ASCII except ':'.
    if (value.empty() || std::any_of(value.begin(), value.end(), [](char c) { return c <= ' ' || c > '~' || c == ':'; }))
        exchange::throw_invalid_argument(parameter, "\"" + std::string(text) + "\" isn't a valid message header name.");
    return std::string(value);
}

json parse_value(cmdlet_context& context, const rule_property& property, const json& rule)
{
    const auto& params = context.params;
    const std::string_view name = property.name;
    if (property.kind != value_kind::flag && params.is_null(name))
        return nullptr;
    const auto text = [&] { return params.string(name).value_or(""); };
    const auto list = [&](auto&& parse_item) {
        json items = json::array();
        // A {Add, Remove} hashtable edits the rule's current list.
        for (const auto& item : params.list(name, exchange::string_list(rule.value(name, json()))))
            items.push_back(parse_item(item));
        if (items.empty())
            exchange::throw_invalid_argument(name, "The argument is null or empty.");
        return items;
    };
    switch (property.kind) {
    case value_kind::text:
        return text();
    case value_kind::header:
        return header_name(name, text());
    case value_kind::words:
        return list([&](const std::string& word) {
            if (trim(word).empty())
                exchange::throw_invalid_argument(name, "A word can't be empty.");
            return word;
        });
    case value_kind::patterns:
        return list([&](const std::string& pattern) {
            try {
                std::regex check(pattern);
            } catch (const std::regex_error&) {
                exchange::throw_invalid_argument(name, "\"" + pattern + "\" isn't a valid regular expression.");
            }
            return pattern;
        });
    case value_kind::domains:
        return list([&](const std::string& domain) { return exchange::parse_domain_name(name, domain); });
    case value_kind::addresses:
        return list([&](const std::string& address) { return exchange::parse_smtp_address(name, address); });
    case value_kind::connector: {
        json& connector = require_visible(context, exchange::collection(context.tenant, "outboundConnectors"),
                                          "OutboundConnector", text(), {"Identity", "Name"});
        return connector.value("Name", text());
    }
    case value_kind::flag:
        return params.boolean(name).value_or(false);
    case value_kind::from_scope:
        return exchange::parse_enum(name, text(), "Microsoft.Exchange.MessagingPolicies.Rules.Tasks.FromUserScope",
                                    from_scopes);
    case value_kind::to_scope:
        return exchange::parse_enum(name, text(), "Microsoft.Exchange.MessagingPolicies.Rules.Tasks.ToUserScope",
                                    to_scopes);
    case value_kind::message_type:
        return exchange::parse_enum(name, text(), "Microsoft.Exchange.MessagingPolicies.Rules.Tasks.MessageType",
                                    message_types);
    case value_kind::mode:
        return exchange::parse_enum(name, text(), "Microsoft.Exchange.MessagingPolicies.Rules.RuleMode", modes);
    }
    return nullptr;
}

// Applies every property parameter present; says whether anything changed.
bool apply_properties(cmdlet_context& context, json& rule)
{
    bool changed = false;
    for (const auto& property : properties)
        if (context.params.has(property.name))
            changed |= exchange::assign(rule, property.name, parse_value(context, property, rule));
    for (const auto& [first, second] : pairs)
        if (rule.value(first, json()).is_null() != rule.value(second, json()).is_null())
            exchange::throw_data_validation("The parameters " + std::string(first) + " and " + std::string(second) +
                                            " must be used together.");
    return changed;
}

// Priorities are the rules' places, 0 first: the array is kept in priority order.
void renumber(json& list)
{
    for (std::size_t i = 0; i < list.size(); ++i)
        list[i]["Priority"] = i;
}

std::size_t parse_priority(cmdlet_context& context, std::size_t highest)
{
    return static_cast<std::size_t>(exchange::parse_integer("Priority", *context.params.string("Priority"), 0,
                                                            static_cast<long long>(highest)));
}

std::size_t position_of(json& list, const json& rule)
{
    for (std::size_t i = 0; i < list.size(); ++i)
        if (&list[i] == &rule)
            return i;
    return list.size();
}

json get_transport_rule(cmdlet_context& context)
{
    return select_visible(context, rules(context.tenant), kind, {"Identity", "Name"});
}

json new_transport_rule(cmdlet_context& context)
{
    const std::string name(trim(*context.params.string("Name")));
    json& list = rules(context.tenant);
    if (exchange::find_object(list, name, {"Name"}))
        exchange::throw_already_exists("A transport rule with the name '" + name + "' already exists.");
    json rule = {{"Identity", name}, {"Name", name}, {"Priority", 0}, {"State", "Enabled"}};
    for (const auto& property : properties)
        rule[std::string(property.name)] = property.kind == value_kind::flag ? json(false)
                                            : property.kind == value_kind::mode ? json("Enforce")
                                                                                : json(nullptr);
    apply_properties(context, rule);
    if (!context.params.boolean("Enabled").value_or(true))
        rule["State"] = "Disabled";
    // A new rule goes last unless told; the rules at and after its place move down one.
    const std::size_t priority = context.params.has("Priority") ? parse_priority(context, list.size()) : list.size();
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(priority), rule);
    renumber(list);
    context.created.push_back({std::string(kind), name});
    return json::array({list[priority]});
}

json set_transport_rule(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& list = rules(context.tenant);
    json& rule = require_visible(context, list, kind, identity, {"Identity", "Name"});
    bool changed = apply_properties(context, rule);
    if (const auto name = context.params.string("Name"); name && !iequals(trim(*name), rule.value("Name", ""))) {
        if (exchange::find_object(list, trim(*name), {"Name"}))
            exchange::throw_already_exists("A transport rule with the name '" + std::string(trim(*name)) +
                                           "' already exists.");
        changed |= exchange::assign(rule, "Name", std::string(trim(*name)));
        rule["Identity"] = rule["Name"];
    }
    const std::string printed = rule.value("Identity", identity);
    if (context.params.has("Priority")) {
        const std::size_t from = position_of(list, rule);
        const std::size_t to = parse_priority(context, list.size() - 1);
        if (from != to) {
            json moved = std::move(list[from]);
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(from));
            list.insert(list.begin() + static_cast<std::ptrdiff_t>(to), std::move(moved));
            renumber(list);
            changed = true;
        }
    }
    warn_unchanged(context, changed, printed);
    return json::array();
}

json remove_transport_rule(cmdlet_context& context)
{
    json& list = rules(context.tenant);
    json& rule = require_visible(context, list, kind, *context.params.string("Identity"), {"Identity", "Name"});
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(position_of(list, rule)));
    renumber(list);
    return json::array();
}

json set_state(cmdlet_context& context, std::string_view state)
{
    json& rule = require_visible(context, rules(context.tenant), kind, *context.params.string("Identity"),
                                 {"Identity", "Name"});
    rule["State"] = state;
    return json::array();
}

json enable_transport_rule(cmdlet_context& context) { return set_state(context, "Enabled"); }
json disable_transport_rule(cmdlet_context& context) { return set_state(context, "Disabled"); }

std::vector<exchange::param_spec> property_params()
{
    std::vector<exchange::param_spec> params;
    for (const auto& property : properties) {
        const bool multi = property.kind == value_kind::words || property.kind == value_kind::patterns ||
                           property.kind == value_kind::domains || property.kind == value_kind::addresses;
        params.push_back({property.name, multi ? param_kind::string_list
                                               : property.kind == value_kind::flag ? param_kind::boolean
                                                                                    : param_kind::string});
    }
    params.push_back({"Priority", param_kind::scalar});
    return params;
}

} // namespace

std::vector<cmdlet_spec> transport_rule_cmdlets()
{
    auto new_params = property_params();
    new_params.insert(new_params.begin(), exchange::param_spec{"Name", param_kind::string, true});
    new_params.push_back({"Enabled", param_kind::boolean});
    auto set_params = property_params();
    set_params.insert(set_params.begin(), exchange::param_spec{"Identity", param_kind::string, true});
    set_params.push_back({"Name", param_kind::string});
    const std::vector<exchange::param_spec> identity_only = {{"Identity", param_kind::string, true}};
    return {
        {"Get-TransportRule", {{"Identity", param_kind::string}}, get_transport_rule},
        {"New-TransportRule", std::move(new_params), new_transport_rule},
        {"Set-TransportRule", std::move(set_params), set_transport_rule},
        {"Remove-TransportRule", identity_only, remove_transport_rule},
        {"Enable-TransportRule", identity_only, enable_transport_rule},
        {"Disable-TransportRule", identity_only, disable_transport_rule},
    };
}

} // namespace emulator::exchange_online
