#include "exchange_online/cmdlet_traits.h"

#include <array>
#include <utility>

#include "http/http_client.h"

namespace mailint::exchange_online {

namespace {

std::string_view verb_of(std::string_view cmdlet) {
    const auto dash = cmdlet.find('-');
    return dash == std::string_view::npos ? std::string_view() : cmdlet.substr(0, dash);
}

}  // namespace

bool is_idempotent(std::string_view cmdlet) {
    // Enable-* normally flips a setting, but Enable-OrganizationCustomization creates the
    // tenant's customization objects and fails when they exist already.
    if (http::equals_ignore_case(cmdlet, "Enable-OrganizationCustomization")) return false;
    static constexpr std::array<std::string_view, 6> verbs = {"Get", "Set", "Remove", "Enable", "Disable", "Test"};
    const auto verb = verb_of(cmdlet);
    for (auto v : verbs)
        if (http::equals_ignore_case(verb, v)) return true;
    return false;
}

std::chrono::milliseconds cmdlet_timeout(std::string_view cmdlet) {
    using std::chrono::seconds;
    // The module's $CmdletHttpTimeoutCollection, plus the 60 s it adds to those.
    static constexpr std::array<std::pair<std::string_view, int>, 6> longer = {{
        {"Get-DistributionGroupMember", 3600},
        {"Import-TransportRuleCollection", 3600},
        {"Set-OrganizationConfig", 1800},
        {"Set-UnifiedGroup", 3600},
        {"Update-DistributionGroupMember", 3600},
        {"Update-RoleGroupMember", 1800},
    }};
    for (const auto &[name, s] : longer)
        if (http::equals_ignore_case(cmdlet, name)) return seconds(s + 60);
    return seconds(960);
}

}  // namespace mailint::exchange_online
