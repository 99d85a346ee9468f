#include "blueprint/exchange_setup.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "transport/windows_command_line.h"
#include "validate/message_text.h"

namespace mailint::exchange_setup {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;

struct role_info {
    const char *short_name;
    const char *long_name;
    const char *registry_key;  // under …\ExchangeServer\v1x
    bool in_2010, in_2013;
};

constexpr role_info kRoles[] = {
    {"mb", "Mailbox", "MailboxRole", true, true},
    {"ca", "ClientAccess", "ClientAccessRole", true, true},
    {"ht", "HubTransport", "HubTransportRole", true, false},
    {"mt", "ManagementTools", "AdminTools", true, true},
    {"um", "UnifiedMessaging", "UnifiedMessagingRole", true, false},
};

const role_info *find_role(const std::string &name) {
    const auto l = lower(name);
    for (const auto &r : kRoles)
        if (l == r.short_name || l == lower(r.long_name)) return &r;
    return nullptr;
}


std::string registry_root(int version) {
    return std::string("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\") + (version == 2010 ? "v14" : "v15");
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"SetupPath", "OrganizationName", "Role", "Version", "AcceptLicenseTerms",
                                                "TargetDirectory", "DomainController"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("exchange.setup.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    if (auto v = text_of(parameters, "Version"); !v.empty()) {
        if (v == "2013") out.version = 2013;
        else if (v == "2010") out.version = 2010;
        else d.error("exchange.setup.version_invalid", "Version", validate::quote_input(v) + " is not 2013 or 2010.");
    }
    out.setup_path = text_of(parameters, "SetupPath");
    std::error_code ec;
    if (out.setup_path.empty()) {
        d.error("exchange.setup.path_missing", "SetupPath", "Give -SetupPath, the setup program on the Exchange media (for example E:\\Setup.EXE).");
    } else if (!std::filesystem::path(out.setup_path).is_absolute() || !std::filesystem::is_regular_file(out.setup_path, ec)) {
        d.error("exchange.setup.path_missing", "SetupPath",
                "There is no file " + validate::quote_input(out.setup_path) +
                    ": give the full path of setup.com (Exchange 2010) or Setup.EXE (2013) on the mounted media.");
    } else {
        const auto file = lower(std::filesystem::path(out.setup_path).filename().string());
        if (file != "setup.com" && file != "setup.exe")
            d.error("exchange.setup.path_not_setup", "SetupPath",
                    validate::quote_input(out.setup_path) + " is not Exchange setup: the file is setup.com or Setup.EXE at the media's root.");
    }
    if (auto it = parameters.find("OrganizationName"); it != parameters.end() && it->is_string()) out.organization = it->get<std::string>();
    // Exchange's rule for the organization name: 1-64 characters, letters, digits, spaces and
    // hyphens, no space at either end.
    const bool org_ok = !out.organization.empty() && out.organization.size() <= 64 && out.organization.front() != ' ' &&
                        out.organization.back() != ' ' &&
                        std::all_of(out.organization.begin(), out.organization.end(),
                                    [](unsigned char c) { return std::isalnum(c) || c == ' ' || c == '-'; });
    if (!org_ok)
        d.error("exchange.setup.organization_invalid", "OrganizationName",
                validate::quote_input(out.organization) +
                    " is not an Exchange organization name: 1 to 64 letters, digits, spaces or hyphens, no space at either end.");
    if (auto it = parameters.find("Role"); it != parameters.end() && it->is_array()) {
        for (const auto &v : *it) {
            if (!v.is_string()) continue;
            const auto name = v.get<std::string>();
            const auto *role = find_role(name);
            if (lower(name) == "et" || lower(name) == "edgetransport") {
                d.error("exchange.setup.role_edge", "Role",
                        "The Edge Transport role is for a perimeter server outside the domain; the Essentials integration needs Mailbox.");
            } else if (!role || (out.version == 2013 ? !role->in_2013 : !role->in_2010)) {
                d.error("exchange.setup.role_invalid", "Role",
                        validate::quote_input(name) + " is not an Exchange " + std::to_string(out.version) + " role: use " +
                            (out.version == 2013 ? "mb, ca, mt (Mailbox, ClientAccess, ManagementTools)" : "mb, ht, ca, mt, um") + ".");
            } else if (std::find(out.roles.begin(), out.roles.end(), role->short_name) == out.roles.end()) {
                out.roles.push_back(role->short_name);
            }
        }
    }
    if (out.roles.empty()) out.roles = out.version == 2013 ? std::vector<std::string>{"mb", "ca"} : std::vector<std::string>{"mb", "ht", "ca"};
    if (auto it = parameters.find("AcceptLicenseTerms"); it != parameters.end() && it->is_boolean()) out.accept_license = it->get<bool>();
    if (out.version == 2013 && !out.accept_license)
        d.error("exchange.setup.license_not_accepted", "AcceptLicenseTerms",
                "Exchange 2013 setup runs only with the license terms accepted: read them, then give -IAcceptExchangeServerLicenseTerms.");
    out.target_directory = text_of(parameters, "TargetDirectory");
    out.domain_controller = text_of(parameters, "DomainController");
    return d;
}

std::vector<std::string> setup_arguments(const request &r, const std::vector<std::string> &roles, bool new_install) {
    std::string list;
    for (const auto &role : roles) list += (list.empty() ? "" : ",") + role;
    std::vector<std::string> args = {"/mode:Install", "/roles:" + list};
    if (new_install) args.push_back("/OrganizationName:" + r.organization);
    if (!r.target_directory.empty()) args.push_back("/TargetDir:" + r.target_directory);
    if (!r.domain_controller.empty()) args.push_back("/DomainController:" + r.domain_controller);
    if (r.accept_license) args.push_back("/IAcceptExchangeServerLicenseTerms");
    return args;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    if (progress) progress("Planning", "Reading the Exchange installation", 0);
    const auto root = registry_root(r.version);
    const auto setup = read_objects(host, {"Get-ItemProperty", {{"Path", root + "\\Setup"}}}, p, missing_is::empty);
    const bool installed = !setup.empty();
    std::vector<std::string> missing;
    for (const auto &name : r.roles) {
        const auto *role = find_role(name);
        if (installed && !read_objects(host, {"Get-ItemProperty", {{"Path", root + "\\" + role->registry_key}}}, p, missing_is::empty).empty()) {
            append_step(p, {"noop", "ExchangeRole", role->long_name, "The " + std::string(role->long_name) + " role is installed", "", std::nullopt});
            continue;
        }
        missing.push_back(role->short_name);
    }
    if (missing.empty()) return p;
    const auto args = setup_arguments(r, missing, !installed);
    const auto line = windows_command_line(r.setup_path, args);
    std::string names;
    for (const auto &m : missing) names += (names.empty() ? "" : ", ") + std::string(find_role(m)->long_name);
    auto &s = append_step(p, {"create", "ExchangeServer", installed ? text_of(setup.front(), "MsiInstallPath") : std::string("this computer"),
                              (installed ? "Add the " + names + " role(s): " : "Install Exchange " + std::to_string(r.version) + ": ") + line,
                              "Run " + line, host_command{r.setup_path, {{"ArgumentList", args}}}, "process"});
    s.risk = "high";
    s.notes.push_back("setup takes a long time and restarts services; run it from an elevated session on the Exchange server");
    if (!installed) s.notes.push_back("the management tools are installed with the Mailbox role, as the Essentials integration needs");
    return p;
}

}  // namespace mailint::exchange_setup
