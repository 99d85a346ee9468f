#include "http/cloud_environment.h"

#include "core/error.h"
#include "http/http_client.h"

namespace mailint::http {

namespace {

std::string trimmed_base(std::string_view s) {
    while (s.ends_with('/')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

std::string cloud_environment::token_endpoint(std::string_view tenant) const {
    return authority + "/" + std::string(tenant) + "/oauth2/v2.0/token";
}

std::string cloud_environment::device_code_endpoint(std::string_view tenant) const {
    return authority + "/" + std::string(tenant) + "/oauth2/v2.0/devicecode";
}

std::string cloud_environment::dataverse_base(std::string_view organization) const {
    if (kind == cloud::custom) return custom_base;
    return "https://" + std::string(organization) + "." + dataverse_domain;
}

std::string cloud_environment::dataverse_resource(std::string_view organization) const {
    return "https://" + std::string(organization) + "." + dataverse_domain;
}

cloud_environment environment_for(cloud c) {
    // Authorities, Graph and Exchange hosts: wire-apis.md §1.1/§1.2 and §2. Dataverse domains per
    // sovereign cloud come from Microsoft's Power Platform US Government and 21Vianet pages
    // (not in wire-apis.md): GCC High crm.microsoftdynamics.us, DoD crm.appsplatform.us,
    // China crm.dynamics.cn.
    cloud_environment e;
    e.kind = c;
    switch (c) {
    case cloud::global:
        e.authority = "https://login.microsoftonline.com";
        e.graph_base = "https://graph.microsoft.com";
        e.exchange_base = "https://outlook.office365.com";
        e.dataverse_domain = "crm.dynamics.com";
        break;
    case cloud::us_gov_gcc_high:
        e.authority = "https://login.microsoftonline.us";
        e.graph_base = "https://graph.microsoft.us";
        e.exchange_base = "https://outlook.office365.us";
        e.dataverse_domain = "crm.microsoftdynamics.us";
        break;
    case cloud::us_gov_dod:
        e.authority = "https://login.microsoftonline.us";
        e.graph_base = "https://dod-graph.microsoft.us";
        e.exchange_base = "https://outlook-dod.office365.us";
        e.dataverse_domain = "crm.appsplatform.us";
        break;
    case cloud::china:
        e.authority = "https://login.chinacloudapi.cn";
        e.graph_base = "https://microsoftgraph.chinacloudapi.cn";
        e.exchange_base = "https://outlook.office365.cn";
        e.dataverse_domain = "crm.dynamics.cn";
        break;
    case cloud::custom:
        throw error(errc::invalid_argument, "transport.endpoint.missing",
                    "The Custom environment needs an endpoint URL.");
    }
    e.graph_resource = e.graph_base;
    e.exchange_resource = e.exchange_base;
    return e;
}

cloud_environment custom_environment(std::string_view base_text) {
    std::string base = trimmed_base(base_text);
    const bool scheme_ok = base.starts_with("http://") || base.starts_with("https://");
    const std::string_view rest = std::string_view(base).substr(base.find("://") == std::string::npos
                                                                    ? 0
                                                                    : base.find("://") + 3);
    if (!scheme_ok || rest.empty() || rest.front() == '/' || base.find_first_of("?# ") != std::string::npos)
        throw error(errc::invalid_argument, "transport.endpoint.invalid",
                    "The endpoint must be an absolute http:// or https:// URL without query or fragment.",
                    {{"endpoint", std::string(base_text)}});
    cloud_environment e = environment_for(cloud::global);
    e.kind = cloud::custom;
    e.authority = base;
    e.graph_base = base;
    e.exchange_base = base;
    e.custom_base = base;
    return e;
}

std::optional<cloud> parse_cloud(std::string_view name) {
    if (equals_ignore_case(name, "Global") || equals_ignore_case(name, "AzureCloud")) return cloud::global;
    if (equals_ignore_case(name, "USGovGCCHigh")) return cloud::us_gov_gcc_high;
    if (equals_ignore_case(name, "USGovDoD")) return cloud::us_gov_dod;
    if (equals_ignore_case(name, "China") || equals_ignore_case(name, "AzureChinaCloud")) return cloud::china;
    if (equals_ignore_case(name, "Custom")) return cloud::custom;
    return std::nullopt;
}

std::string_view cloud_name(cloud c) {
    switch (c) {
    case cloud::global: return "Global";
    case cloud::us_gov_gcc_high: return "USGovGCCHigh";
    case cloud::us_gov_dod: return "USGovDoD";
    case cloud::china: return "China";
    case cloud::custom: return "Custom";
    }
    return "Global";
}

}  // namespace mailint::http
