#pragma once
// The cmdlets the on-premises personality knows: each family file (cmdlets/*.cpp) contributes its
// specs, and the dispatcher finds them by case-insensitive name.
#include "exchange/parameters.h"
#include "util/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace emulator::exchange {

struct cmdlet_context {
    json& org;  // a working copy of the organization; committed only when the cmdlet succeeds
    const bound_parameters& params;
    std::vector<std::string>& warnings;
};

// Returns the objects for the response's "value" array.
using cmdlet_handler = json (*)(cmdlet_context&);

struct cmdlet_spec {
    std::string_view name;
    std::vector<param_spec> params;
    cmdlet_handler handler;
};

// Reads are Get-* and Test-*; everything else is a write, as the counters report them.
bool is_read_cmdlet(std::string_view name);
const cmdlet_spec* find_cmdlet(std::string_view name);

std::vector<cmdlet_spec> server_cmdlets();
std::vector<cmdlet_spec> certificate_cmdlets();
std::vector<cmdlet_spec> accepted_domain_cmdlets();
std::vector<cmdlet_spec> email_address_policy_cmdlets();
std::vector<cmdlet_spec> virtual_directory_cmdlets();
std::vector<cmdlet_spec> outlook_anywhere_cmdlets();
std::vector<cmdlet_spec> receive_connector_cmdlets();
std::vector<cmdlet_spec> send_connector_cmdlets();

} // namespace emulator::exchange
