#include "blueprint/exchange_features.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/random_id.h"
#include "exchange_online/exo_values.h"
#include "plan/step_builder.h"
#include "transport/host_read.h"
#include "validate/message_text.h"

namespace mailint::exchange_features {

namespace {

using nlohmann::json;
using exchange_online::lower;
using exchange_online::text_of;

std::string install_state(const json &feature) {
    auto state = text_of(feature, "InstallState");
    if (!state.empty()) return state;
    // Windows Server 2008 R2's Get-WindowsFeature has only Installed.
    const auto it = feature.find("Installed");
    return it != feature.end() && it->is_boolean() && it->get<bool>() ? "Installed" : "Available";
}

}  // namespace

const std::vector<std::string> &document_features() {
    static const std::vector<std::string> list = {
        "NET-Framework", "RSAT-ADDS", "Web-Server", "Web-Basic-Auth", "Web-Windows-Auth", "Web-Metabase", "Web-Net-Ext",
        "Web-Lgcy-Mgmt-Console", "WAS-Process-Model", "RSAT-Web-Server", "Web-ISAPI-Ext", "Web-Digest-Auth",
        "Web-Dyn-Compression", "NET-HTTP-Activation", "Web-Asp-Net", "Web-Client-Auth", "Web-Dir-Browsing",
        "Web-Http-Errors", "Web-Http-Logging", "Web-Http-Redirect", "Web-Http-Tracing", "Web-ISAPI-Filter",
        "Web-Request-Monitor", "Web-Static-Content", "Web-WMI", "RPC-Over-HTTP-Proxy"};
    return list;
}

diagnostics parse_request(const json &parameters, request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"Feature", "Source", "Restart", "ComputerName"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("exchange.features.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    std::set<std::string> seen;
    if (auto it = parameters.find("Feature"); it != parameters.end() && it->is_array()) {
        for (const auto &v : *it) {
            if (!v.is_string()) continue;
            const auto name = v.get<std::string>();
            const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '-' || c == '_' || c == '.';
            });
            if (!ok)
                d.error("exchange.features.name_invalid", "Feature",
                        validate::quote_input(name) + " is not a feature name: names are like Web-Server (see Get-WindowsFeature).");
            else if (seen.insert(lower(name)).second)
                out.features.push_back(name);
        }
    }
    if (out.features.empty()) out.features = document_features();
    if (auto it = parameters.find("Source"); it != parameters.end() && it->is_string()) out.source = it->get<std::string>();
    if (auto it = parameters.find("ComputerName"); it != parameters.end() && it->is_string()) out.computer_name = it->get<std::string>();
    if (auto it = parameters.find("Restart"); it != parameters.end() && it->is_boolean()) out.restart = it->get<bool>();
    return d;
}

plan build_plan(const request &r, host_session &host, const progress_fn &progress) {
    plan p;
    p.scenario = kScenario;
    p.plan_id = random_id();
    const std::string computer = r.computer_name.empty() ? "this computer" : r.computer_name;
    if (progress) progress("Planning", "Reading the Windows features of " + computer, 0);
    json get = {{"Name", r.features}};
    if (!r.computer_name.empty()) get["ComputerName"] = r.computer_name;
    const auto live = read_objects(host, {"Get-WindowsFeature", get}, p);
    std::map<std::string, const json *> by_name;
    for (const auto &f : live) by_name[lower(text_of(f, "Name"))] = &f;

    std::vector<std::string> unknown, missing, removed, pending;
    for (const auto &name : r.features) {
        const auto found = by_name.find(lower(name));
        if (found == by_name.end()) {
            unknown.push_back(name);
            continue;
        }
        const auto state = lower(install_state(*found->second));
        const auto display = text_of(*found->second, "DisplayName");
        const std::string label = name + (display.empty() ? "" : " (" + display + ")");
        if (state == "installed") {
            append_step(p, {"noop", "WindowsFeature", name, label + " is installed", "", std::nullopt});
        } else if (state == "installpending") {
            append_step(p, {"noop", "WindowsFeature", name, label + " is installed; Windows finishes it at the next restart", "", std::nullopt});
            pending.push_back(name);
        } else if (state == "removed" && r.source.empty()) {
            removed.push_back(name);
        } else {
            missing.push_back(name);
        }
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto &u : unknown) list += (list.empty() ? "" : ", ") + u;
        throw error(errc::failed_precondition, "exchange.features.unknown",
                    "Windows on " + computer + " has no feature " + list +
                        ": check the names with Get-WindowsFeature (this list is for Windows Server 2012 and later).",
                    {{"schemaVersion", 1}, {"unknown", unknown}});
    }
    for (const auto &name : removed) {
        auto &m = append_step(p, {"manual", "WindowsFeature", name,
                                  name + "'s files were removed from " + computer +
                                      ": give -Source with the installation media's sources\\sxs folder (or a WIM), then run this again",
                                  "", std::nullopt});
        p.findings.warning("exchange.features.source_needed", m.identity, m.description);
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto &m : missing) list += (list.empty() ? "" : ", ") + m;
        json install = {{"Name", missing}};
        if (!r.source.empty()) install["Source"] = r.source;
        if (!r.computer_name.empty()) install["ComputerName"] = r.computer_name;
        if (r.restart) install["Restart"] = true;
        auto &s = append_step(p, {"create", "WindowsFeature", computer,
                                  "Install " + std::to_string(missing.size()) + " Windows feature(s) on " + computer + ": " + list +
                                      (r.restart ? " (restarting if Windows needs it)" : ""),
                                  "Install " + list, host_command{"Install-WindowsFeature", install}});
        for (const auto &m : missing) s.changes.push_back({m, "Available", "Installed"});
        if (r.restart) s.risk = "high";
        else s.notes.push_back("Windows may need a restart afterwards; this does not restart unless -Restart is given");
    } else if (!pending.empty()) {
        if (r.restart) {
            json restart = {{"Force", true}};
            if (!r.computer_name.empty()) restart["ComputerName"] = r.computer_name;
            auto &s = append_step(p, {"update", "Computer", computer,
                                      "Restart " + computer + " to finish installing " + std::to_string(pending.size()) + " feature(s)",
                                      "Restart", host_command{"Restart-Computer", restart}});
            s.risk = "high";
        } else {
            p.findings.warning("exchange.features.restart_pending", computer,
                               std::to_string(pending.size()) + " feature(s) wait for a restart of " + computer +
                                   ": restart before running Exchange setup (or run this again with -Restart).");
        }
    }
    return p;
}

}  // namespace mailint::exchange_features
