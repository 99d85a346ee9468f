#include "http/microsoft_hosts.h"

#include <array>
#include <string>

namespace mailint::http {

namespace {

// Each entry covers the name itself and every name under it. Whole service domains are listed
// rather than single hosts because tenants get their own names under them
// (contoso.crm.dynamics.com, outlook-dod.office365.us) and new regional hosts appear.
constexpr std::array<std::string_view, 24> protected_domains = {
    // Entra ID authorities: worldwide, US Government, China (21Vianet), Germany (retired).
    "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
    "login.microsoftonline.de", "login.windows.net", "login.microsoft.com", "sts.windows.net",
    // Exchange Online and Microsoft 365 in every cloud.
    "office365.com", "office365.us", "office365.cn", "outlook.office.com", "outlook.com",
    "office.com", "partner.outlook.cn",
    // Microsoft Graph.
    "graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn",
    // Dataverse / Dynamics 365: worldwide, GCC High, DoD, China.
    "dynamics.com", "microsoftdynamics.us", "appsplatform.us", "dynamics.cn",
    // Azure management plane, reachable with the same tokens.
    "management.azure.com", "management.usgovcloudapi.net",
};

std::string normalized(std::string_view host) {
    if (host.ends_with('.')) host.remove_suffix(1);
    std::string out(host);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

bool is_microsoft_service_host(std::string_view host) {
    const std::string h = normalized(host);
    if (h.empty()) return false;
    for (std::string_view domain : protected_domains) {
        if (h == domain) return true;
        if (h.size() > domain.size() && h.ends_with(domain) && h[h.size() - domain.size() - 1] == '.')
            return true;
    }
    return false;
}

}  // namespace mailint::http
