#pragma once
// The cmdlets the on-premises personality knows: each family file (cmdlets/*.cpp) contributes its
// specs, and the dispatcher finds them by case-insensitive name.
#include "exchange/parameters.h"
#include "util/json.h"
#include "util/text.h"

#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

struct cmdlet_context {
    json& org;  // a working copy of the organization; committed only when the cmdlet succeeds
    const bound_parameters& params;
    std::vector<std::string>& warnings;
};

// A cmdlet of a personality whose cmdlets run against a `Context` (the on-premises organization
// here; the Exchange Online personality has its own). The handler returns the objects for the
// response's "value" array.
template <class Context>
struct basic_cmdlet_spec {
    std::string_view name;
    std::vector<param_spec> params;
    json (*handler)(Context&);
};

using cmdlet_handler = json (*)(cmdlet_context&);
using cmdlet_spec = basic_cmdlet_spec<cmdlet_context>;

// Reads are Get-* and Test-*; everything else is a write, as the counters report them.
bool is_read_cmdlet(std::string_view name);
const cmdlet_spec* find_cmdlet(std::string_view name);

// The spec named `name` (case-insensitively, as PowerShell resolves commands), or nullptr.
template <class Spec>
const Spec* find_cmdlet_in(const std::vector<Spec>& cmdlets, std::string_view name)
{
    for (const auto& cmdlet : cmdlets)
        if (iequals(cmdlet.name, name))
            return &cmdlet;
    return nullptr;
}

std::vector<cmdlet_spec> server_cmdlets();
std::vector<cmdlet_spec> certificate_cmdlets();
std::vector<cmdlet_spec> accepted_domain_cmdlets();
std::vector<cmdlet_spec> email_address_policy_cmdlets();
std::vector<cmdlet_spec> virtual_directory_cmdlets();
std::vector<cmdlet_spec> outlook_anywhere_cmdlets();
std::vector<cmdlet_spec> receive_connector_cmdlets();
std::vector<cmdlet_spec> send_connector_cmdlets();
std::vector<cmdlet_spec> dns_server_cmdlets();  // Windows Server's DnsServer module
std::vector<cmdlet_spec> mailbox_cmdlets();
// Windows Server itself: ServerManager features, CIM classes, the registry, services, restart.
std::vector<cmdlet_spec> windows_host_cmdlets();

} // namespace emulator::exchange
