#include "blueprint/exchange_prerequisite.h"

#include <set>

#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/message_text.h"

namespace mailint::exchange_prerequisite {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::number_of;
using exchange_online::text_of;


bool truthy(const json &o, const char *member) {
    const auto it = o.find(member);
    if (it == o.end()) return false;
    if (it->is_boolean()) return it->get<bool>();
    return it->is_string() && lower(it->get<std::string>()) == "true";
}

class checks {
public:
    explicit checks(plan &p) : p_(p) {}
    void pass(const std::string &check, const std::string &what) { append_step(p_, {"noop", "Prerequisite", check, what, "", std::nullopt}); }
    void fail(const std::string &check, const std::string &id, const std::string &what) {
        append_step(p_, {"manual", "Prerequisite", check, what, "", std::nullopt});
        p_.findings.warning(id, check, what);
    }
    // Passed, with a caution the administrator should read.
    void caution(const std::string &check, const std::string &id, const std::string &what) {
        append_step(p_, {"noop", "Prerequisite", check, what, "", std::nullopt});
        p_.findings.warning(id, check, what);
    }

private:
    plan &p_;
};

// "6.3.9600" -> 603.
int os_version(const std::string &version) {
    int major = 0, minor = 0;
    if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) return -1;
    return major * 100 + minor;
}

}  // namespace

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"UserName", "EssentialsServer", "Version"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("exchange.prereq.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    if (auto it = parameters.find("UserName"); it != parameters.end() && it->is_string()) out.user_name = it->get<std::string>();
    // DOMAIN\user and user@domain name the same account: Get-ADGroupMember lists sAMAccountNames.
    if (const auto slash = out.user_name.find('\\'); slash != std::string::npos) out.user_name = out.user_name.substr(slash + 1);
    if (const auto at = out.user_name.find('@'); at != std::string::npos) out.user_name = out.user_name.substr(0, at);
    if (out.user_name.empty())
        d.error("exchange.prereq.user_missing", "UserName", "Give -UserName, the administrator who runs Exchange setup.");
    if (auto it = parameters.find("EssentialsServer"); it != parameters.end() && it->is_string()) out.essentials_server = it->get<std::string>();
    if (auto it = parameters.find("Version"); it != parameters.end() && !it->is_null()) {
        const auto v = it->is_string() ? lower(it->get<std::string>()) : it->dump();
        if (v == "2013") out.version = 2013;
        else if (v == "2010" || v == "2010sp1") out.version = 2010;
        else
            d.error("exchange.prereq.version_invalid", "Version",
                    validate::quote_input(v) + " is not a version the Essentials integration supports: give 2013 or 2010 (with SP1).");
    }
    return d;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    checks c(p);
    if (progress) progress("Planning", "Reading this computer", 0);

    const auto systems = read_objects(host, {"Get-CimInstance", {{"ClassName", "Win32_ComputerSystem"}}}, p);
    const json computer = systems.empty() ? json::object() : systems.front();
    const auto name = text_of(computer, "Name");
    if (truthy(computer, "PartOfDomain"))
        c.pass("Domain", name + " is joined to the domain " + text_of(computer, "Domain"));
    else
        c.fail("Domain", "exchange.prereq.not_domain_joined",
               name + " is not joined to a domain: join it to the Windows Server Essentials domain first (Connect, "
               "\"join a second server to the network\"), then run this again");
    const auto role = number_of(computer, "DomainRole");  // 4, 5: backup and primary domain controller
    if (!r.essentials_server.empty() && lower(r.essentials_server) == lower(name))
        c.fail("Server", "exchange.prereq.on_essentials_server",
               name + " is the Windows Server Essentials server: Microsoft does not support Exchange on it; install Exchange on a second server");
    else if (role >= 4)
        c.fail("Server", "exchange.prereq.on_essentials_server",
               name + " is a domain controller, as the Essentials server is: install Exchange on a second server that is a member of the domain");
    else
        c.pass("Server", name + " is a member server, not the Essentials server");

    if (progress) progress("Planning", "Reading the operating system", 25);
    const auto systems_os = read_objects(host, {"Get-CimInstance", {{"ClassName", "Win32_OperatingSystem"}}}, p);
    const json os = systems_os.empty() ? json::object() : systems_os.front();
    const auto caption = text_of(os, "Caption");
    const int v = os_version(text_of(os, "Version"));
    // Exchange 2010 SP1: Windows Server 2008 and 2008 R2 (not 2012, as the document warns);
    // Exchange 2013: 2008 R2, 2012 and 2012 R2.
    const bool supported = r.version == 2010 ? (v >= 600 && v <= 601) : (v >= 601 && v <= 603);
    if (lower(caption).find("essentials") != std::string::npos)
        c.fail("OperatingSystem", "exchange.prereq.on_essentials_server",
               caption + " is an Essentials edition: install Exchange on a second server running Windows Server");
    else if (!supported)
        c.fail("OperatingSystem", "exchange.prereq.os_unsupported",
               caption + " (" + text_of(os, "Version") + ") is not supported by Exchange " +
                   (r.version == 2010 ? std::string("2010 SP1 (Windows Server 2008 or 2008 R2)") : std::string("2013 (Windows Server 2008 R2 to 2012 R2)")));
    else
        c.pass("OperatingSystem", caption + " supports Exchange " + (r.version == 2010 ? "2010 SP1" : "2013"));

    if (progress) progress("Planning", "Reading the Exchange installation", 50);
    std::string root;
    json setup;
    for (const char *key : {"v15", "v14"}) {
        const std::string path = std::string("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\") + key;
        auto found = read_objects(host, {"Get-ItemProperty", {{"Path", path + "\\Setup"}}}, p, missing_is::empty);
        if (!found.empty()) {
            root = path;
            setup = found.front();
            break;
        }
    }
    if (root.empty()) {
        c.pass("Exchange", "Exchange is not installed yet (Install-ExchangeServer installs it with the management tools)");
    } else {
        const auto major = number_of(setup, "MsiProductMajor"), minor = number_of(setup, "MsiProductMinor");
        const auto build = number_of(setup, "MsiBuildMajor");
        const std::string shown = std::to_string(major) + "." + std::to_string(minor) + " (build " + std::to_string(build) + ")";
        if (major == 15 && minor == 0)
            c.pass("Exchange", "Exchange 2013 " + shown + " is installed");
        else if (major == 14 && minor >= 1)
            c.pass("Exchange", "Exchange 2010 " + shown + " is installed");
        else if (major > 15 || (major == 15 && minor > 0))
            c.caution("Exchange", "exchange.prereq.version_unlisted",
                      "Exchange " + shown + " is installed: the document lists Exchange 2013 and 2010 SP1; later versions work with "
                      "Windows Server Essentials 2016 only");
        else
            c.fail("Exchange", "exchange.prereq.version_unsupported",
                   "Exchange " + shown + " is installed: the Essentials integration needs Exchange 2010 with Service Pack 1 or Exchange 2013");
        const auto tools = read_objects(host, {"Get-ItemProperty", {{"Path", root + "\\AdminTools"}}}, p, missing_is::empty);
        if (tools.empty())
            c.fail("ManagementTools", "exchange.prereq.tools_missing",
                   "The Exchange management tools are not installed: the Essentials integration needs them; run Exchange setup "
                   "again with /roles:mt (Install-ExchangeServer -Role ManagementTools)");
        else
            c.pass("ManagementTools", "The Exchange management tools are installed");
    }

    if (progress) progress("Planning", "Reading Enterprise Admins", 75);
    const auto members = read_objects(host, {"Get-ADGroupMember", {{"Identity", kEnterpriseAdmins}, {"Recursive", true}}}, p);
    bool member = false;
    for (const auto &m : members)
        if (lower(text_of(m, "SamAccountName")) == lower(r.user_name) || lower(text_of(m, "Name")) == lower(r.user_name)) member = true;
    if (member) {
        c.pass("EnterpriseAdmins", r.user_name + " is in Enterprise Admins");
    } else {
        p.findings.warning("exchange.prereq.not_enterprise_admin", "EnterpriseAdmins",
                           r.user_name + " is not in Enterprise Admins, which Exchange setup needs to prepare Active Directory: "
                           "Grant-ExchangeSetupPermission adds them");
        auto &s = append_step(p, {"update", "ADGroup", kEnterpriseAdmins, "Add " + r.user_name + " to Enterprise Admins",
                                  "Add member " + r.user_name,
                                  host_command{"Add-ADGroupMember", {{"Identity", kEnterpriseAdmins}, {"Members", json::array({r.user_name})}}}});
        s.risk = "high";
        s.changes.push_back({"Members", nullptr, r.user_name});
        s.notes.push_back("remove the membership once Exchange is installed: Enterprise Admins can change the whole forest");
    }
    return p;
}

}  // namespace mailint::exchange_prerequisite
