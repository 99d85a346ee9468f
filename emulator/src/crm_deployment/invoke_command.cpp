#include "crm_deployment/invoke_command.h"

#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/dispatch.h"
#include "exchange/parameters.h"
#include "exchange/pfx.h"
#include "util/guid.h"
#include "util/text.h"

#include <vector>

namespace emulator::crm_deployment {
namespace {

using exchange::cmdlet_error;
using exchange::param_kind;
namespace ec = exchange::exception_class;

// The snap-in's cmdlets fail with the Deployment Web Service's fault; the emulator names the
// class PowerShell shows for it.
constexpr std::string_view deployment_fault = "System.ServiceModel.FaultException";

struct context {
    json& deployment;  // a working copy, committed only when the cmdlet succeeds
    const exchange::bound_parameters& params;
    std::vector<std::string>& warnings;
};

using spec = exchange::basic_cmdlet_spec<context>;

std::string text(const json& object, const char* name)
{
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

json& organization_named(context& c, const std::string& name)
{
    for (auto& org : c.deployment["organizations"])
        if (iequals(text(org, "UniqueName"), name) || iequals(text(org, "FriendlyName"), name) || iequals(text(org, "Id"), name))
            return org;
    throw cmdlet_error(404, deployment_fault, "The Deployment Service cannot process the request because the organization " + name +
                                                  " does not exist.");
}

json get_crm_organization(context& c)
{
    if (const auto name = c.params.string("Name"))
        return json::array({organization_named(c, *name)});
    return c.deployment["organizations"];
}

json get_crm_certificate(context& c) { return c.deployment["certificates"]; }

// The settings the deployment knows, per configuration entity (wire-apis.md §4.2 steps 6–7).
bool known_setting(const std::string& entity, const std::string& setting)
{
    if (iequals(entity, "ServerSettings"))
        return iequals(setting, "S2SDefaultAuthorizationServerPrincipalId") ||
               iequals(setting, "S2SDefaultAuthorizationServerMetadataUrl");
    if (iequals(entity, "Organization"))
        return iequals(setting, "S2STenantId");
    return false;
}

std::string canonical_setting(const std::string& setting)
{
    for (const char* name : {"S2SDefaultAuthorizationServerPrincipalId", "S2SDefaultAuthorizationServerMetadataUrl", "S2STenantId"})
        if (iequals(setting, name))
            return name;
    return setting;
}

void require_setting(const std::string& entity, const std::string& setting)
{
    if (!iequals(entity, "ServerSettings") && !iequals(entity, "Organization"))
        exchange::throw_invalid_argument("ConfigurationEntityName", "The configuration entity '" + entity +
                                                                        "' is not ServerSettings or Organization.");
    if (!known_setting(entity, setting))
        throw cmdlet_error(400, deployment_fault, "The setting '" + setting + "' does not exist on the configuration entity '" +
                                                      entity + "'.");
}

// Where a setting lives: the server settings, or the organization named by -ID.
json& setting_holder(context& c, const std::string& entity)
{
    if (iequals(entity, "ServerSettings"))
        return c.deployment["serverSettings"];
    const auto id = c.params.string("ID");
    if (!id)
        exchange::throw_invalid_argument("ID", "The Organization configuration entity needs the organization's ID.");
    return organization_named(c, *id);
}

json get_crm_advanced_setting(context& c)
{
    const std::string entity = c.params.string("ConfigurationEntityName").value_or("");
    const std::string setting = c.params.string("Setting").value_or("");
    require_setting(entity, setting);
    json& holder = setting_holder(c, entity);
    const std::string name = canonical_setting(setting);
    return json::array({json{{"ConfigurationEntityName", iequals(entity, "Organization") ? "Organization" : "ServerSettings"},
                             {"Setting", name},
                             {"Value", holder.contains(name) ? holder[name] : json(nullptr)}}});
}

json set_crm_advanced_setting(context& c)
{
    const std::string entity = c.params.string("ConfigurationEntityName").value_or("");
    const std::string setting = c.params.string("Setting").value_or("");
    require_setting(entity, setting);
    const auto value = c.params.string("Value");
    if (!value || trim(*value).empty())
        exchange::throw_invalid_argument("Value", "The argument is null or empty.");
    const std::string name = canonical_setting(setting);
    if ((name == "S2STenantId" || name == "S2SDefaultAuthorizationServerPrincipalId") && !is_guid(*value))
        throw cmdlet_error(400, deployment_fault, "The value '" + *value + "' of the setting " + name + " is not a GUID.");
    setting_holder(c, entity)[name] = *value;
    return json::array();
}

// CertificateReconfiguration.ps1: the PFX into the machine's "My" store, its private key readable
// by the service account, and with -updateCrm the S2STokenIssuer certificate of the configuration
// database replaced by it.
json certificate_reconfiguration(context& c)
{
    const auto type = c.params.string("CertificateType").value_or("");
    if (!iequals(type, "S2STokenIssuer"))
        exchange::throw_invalid_argument("certificateType", "The only supported certificate type is S2STokenIssuer.");
    const auto find_type = c.params.string("StoreFindType").value_or("FindBySubjectDistinguishedName");
    const auto file = c.params.bytes("CertificateFile");
    const auto password = c.params.secret("Password");
    exchange::certificate_info info;
    try {
        info = exchange::read_pfx(file, password ? password->view() : std::string_view{});
    } catch (const exchange::pfx_error& error) {
        throw cmdlet_error(400, ec::cryptographic, error.what());
    }
    if (!info.has_private_key)
        throw cmdlet_error(400, ec::cryptographic, "The certificate file has no private key.");
    const std::string account = c.params.string("ServiceAccount").value_or("");
    json* stored = nullptr;
    for (auto& entry : c.deployment["certificateStore"])
        if (text(entry, "Thumbprint") == info.thumbprint)
            stored = &entry;
    if (!stored) {
        c.deployment["certificateStore"].push_back({{"Thumbprint", info.thumbprint},
                                                    {"Subject", info.subject},
                                                    {"NotAfter", info.not_after},
                                                    {"HasPrivateKey", true},
                                                    {"PrivateKeyReaders", json::array()}});
        stored = &c.deployment["certificateStore"].back();
    }
    if (!account.empty()) {
        bool granted = false;
        for (const auto& reader : (*stored)["PrivateKeyReaders"])
            granted = granted || (reader.is_string() && iequals(reader.get<std::string>(), account));
        if (!granted)
            (*stored)["PrivateKeyReaders"].push_back(account);
    }
    if (c.params.switch_on("UpdateCrm")) {
        json& certificates = c.deployment["certificates"];
        json kept = json::array();
        for (auto& existing : certificates)
            if (!iequals(text(existing, "CertificateType"), "S2STokenIssuer"))
                kept.push_back(std::move(existing));
        kept.push_back({{"Id", new_guid()},
                        {"CertificateType", "S2STokenIssuer"},
                        {"Name", "S2STokenIssuer"},
                        {"Data", info.der_base64},
                        {"StoreName", "My"},
                        {"StoreLocation", "LocalMachine"},
                        {"StoreFindType", find_type},
                        {"ExpirationDate", info.not_after},
                        {"Thumbprint", info.thumbprint}});
        certificates = std::move(kept);
    } else {
        c.warnings.push_back("The certificate was installed but -updateCrm was not given: the deployment does not use it yet.");
    }
    return json::array({json{{"Thumbprint", info.thumbprint}, {"Subject", info.subject}, {"NotAfter", info.not_after}}});
}

const std::vector<spec>& cmdlets()
{
    static const std::vector<spec> all = {
        {"Get-CrmOrganization", {{"Name", param_kind::string}}, get_crm_organization},
        {"Get-CrmCertificate", {}, get_crm_certificate},
        {"Get-CrmAdvancedSetting",
         {{"ConfigurationEntityName", param_kind::string, true}, {"Setting", param_kind::string, true}, {"ID", param_kind::string}},
         get_crm_advanced_setting},
        {"Set-CrmAdvancedSetting",
         {{"ConfigurationEntityName", param_kind::string, true},
          {"Setting", param_kind::string, true},
          {"Value", param_kind::string, true},
          {"ID", param_kind::string}},
         set_crm_advanced_setting},
        {"CertificateReconfiguration",
         {{"CertificateFile", param_kind::byte_array, true},
          {"Password", param_kind::secure_string, true},
          {"CertificateType", param_kind::string, true},
          {"ServiceAccount", param_kind::string},
          {"UpdateCrm", param_kind::switch_flag},
          {"StoreFindType", param_kind::string}},
         certificate_reconfiguration},
    };
    return all;
}


} // namespace

exchange::invoke_outcome invoke_command(json& deployment, std::string_view body)
{
    return exchange::dispatch(cmdlets(), deployment, body);
}

} // namespace emulator::crm_deployment
