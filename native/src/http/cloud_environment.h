#pragma once
// Where a connection's services live. The authority and every base URL are configuration
// (ARCHITECTURE.md §3): that is how the US Government clouds, China (21Vianet) and the emulator
// are reached with the same code.
#include <optional>
#include <string>
#include <string_view>

namespace mailint::http {

enum class cloud { global, us_gov_gcc_high, us_gov_dod, china, custom };

struct cloud_environment {
    cloud kind = cloud::global;
    std::string authority;  // Entra ID, no trailing slash: "https://login.microsoftonline.com"

    // Where requests go (no trailing slash) ...
    std::string graph_base;     // "https://graph.microsoft.com" (callers add "/v1.0/...")
    std::string exchange_base;  // "https://outlook.office365.com" (callers add "/adminapi/beta/...")
    // ... and the resource each token is asked for (scope "<resource>/.default"), which is the
    // audience the service checks. They differ only for a custom endpoint, where requests go to
    // the one base but tokens still name the real services.
    std::string graph_resource;
    std::string exchange_resource;

    // Dataverse lives on a per-organisation host: "https://{org}.<dataverse_domain>".
    std::string dataverse_domain;  // "crm.dynamics.com"
    // For a custom endpoint, all organisations share this base instead.
    std::string custom_base;

    // "{authority}/{tenant}/oauth2/v2.0/token" and ".../devicecode".
    std::string token_endpoint(std::string_view tenant) const;
    std::string device_code_endpoint(std::string_view tenant) const;
    // "https://contoso.crm.dynamics.com" (custom: the custom base).
    std::string dataverse_base(std::string_view organization) const;
    // "https://contoso.crm.dynamics.com" always: the token audience for that organisation.
    std::string dataverse_resource(std::string_view organization) const;
};

// The published endpoints of a Microsoft cloud; custom is rejected here (use custom_environment).
cloud_environment environment_for(cloud c);

// Every service, the authority included, under one base URL such as the emulator's
// "http://127.0.0.1:5123" (trailing slashes dropped). Token resources stay the worldwide ones.
// Throws mailint::error invalid_argument (transport.endpoint.invalid) unless base is an absolute
// http(s) URL without query or fragment.
cloud_environment custom_environment(std::string_view base);

// The -Environment names: "Global" (also "AzureCloud"), "USGovGCCHigh", "USGovDoD", "China"
// (also "AzureChinaCloud"), "Custom"; case-insensitive.
std::optional<cloud> parse_cloud(std::string_view name);
std::string_view cloud_name(cloud c);

}  // namespace mailint::http
