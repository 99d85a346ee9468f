#include "exchange_online/cmdlet_registry.h"

#include <iterator>

namespace emulator::exchange_online {
namespace {

std::vector<cmdlet_spec> all_cmdlets()
{
    std::vector<cmdlet_spec> all;
    for (auto family : {mailbox_cmdlets, cas_mailbox_cmdlets, transport_rule_cmdlets, outbound_connector_cmdlets,
                        outbound_spam_filter_cmdlets, organization_config_cmdlets, accepted_domain_cmdlets,
                        dkim_signing_cmdlets, hybrid_relationship_cmdlets, mobile_device_cmdlets,
                        distribution_group_cmdlets}) {
        auto specs = family();
        std::move(specs.begin(), specs.end(), std::back_inserter(all));
    }
    return all;
}

} // namespace

const cmdlet_spec* find_cmdlet(std::string_view name)
{
    static const std::vector<cmdlet_spec> cmdlets = all_cmdlets();
    return exchange::find_cmdlet_in(cmdlets, name);
}

} // namespace emulator::exchange_online
