#include "exchange_online/defaults.h"

#include "exchange_online/mailbox_factory.h"

#include <algorithm>

namespace emulator::exchange_online {

json make_organization_config(std::string_view tenant_id, std::string_view initial_domain, std::string_view display_name)
{
    return json{{"Identity", initial_domain},
                {"Name", initial_domain},
                {"DisplayName", display_name},
                {"Guid", derived_guid("OrganizationConfig|" + std::string(tenant_id))},
                {"IsDehydrated", true}};
}

json make_accepted_domain(std::string_view domain, bool is_default, bool is_initial)
{
    return json{{"Identity", domain},   {"Name", domain},          {"DomainName", domain},
                {"DomainType", "Authoritative"}, {"Default", is_default}, {"InitialDomain", is_initial}};
}

json make_default_outbound_spam_policy()
{
    return json{{"Identity", "Default"},
                {"Name", "Default"},
                {"IsDefault", true},
                {"AutoForwardingMode", "Automatic"},
                {"RecipientLimitExternalPerHour", 0},
                {"RecipientLimitInternalPerHour", 0},
                {"RecipientLimitPerDay", 0},
                {"ActionWhenThresholdReached", "BlockUserForToday"},
                {"BccSuspiciousOutboundMail", false},
                {"NotifyOutboundSpam", false}};
}

json make_dkim_signing_config(std::string_view domain, std::string_view initial_domain, bool enabled, int key_size)
{
    std::string dashed(domain);
    std::replace(dashed.begin(), dashed.end(), '.', '-');
    const std::string target = "-" + dashed + "._domainkey." + std::string(initial_domain);
    return json{{"Identity", domain},
                {"Name", domain},
                {"Domain", domain},
                {"Enabled", enabled},
                {"Selector1CNAME", "selector1" + target},
                {"Selector2CNAME", "selector2" + target},
                {"Selector1KeySize", key_size},
                {"Selector2KeySize", key_size},
                {"BodyCanonicalization", "Relaxed"},
                {"HeaderCanonicalization", "Relaxed"},
                {"AdminDisplayName", ""}};
}

} // namespace emulator::exchange_online
