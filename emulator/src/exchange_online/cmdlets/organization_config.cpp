// Get-OrganizationConfig and Enable-OrganizationCustomization (seeds T1).
#include "exchange/cmdlet_error.h"
#include "exchange_online/cmdlet_registry.h"

namespace emulator::exchange_online {
namespace {

json get_organization_config(cmdlet_context& context)
{
    return json::array({context.tenant["organizationConfig"]});
}

json enable_organization_customization(cmdlet_context& context)
{
    json& config = context.tenant["organizationConfig"];
    // A one-time operation with no way back: the second call fails, as in Exchange Online.
    if (!config.value("IsDehydrated", true))
        throw exchange::cmdlet_error(400, exchange::exception_class::invalid_operation,
                                     "This operation is not required. Organization is already enabled for "
                                     "customization.");
    config["IsDehydrated"] = false;
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> organization_config_cmdlets()
{
    return {
        {"Get-OrganizationConfig", {}, get_organization_config},
        {"Enable-OrganizationCustomization", {}, enable_organization_customization},
    };
}

} // namespace emulator::exchange_online
