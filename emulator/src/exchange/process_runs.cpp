#include "exchange/process_runs.h"

#include "exchange/pfx.h"
#include "exchange/windows_host.h"
#include "util/base64.h"
#include "util/text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace emulator::exchange {
namespace {

struct process_result {
    int exit_code = 0;
    std::string output;
};

json* organization(json& organizations, std::string_view name)
{
    if (organizations.is_object())
        for (auto& [key, org] : organizations.items())
            if (iequals(key, name) && org.is_object())
                return &org;
    return nullptr;
}

std::string program_kind(std::string program)
{
    // The program's file name, from a Windows or a POSIX path.
    if (const auto slash = program.find_last_of("/\\"); slash != std::string::npos)
        program = program.substr(slash + 1);
    program = to_lower(program);
    if (const auto dot = program.rfind('.'); dot != std::string::npos)
        program = program.substr(0, dot);
    return program;
}

// "/Name:value" or "/Name" (setup's syntax: the name case-insensitive, the value as given).
std::optional<std::string> switch_value(const std::vector<std::string>& args, std::initializer_list<std::string_view> names)
{
    for (const auto& a : args) {
        if (a.empty() || (a[0] != '/' && a[0] != '-'))
            continue;
        const auto colon = a.find(':');
        const std::string name = a.substr(1, colon == std::string::npos ? std::string::npos : colon - 1);
        for (auto n : names)
            if (iequals(name, n))
                return colon == std::string::npos ? std::string() : a.substr(colon + 1);
    }
    return std::nullopt;
}

constexpr std::string_view required_features[] = {
    "NET-Framework", "RSAT-ADDS", "Web-Server", "Web-Basic-Auth", "Web-Windows-Auth", "Web-Metabase", "Web-Net-Ext",
    "Web-Lgcy-Mgmt-Console", "WAS-Process-Model", "RSAT-Web-Server", "Web-ISAPI-Ext", "Web-Digest-Auth",
    "Web-Dyn-Compression", "NET-HTTP-Activation", "Web-Asp-Net", "Web-Client-Auth", "Web-Dir-Browsing",
    "Web-Http-Errors", "Web-Http-Logging", "Web-Http-Redirect", "Web-Http-Tracing", "Web-ISAPI-Filter",
    "Web-Request-Monitor", "Web-Static-Content", "Web-WMI", "RPC-Over-HTTP-Proxy"};

process_result exchange_setup(json& org, const std::vector<std::string>& args)
{
    json& host = windows_host(org);
    const std::string version = host.value("exchangeMediaVersion", std::string("15.0.1497.2"));
    const bool v15 = version.rfind("15.", 0) == 0;
    const auto mode = switch_value(args, {"mode", "m"});
    if (!mode || !iequals(*mode, "install"))
        return {1, "The mode '" + mode.value_or("") + "' isn't valid: this emulator runs /mode:Install only.\r\n"};
    if (v15 && !switch_value(args, {"IAcceptExchangeServerLicenseTerms"}))
        return {1, "The Exchange Server license terms haven't been accepted. To accept them, run setup with "
                   "/IAcceptExchangeServerLicenseTerms.\r\n"};
    const auto roles = switch_value(args, {"roles", "role", "r"});
    if (!roles || roles->empty())
        return {1, "You must specify the /Roles parameter.\r\n"};
    std::string missing;
    for (auto name : required_features) {
        const auto& features = host["features"];
        const auto f = std::find_if(features.begin(), features.end(), [&](const json& x) { return iequals(x.value("Name", ""), name); });
        if (f == features.end() || f->value("InstallState", "") != "Installed")
            missing += std::string(missing.empty() ? "" : ", ") + std::string(name);
    }
    if (!missing.empty())
        return {1, "Performing Microsoft Exchange Server Prerequisite Check\r\n    Prerequisite Analysis FAILED\r\n"
                   "The following Windows features must be installed (and the computer restarted): " + missing + "\r\n"};
    const std::string root = std::string("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\") + (v15 ? "v15" : "v14");
    json& registry = host["registry"];
    const bool fresh = !registry.contains(root + "\\Setup");
    if (fresh && !switch_value(args, {"OrganizationName", "on"}) && !org.contains("organizationName"))
        return {1, "The Exchange organization doesn't exist yet: specify /OrganizationName.\r\n"};
    int major = 15, minor = 0, build = 1497, revision = 2;
    std::sscanf(version.c_str(), "%d.%d.%d.%d", &major, &minor, &build, &revision);
    registry[root + "\\Setup"] = {{"MsiInstallPath", std::string("C:\\Program Files\\Microsoft\\Exchange Server\\") + (v15 ? "V15\\" : "V14\\")},
                                  {"MsiProductMajor", major}, {"MsiProductMinor", minor}, {"MsiBuildMajor", build}, {"MsiBuildMinor", revision}};
    std::string installed;
    for (const auto& role : split(*roles, ',')) {
        const std::string r = to_lower(std::string(trim(role)));
        const char* key = r == "mb" || r == "mailbox" ? "MailboxRole"
                          : r == "ca" || r == "clientaccess" ? "ClientAccessRole"
                          : r == "ht" || r == "hubtransport" ? "HubTransportRole"
                          : r == "mt" || r == "managementtools" ? "AdminTools"
                                                                : nullptr;
        if (!key || (v15 && r == "ht"))
            return {1, "The role '" + std::string(trim(role)) + "' isn't valid for this version of Exchange.\r\n"};
        registry[root + "\\" + key] = {{"ConfiguredVersion", version}};
        installed += std::string(installed.empty() ? "" : ", ") + key;
    }
    // Every server role installs the management tools too.
    registry[root + "\\AdminTools"] = {{"ConfiguredVersion", version}};
    // Last: a new member of org (an ordered map, a vector) moves `host` and `registry`.
    if (const auto name = switch_value(args, {"OrganizationName", "on"}); name && fresh)
        org["organizationName"] = *name;
    return {0, "Welcome to Microsoft Exchange Server Unattended Setup\r\nPerforming Microsoft Exchange Server Prerequisite Check\r\n"
               "Configuring Microsoft Exchange Server\r\n    " + installed + " ...... COMPLETED\r\n"
               "The Exchange Server setup operation completed successfully.\r\n"};
}

// ARRConfig's own arguments: "config", then -name value pairs.
std::optional<std::string> dash_value(const std::vector<std::string>& args, std::string_view name)
{
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (iequals(args[i], std::string("-") + std::string(name)))
            return args[i + 1];
    return std::nullopt;
}

bool covers(const std::vector<std::string>& names, const std::string& host)
{
    for (const auto& n : names) {
        if (iequals(n, host))
            return true;
        if (n.rfind("*.", 0) == 0) {
            const auto dot = host.find('.');
            if (dot != std::string::npos && iequals(host.substr(dot + 1), n.substr(2)) && n.substr(2).find('.') != std::string::npos)
                return true;
        }
    }
    return false;
}

process_result arr_config(json& org, const std::vector<std::string>& args, const std::string& input)
{
    if (args.empty() || !iequals(args[0], "config"))
        return {1, "Usage: ARRConfig config -cert <certificate file> -hostnames <host names> [-targetserver <server>]\r\n"};
    const auto cert = dash_value(args, "cert");
    const auto names = dash_value(args, "hostnames");
    if (!cert || !names)
        return {1, "Usage: ARRConfig config -cert <certificate file> -hostnames <host names> [-targetserver <server>]\r\n"};
    std::ifstream file(*cert, std::ios::binary);
    if (!file)
        return {2, "The certificate file " + *cert + " cannot be found.\r\n"};
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    // What ARRConfig asks for: the password, one line.
    std::string password = input.substr(0, input.find_first_of("\r\n"));
    certificate_info info;
    try {
        info = read_pfx(bytes, password);
    } catch (const pfx_error& e) {
        std::fill(password.begin(), password.end(), '\0');
        return {3, e.which() == pfx_error::kind::wrong_password ? "The password of the certificate is not correct.\r\n"
                                                                 : "The certificate file cannot be read.\r\n"};
    }
    std::fill(password.begin(), password.end(), '\0');
    if (!info.has_private_key)
        return {4, "The certificate file must contain the private key.\r\n"};
    std::vector<std::string> hosts;
    for (const auto& h : split(*names, ','))
        if (!trim(h).empty())
            hosts.push_back(to_lower(std::string(trim(h))));
    for (const auto& h : hosts)
        if (!covers(info.domains, h))
            return {5, "The host name " + h + " is not contained in the certificate.\r\n"};
    json& host = windows_host(org);
    host["reverseProxy"] = {{"certificateThumbprint", info.thumbprint}, {"hostNames", hosts},
                            {"targetServer", dash_value(args, "targetserver") ? json(*dash_value(args, "targetserver")) : json(nullptr)}};
    // As the document warns: installing and configuring ARR can leave the Remote Desktop Gateway
    // service stopped.
    if (host.value("arrStopsGateway", false))
        for (auto& s : host["services"])
            if (iequals(s.value("Name", ""), "TSGateway"))
                s["Status"] = "Stopped";
    return {0, "Configuring Application Request Routing for " + *names + " ... done.\r\n"};
}

} // namespace

invoke_outcome run_process(json& organizations, std::string_view org_name, std::string_view body)
{
    invoke_outcome out;
    const json request = json::parse(body, nullptr, false);
    if (request.is_discarded() || !request.is_object() || !request.contains("program")) {
        out.status = 400;
        out.body = {{"error", {{"code", "BadRequest"}, {"message", "The body is not a process run."}}}};
        return out;
    }
    const std::string program = request.value("program", std::string());
    std::vector<std::string> args;
    for (const auto& a : request.value("arguments", json::array()))
        if (a.is_string())
            args.push_back(a.get<std::string>());
    std::string input;
    if (const auto decoded = base64_decode(request.value("standardInput", std::string())))
        input.assign(decoded->begin(), decoded->end());
    out.cmdlet = program;
    out.write = true;
    out.logged_parameters = {{"arguments", args}, {"standardInputLength", input.size()}};
    json* org = organization(organizations, org_name);
    process_result result;
    if (!org)
        result = {1, "The organization '" + std::string(org_name) + "' is not in the emulator's state.\r\n"};
    else if (program_kind(program) == "setup")
        result = exchange_setup(*org, args);
    else if (program_kind(program) == "arrconfig")
        result = arr_config(*org, args, input);
    else
        result = {9009, "'" + program + "' is not recognized as an internal or external command.\r\n"};
    std::fill(input.begin(), input.end(), '\0');
    out.body = {{"exitCode", result.exit_code}, {"output", result.output}};
    return out;
}

int owa_status(const json& organizations, std::string_view org_name)
{
    if (organizations.is_object())
        for (const auto& [key, org] : organizations.items())
            if (iequals(key, org_name) && org.contains("windowsHost") && org["windowsHost"].contains("reverseProxy"))
                return 200;
    return 503;
}

} // namespace emulator::exchange
