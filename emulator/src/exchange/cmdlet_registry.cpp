#include "exchange/cmdlet_registry.h"

#include "util/text.h"

#include <iterator>

namespace emulator::exchange {
namespace {

std::vector<cmdlet_spec> all_cmdlets()
{
    std::vector<cmdlet_spec> all;
    for (auto family : {server_cmdlets, certificate_cmdlets, accepted_domain_cmdlets, email_address_policy_cmdlets,
                        virtual_directory_cmdlets, outlook_anywhere_cmdlets, receive_connector_cmdlets,
                        send_connector_cmdlets, dns_server_cmdlets, mailbox_cmdlets, windows_host_cmdlets}) {
        auto specs = family();
        std::move(specs.begin(), specs.end(), std::back_inserter(all));
    }
    return all;
}

} // namespace

bool is_read_cmdlet(std::string_view name) { return istarts_with(name, "Get-") || istarts_with(name, "Test-"); }

const cmdlet_spec* find_cmdlet(std::string_view name)
{
    static const std::vector<cmdlet_spec> cmdlets = all_cmdlets();
    return find_cmdlet_in(cmdlets, name);
}

} // namespace emulator::exchange
