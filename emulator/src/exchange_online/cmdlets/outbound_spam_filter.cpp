// Get- and Set-HostedOutboundSpamFilterPolicy: automatic forwarding (seeds T1), which a
// dehydrated organization cannot change before Enable-OrganizationCustomization.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"

#include <array>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "HostedOutboundSpamFilterPolicy";
constexpr std::array<std::string_view, 3> forwarding_modes = {"Automatic", "On", "Off"};
constexpr std::array<std::string_view, 3> threshold_actions = {"Alert", "BlockUser", "BlockUserForToday"};
constexpr std::string_view limits[] = {"RecipientLimitExternalPerHour", "RecipientLimitInternalPerHour",
                                       "RecipientLimitPerDay"};

json& policies(json& tenant) { return exchange::collection(tenant, "hostedOutboundSpamFilterPolicies"); }

json get_policy(cmdlet_context& context)
{
    return select_visible(context, policies(context.tenant), kind, {"Identity", "Name"});
}

json set_policy(cmdlet_context& context)
{
    const auto& params = context.params;
    const std::string identity = *params.string("Identity");
    json& policy = require_visible(context, policies(context.tenant), kind, identity, {"Identity", "Name"});
    if (context.tenant["organizationConfig"].value("IsDehydrated", true))
        throw exchange::cmdlet_error(400, exchange::exception_class::dehydrated,
                                     "The command you tried to run isn't currently allowed in your organization. To "
                                     "run this command, you first need to run the command: "
                                     "Enable-OrganizationCustomization.");
    bool changed = false;
    if (const auto mode = params.string("AutoForwardingMode"))
        changed |= exchange::assign(policy, "AutoForwardingMode",
                                    exchange::parse_enum("AutoForwardingMode", *mode,
                                                         "Microsoft.Exchange.Data.AutoForwardingMode", forwarding_modes));
    if (const auto action = params.string("ActionWhenThresholdReached"))
        changed |= exchange::assign(policy, "ActionWhenThresholdReached",
                                    exchange::parse_enum("ActionWhenThresholdReached", *action,
                                                         "Microsoft.Exchange.Data.OutboundRecipientLimitsExceededAction",
                                                         threshold_actions));
    // 0 means "the service default"; the service's own ceilings are 10,000 a day and hour.
    for (const auto limit : limits)
        if (const auto value = params.string(limit))
            changed |= exchange::assign(policy, limit, exchange::parse_integer(limit, *value, 0, 10000));
    for (const std::string_view flag : {"BccSuspiciousOutboundMail", "NotifyOutboundSpam"})
        if (const auto value = params.boolean(flag))
            changed |= exchange::assign(policy, flag, *value);
    warn_unchanged(context, changed, policy.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> outbound_spam_filter_cmdlets()
{
    return {
        {"Get-HostedOutboundSpamFilterPolicy", {{"Identity", param_kind::string}}, get_policy},
        {"Set-HostedOutboundSpamFilterPolicy",
         {{"Identity", param_kind::string, true},
          {"AutoForwardingMode", param_kind::string},
          {"ActionWhenThresholdReached", param_kind::string},
          {"RecipientLimitExternalPerHour", param_kind::scalar},
          {"RecipientLimitInternalPerHour", param_kind::scalar},
          {"RecipientLimitPerDay", param_kind::scalar},
          {"BccSuspiciousOutboundMail", param_kind::boolean},
          {"NotifyOutboundSpam", param_kind::boolean}},
         set_policy},
    };
}

} // namespace emulator::exchange_online
