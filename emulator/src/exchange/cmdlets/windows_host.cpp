// The Windows Server the on-premises personality stands for, as the cmdlets an administrator's
// shell has there: ServerManager (Get-WindowsFeature, Install-WindowsFeature; seed X3), CIM
// (Get-CimInstance Win32_ComputerSystem, Win32_OperatingSystem; X1), the registry keys Exchange
// setup writes (Get-ItemProperty; X1, X4), services (Get-Service, Start-Service: the Remote
// Desktop Gateway of X9) and Restart-Computer.
//
// State: org["windowsHost"] = {"computer":{Name, Domain, PartOfDomain, DomainRole},
// "operatingSystem":{Caption, Version}, "features":[{Name, DisplayName, InstallState,
// RestartNeeded}], "registry":{"<HKLM:\…path>":{values}}, "services":[{Name, DisplayName, Status,
// StartType}], "restarts":n}; what the seed leaves out is filled with a member server of the
// domain running Windows Server 2012 R2 without the document's features.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange/windows_host.h"

#include <algorithm>

namespace emulator::exchange {
namespace {

constexpr std::string_view cim_exception = "Microsoft.Management.Infrastructure.CimException";
constexpr std::string_view item_not_found = "System.Management.Automation.ItemNotFoundException";
constexpr std::string_view service_exception = "Microsoft.PowerShell.Commands.ServiceCommandException";
constexpr std::string_view feature_exception = "Microsoft.Windows.ServerManager.Commands.ServerManagerException";

json* find_feature(json& host, std::string_view name)
{
    for (auto& f : host["features"])
        if (iequals(f.value("Name", ""), name))
            return &f;
    return nullptr;
}

json shown_feature(const json& f)
{
    const std::string state = f.value("InstallState", "Available");
    return {{"Name", f["Name"]}, {"DisplayName", f.value("DisplayName", f["Name"].get<std::string>())},
            {"Installed", state == "Installed" || state == "InstallPending"}, {"InstallState", state}};
}

json get_windows_feature(cmdlet_context& context)
{
    json& host = windows_host(context.org);
    const auto names = context.params.list("Name");
    json out = json::array();
    // An unknown name gives nothing, not an error, as Windows answers it.
    for (const auto& f : host["features"])
        if (names.empty() || std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, f.value("Name", "")); }))
            out.push_back(shown_feature(f));
    return out;
}

void finish_restart(json& host)
{
    for (auto& f : host["features"])
        if (f.value("InstallState", "") == "InstallPending")
            f["InstallState"] = "Installed";
    host["restarts"] = host.value("restarts", 0) + 1;
}

json install_windows_feature(cmdlet_context& context)
{
    json& host = windows_host(context.org);
    const auto names = context.params.list("Name");
    if (names.empty())
        throw_invalid_argument("Name", "The argument is null or empty.");
    const bool has_source = context.params.string("Source").has_value();
    for (const auto& n : names) {
        json* f = find_feature(host, n);
        if (!f)
            throw cmdlet_error(400, feature_exception,
                               "ArgumentNotValid: The role, role service, or feature name is not valid: '" + n + "'. The name was not found.");
        if (f->value("InstallState", "") == "Removed" && !has_source)
            throw cmdlet_error(400, feature_exception,
                               "The request to add or remove features on the specified server failed. Installation of one or more roles, "
                               "role services, or features failed. The source files could not be found.");
    }
    json results = json::array();
    bool restart_needed = false;
    for (const auto& n : names) {
        json& f = *find_feature(host, n);
        const std::string state = f.value("InstallState", "Available");
        if (state == "Installed" || state == "InstallPending")
            continue;
        const bool needs = f.value("RestartNeeded", false);
        f["InstallState"] = needs ? "InstallPending" : "Installed";
        restart_needed |= needs;
        results.push_back({{"Name", f["Name"]}, {"DisplayName", f.value("DisplayName", n)}, {"RestartNeeded", needs ? "Yes" : "No"},
                           {"Success", true}});
    }
    // -Restart restarts only when a feature needs it, as Windows does.
    if (restart_needed && context.params.switch_on("Restart"))
        finish_restart(host);
    const char* exit_code = results.empty() ? "NoChangeNeeded" : restart_needed ? "SuccessRestartRequired" : "Success";
    return json::array({{{"Success", true}, {"RestartNeeded", restart_needed ? "Yes" : "No"}, {"FeatureResult", results},
                         {"ExitCode", exit_code}}});
}

json restart_computer(cmdlet_context& context)
{
    finish_restart(windows_host(context.org));
    return json::array();
}

json get_cim_instance(cmdlet_context& context)
{
    json& host = windows_host(context.org);
    const std::string cls = *context.params.string("ClassName");
    if (iequals(cls, "Win32_ComputerSystem"))
        return json::array({host["computer"]});
    if (iequals(cls, "Win32_OperatingSystem"))
        return json::array({host["operatingSystem"]});
    throw cmdlet_error(400, cim_exception, "Invalid class");
}

json get_item_property(cmdlet_context& context)
{
    json& host = windows_host(context.org);
    const std::string path = *context.params.string("Path");
    for (const auto& [key, values] : host["registry"].items())
        if (iequals(key, path)) {
            json out = values;
            out["PSPath"] = "Microsoft.PowerShell.Core\\Registry::" + key;
            return json::array({out});
        }
    throw cmdlet_error(404, item_not_found, "Cannot find path '" + path + "' because it does not exist.");
}

json& require_service(cmdlet_context& context, const std::string& name)
{
    for (auto& s : windows_host(context.org)["services"])
        if (iequals(s.value("Name", ""), name) || iequals(s.value("DisplayName", ""), name))
            return s;
    throw cmdlet_error(404, service_exception, "Cannot find any service with service name '" + name + "'.");
}

json get_service(cmdlet_context& context) { return json::array({require_service(context, *context.params.string("Name"))}); }

json start_service(cmdlet_context& context)
{
    json& s = require_service(context, *context.params.string("Name"));
    if (s.value("StartType", "") == "Disabled")
        throw cmdlet_error(400, service_exception,
                           "Service '" + s.value("DisplayName", "") + " (" + s.value("Name", "") +
                               ")' cannot be started due to the following error: Cannot start service " + s.value("Name", "") +
                               " on computer '.'.");
    s["Status"] = "Running";
    return json::array();
}

} // namespace

json& windows_host(json& org)
{
    json& host = org["windowsHost"];
    if (!host.is_object())
        host = json::object();
    if (!host.contains("computer"))
        host["computer"] = {{"Name", "EX01"}, {"Domain", "corp.contoso.local"}, {"PartOfDomain", true}, {"DomainRole", 3}};
    if (!host.contains("operatingSystem"))
        host["operatingSystem"] = {{"Caption", "Microsoft Windows Server 2012 R2 Standard"}, {"Version", "6.3.9600"}};
    if (!host.contains("features")) {
        json features = json::array();
        for (const char* name :
             {"NET-Framework", "RSAT-ADDS", "Web-Server", "Web-Basic-Auth", "Web-Windows-Auth", "Web-Metabase", "Web-Net-Ext",
              "Web-Lgcy-Mgmt-Console", "WAS-Process-Model", "RSAT-Web-Server", "Web-ISAPI-Ext", "Web-Digest-Auth",
              "Web-Dyn-Compression", "NET-HTTP-Activation", "Web-Asp-Net", "Web-Client-Auth", "Web-Dir-Browsing",
              "Web-Http-Errors", "Web-Http-Logging", "Web-Http-Redirect", "Web-Http-Tracing", "Web-ISAPI-Filter",
              "Web-Request-Monitor", "Web-Static-Content", "Web-WMI", "RPC-Over-HTTP-Proxy", "Telnet-Client"})
            features.push_back({{"Name", name}, {"DisplayName", name}, {"InstallState", "Available"},
                                {"RestartNeeded", std::string_view(name) == "NET-Framework" || std::string_view(name) == "RPC-Over-HTTP-Proxy"}});
        host["features"] = features;
    }
    if (!host.contains("registry"))
        host["registry"] = json::object();
    if (!host.contains("services"))
        host["services"] = json::array(
            {{{"Name", "TSGateway"}, {"DisplayName", "Remote Desktop Gateway"}, {"Status", "Running"}, {"StartType", "Automatic"}}});
    if (!host.contains("restarts"))
        host["restarts"] = 0;
    return host;
}

std::vector<cmdlet_spec> windows_host_cmdlets()
{
    return {
        {"Get-WindowsFeature", {{"Name", param_kind::string_list}, {"ComputerName", param_kind::string}}, get_windows_feature},
        {"Install-WindowsFeature",
         {{"Name", param_kind::string_list, true}, {"Source", param_kind::string}, {"Restart", param_kind::switch_flag},
          {"IncludeManagementTools", param_kind::switch_flag}, {"ComputerName", param_kind::string}},
         install_windows_feature},
        {"Restart-Computer", {{"Force", param_kind::switch_flag}, {"ComputerName", param_kind::string}}, restart_computer},
        {"Get-CimInstance", {{"ClassName", param_kind::string, true}, {"ComputerName", param_kind::string}}, get_cim_instance},
        {"Get-ItemProperty", {{"Path", param_kind::string, true}, {"Name", param_kind::string_list}}, get_item_property},
        {"Get-Service", {{"Name", param_kind::string, true}, {"ComputerName", param_kind::string}}, get_service},
        {"Start-Service", {{"Name", param_kind::string, true}}, start_service},
    };
}

} // namespace emulator::exchange
