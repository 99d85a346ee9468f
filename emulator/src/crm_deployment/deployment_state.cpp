#include "crm_deployment/deployment_state.h"

#include "util/text.h"

#include <stdexcept>

namespace emulator::crm_deployment {
namespace {

constexpr const char* dynamics_app_id = "00000007-0000-0000-c000-000000000000";
constexpr const char* acs_principal_id = "00000001-0000-0000-c000-000000000000";

std::string text(const json& object, const char* name)
{
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

} // namespace

void normalize_section(json& state)
{
    json& section = state["crmDeployment"];
    if (section.is_null())
        section = json::object();
    if (!section.is_object())
        throw std::invalid_argument("crmDeployment must be an object");
    for (const char* list : {"organizations", "certificates", "certificateStore"}) {
        if (!section.contains(list))
            section[list] = json::array();
        if (!section[list].is_array())
            throw std::invalid_argument(std::string("crmDeployment.") + list + " must be an array");
    }
    if (!section.contains("serverSettings"))
        section["serverSettings"] = json::object();
    if (!section["serverSettings"].is_object())
        throw std::invalid_argument("crmDeployment.serverSettings must be an object");
    for (auto& org : section["organizations"]) {
        if (!org.is_object() || text(org, "UniqueName").empty())
            throw std::invalid_argument("every crmDeployment organization needs a UniqueName");
        if (!org.contains("FriendlyName"))
            org["FriendlyName"] = org["UniqueName"];
        if (!org.contains("State"))
            org["State"] = "Enabled";
        if (!org.contains("S2STenantId"))
            org["S2STenantId"] = nullptr;
    }
}

std::optional<std::string> s2s_failure(const json& state, const std::string& tenant_id, const std::string& org)
{
    const auto section = state.find("crmDeployment");
    if (section == state.end() || !section->is_object())
        return std::nullopt;
    // Pointers into the state itself (value() would hand out copies that die with the loop).
    const json empty = json::array();
    const auto list = [&](const json& object, const char* name) -> const json& {
        const auto found = object.find(name);
        return found != object.end() && found->is_array() ? *found : empty;
    };
    const json* organization = nullptr;
    for (const auto& o : list(*section, "organizations"))
        if (iequals(text(o, "UniqueName"), org))
            organization = &o;
    if (!organization)
        return std::nullopt;
    const std::string prefix = "Authentication failed. The certificate used for server-to-server authentication is missing or not valid: ";
    std::string data;
    for (const auto& c : list(*section, "certificates"))
        if (iequals(text(c, "CertificateType"), "S2STokenIssuer"))
            data = text(c, "Data");
    if (data.empty())
        return prefix + "the deployment has no S2STokenIssuer certificate (CertificateReconfiguration.ps1 -certificateType S2STokenIssuer).";
    const auto settings_found = section->find("serverSettings");
    const json settings = settings_found != section->end() ? *settings_found : json::object();
    if (!iequals(text(settings, "S2SDefaultAuthorizationServerPrincipalId"), acs_principal_id) ||
        text(settings, "S2SDefaultAuthorizationServerMetadataUrl").empty())
        return prefix + "the deployment's S2SDefaultAuthorizationServer settings are not set.";
    if (!iequals(text(*organization, "S2STenantId"), tenant_id))
        return prefix + "the organization's S2STenantId is not the Exchange Online tenant " + tenant_id + ".";
    const auto graph = state.find("graph");
    const json* principal = nullptr;
    if (graph != state.end() && graph->contains(tenant_id))
        for (const auto& sp : list((*graph)[tenant_id], "servicePrincipals"))
            if (iequals(text(sp, "appId"), dynamics_app_id))
                principal = &sp;
    if (!principal)
        return prefix + "the tenant has no Microsoft Dynamics CRM service principal.";
    bool registered = false;
    for (const auto& key : list(*principal, "keyCredentials"))
        if (text(key, "key") == data)
            registered = true;
    if (!registered)
        return prefix + "the S2STokenIssuer certificate is not a key credential of the Microsoft Dynamics CRM service principal.";
    bool named = false;
    for (const auto& name : list(*principal, "servicePrincipalNames"))
        if (name.is_string() && iequals(name.get<std::string>(), dynamics_app_id))
            named = true;
    if (!named)
        return prefix + "the Microsoft Dynamics CRM service principal lacks the service principal name " + std::string(dynamics_app_id) + ".";
    return std::string();
}

} // namespace emulator::crm_deployment
