// Get-IntraOrganizationConnector and Get-OrganizationRelationship: what the Hybrid Configuration
// Wizard leaves in Exchange Online for an Exchange hybrid deployment (seed T12 checks them before
// Teams can reach on-premises calendars). Read-only here: the wizard, not this module, makes them;
// tests seed them through /control/seed (exchangeOnline.<tenant>.intraOrganizationConnectors,
// .organizationRelationships). Properties a seed leaves out get Exchange's defaults.
#include "exchange/org_model.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

// The visible objects of `collection`, each with the defaults of what it leaves out.
json read_with_defaults(cmdlet_context& context, const char* collection, std::string_view kind, const json& defaults)
{
    json out = json::array();
    for (auto object : select_visible(context, exchange::collection(context.tenant, collection), kind, {"Identity", "Name"})) {
        for (const auto& [key, value] : defaults.items())
            if (!object.contains(key))
                object[key] = value;
        if (!object.contains("Identity"))
            object["Identity"] = object.value("Name", "");
        out.push_back(std::move(object));
    }
    return out;
}

json get_intra_organization_connector(cmdlet_context& context)
{
    static const json defaults = {{"Name", ""},
                                  {"Enabled", true},
                                  {"TargetAddressDomains", json::array()},
                                  {"DiscoveryEndpoint", nullptr},
                                  {"TargetSharingEpr", nullptr}};
    return read_with_defaults(context, "intraOrganizationConnectors", "IntraOrganizationConnector", defaults);
}

json get_organization_relationship(cmdlet_context& context)
{
    static const json defaults = {{"Name", ""},
                                  {"Enabled", true},
                                  {"DomainNames", json::array()},
                                  {"FreeBusyAccessEnabled", false},
                                  {"FreeBusyAccessLevel", "None"},
                                  {"TargetApplicationUri", nullptr},
                                  {"TargetAutodiscoverEpr", nullptr},
                                  {"TargetSharingEpr", nullptr}};
    return read_with_defaults(context, "organizationRelationships", "OrganizationRelationship", defaults);
}

} // namespace

std::vector<cmdlet_spec> hybrid_relationship_cmdlets()
{
    return {
        {"Get-IntraOrganizationConnector", {{"Identity", param_kind::string}}, get_intra_organization_connector},
        {"Get-OrganizationRelationship", {{"Identity", param_kind::string}}, get_organization_relationship},
    };
}

} // namespace emulator::exchange_online
