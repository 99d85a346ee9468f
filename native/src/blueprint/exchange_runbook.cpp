#include "blueprint/exchange_runbook.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "blueprint/exchange_certificate_request.h"
#include "blueprint/exchange_features.h"
#include "blueprint/exchange_manual_step.h"
#include "blueprint/exchange_onprem_blueprint.h"
#include "blueprint/exchange_prerequisite.h"
#include "blueprint/exchange_quota.h"
#include "blueprint/exchange_reverse_proxy.h"
#include "blueprint/exchange_setup.h"
#include "blueprint/exchange_split_dns.h"
#include "blueprint/scenario.h"
#include "exchange_online/exo_values.h"
#include "validate/message_text.h"

namespace mailint::exchange_runbook {

namespace {

using nlohmann::json;
using exchange_online::text_of;
using exchange_online::lower;

struct definition {
    const char *code, *title, *runs_on, *section, *scenario;
    bool manual;
};

// The document's order, X6 moved before X5 (see the header).
constexpr definition kStages[] = {
    {"X1", "Prerequisites", "Exchange server", "Prerequisite", exchange_prerequisite::kScenario, false},
    {"X2", "Public DNS records", "the domain's DNS host", "PublicDns", exchange_manual_step::kScenario, true},
    {"X3", "Windows features (InstallDependencies.ps1)", "Exchange server", "WindowsFeatures", exchange_features::kScenario, false},
    {"X4", "Exchange setup", "Exchange server", "Setup", exchange_setup::kScenario, false},
    {"X6", "Certificate request", "Exchange server", "CertificateRequest", exchange_certificate_request::kScenario, false},
    {"X6c", "Certificate from the authority", "certification authority", "CertificateRequest", exchange_manual_step::kScenario, true},
    {"X5", "Exchange configuration (ConfigureExchange.ps1)", "Exchange server", "Configure", exchange_onprem::kScenario, false},
    {"X7", "Router port forwards", "router", "PortForward", exchange_manual_step::kScenario, true},
    {"X8", "Enable the Exchange integration", "Essentials server", "", exchange_manual_step::kScenario, true},
    {"X9", "Reverse proxy (ARR)", "Essentials server", "ReverseProxy", exchange_reverse_proxy::kScenario, false},
    {"X10", "Split DNS", "Essentials server", "SplitDns", exchange_split_dns::kScenario, false},
    {"X11", "Mailbox quotas", "Exchange server", "MailboxQuota", exchange_quota::kScenario, false},
    {"X12", "Disable the Exchange integration", "Essentials server", "", exchange_manual_step::kScenario, true},
};

const std::set<std::string> kTopLevel = {"schemaVersion", "MigratingFromSmallBusinessServer", "Integration"};

bool names_a_secret(const std::string &key) {
    const auto l = lower(key);
    return l.find("password") != std::string::npos || l.find("secret") != std::string::npos || l == "token";
}

// Where a secret was written into the file: named, its value never repeated.
void find_secrets(const json &value, const std::string &path, diagnostics &d) {
    if (value.is_object()) {
        for (const auto &[key, member] : value.items()) {
            const auto here = path.empty() ? key : path + "." + key;
            if (names_a_secret(key))
                d.error("exchange.runbook.secret_in_file", here,
                        here + " is in the configuration file: a password never goes in a file. Remove it and give "
                        "-CertPassword (Read-Host -AsSecureString) when you run Set-ExchangeIntegration -Full.");
            else
                find_secrets(member, here, d);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) find_secrets(value[i], path + "[" + std::to_string(i) + "]", d);
    }
}


bool file_exists(const std::string &path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

stage *find(runbook &r, const std::string &code) {
    for (auto &s : r.stages)
        if (s.code == code) return &s;
    return nullptr;
}

}  // namespace

runbook read_runbook(const json &configuration, const options &opts, const secret_store &secrets) {
    runbook out;
    diagnostics &d = out.findings;
    if (!configuration.is_object()) {
        d.error("exchange.runbook.not_object", "ConfigurationPath",
                "The configuration file must hold one JSON object whose members are the stages' sections (Setup, Configure, …).");
        return out;
    }
    find_secrets(configuration, "", d);
    std::set<std::string> sections;
    for (const auto &def : kStages)
        if (*def.section) sections.insert(def.section);
    for (const auto &[key, value] : configuration.items()) {
        if (kTopLevel.count(key)) continue;
        if (!sections.count(key)) {
            d.error("exchange.runbook.section_unknown", key,
                    "The configuration has no section '" + key + "': the sections are Prerequisite, PublicDns, WindowsFeatures, Setup, "
                    "CertificateRequest, Configure, PortForward, ReverseProxy, SplitDns and MailboxQuota.");
        } else if (!value.is_object()) {
            d.error("exchange.runbook.section_invalid", key, "Section " + key + " must be an object of its cmdlet's parameters.");
        }
    }
    bool migrating = false;
    if (auto it = configuration.find("MigratingFromSmallBusinessServer"); it != configuration.end()) {
        if (it->is_boolean()) migrating = it->get<bool>();
        else d.error("exchange.runbook.section_invalid", "MigratingFromSmallBusinessServer", "MigratingFromSmallBusinessServer is true or false.");
    }
    std::string integration = "enable";
    if (auto it = configuration.find("Integration"); it != configuration.end()) {
        integration = it->is_string() ? lower(it->get<std::string>()) : "";
        if (integration != "enable" && integration != "disable")
            d.error("exchange.runbook.integration_invalid", "Integration", "Integration is \"Enable\" (X8) or \"Disable\" (X12).");
    }
    std::set<std::string> codes;
    for (const auto &def : kStages) codes.insert(lower(def.code));
    std::set<std::string> only;
    for (const auto &c : opts.only) {
        if (!codes.count(lower(c)))
            d.error("exchange.runbook.stage_unknown", "Stage",
                    "Stage " + validate::quote_input(c) + " is not one of the document's: X1 to X12 (X6c is the certificate the X6 request brings back).");
        only.insert(lower(c));
    }
    if (d.has_errors()) return out;

    const auto section = [&](const char *name) -> const json * {
        auto it = configuration.find(name);
        return *name && it != configuration.end() ? &*it : nullptr;
    };
    const json *request_section = section("CertificateRequest");
    for (const auto &def : kStages) {
        stage s;
        s.code = def.code;
        s.title = def.title;
        s.runs_on = def.runs_on;
        s.section = def.section;
        s.manual = def.manual;
        s.scenario = def.scenario;
        const json *given = section(def.section);
        const std::string code = def.code;
        if (code == "X8" || code == "X12") {
            const bool wanted = (code == "X8") == (integration == "enable");
            if (!wanted) continue;
            s.parameters = {{"Stage", code}};
            if (code == "X8") s.parameters["MigratingFromSmallBusinessServer"] = migrating;
        } else if (!given) {
            s.status = "notConfigured";
            s.reason = "no " + std::string(def.section) + " section in the configuration";
        } else if (code == "X6c") {
            std::string cert = text_of(section("Configure") ? *section("Configure") : json::object(), "CertPath");
            if (cert.empty() && section("ReverseProxy")) cert = text_of(*section("ReverseProxy"), "CertPath");
            s.parameters = {{"Stage", "X6c"}, {"RequestFile", text_of(*given, "RequestFile")}, {"CertPath", cert}};
        } else {
            s.parameters = *given;
            if (def.manual) {
                s.parameters["Stage"] = code;
                if (code == "X2" || code == "X7") s.parameters["MigratingFromSmallBusinessServer"] = migrating;
            }
            if (code == "X5" && !s.parameters.contains("Server") && !opts.computer_name.empty()) s.parameters["Server"] = opts.computer_name;
            if (code == "X5" || code == "X9") {
                s.parameters["CertPassword"] = {{"$secret", kPasswordSecret}};
                if (request_section && !file_exists(text_of(*given, "CertPath"))) {
                    s.status = "waiting";
                    s.reason = "its certificate " + text_of(*given, "CertPath") + " does not exist yet: it comes from the X6 request (X6c)";
                }
            }
            if (code == "X9" && migrating && !given->contains("TargetServer"))
                d.error("exchange.runbook.target_server_missing", "ReverseProxy.TargetServer",
                        "Migrating from Small Business Server: ReverseProxy needs TargetServer, the Exchange server's name, so ARR sends "
                        "mail traffic to it rather than to the source server.");
        }
        if (!only.empty() && !only.count(lower(code)) && s.status == "ready") {
            s.status = "skipped";
            s.reason = "not among -Stage";
        }
        out.stages.push_back(std::move(s));
    }
    if (auto *x5 = find(out, "X5"), *x8 = find(out, "X8"); x5 && x8 && x5->status == "waiting" && x8->status == "ready") {
        x8->status = "waiting";
        x8->reason = "the integration is enabled once Exchange is configured (X5)";
    }

    bool wants_password = false;
    for (const auto &s : out.stages) {
        if (s.status != "ready") continue;
        const bool needs_password = s.code == "X5" || s.code == "X9";
        wants_password = wants_password || needs_password;
        if (needs_password && !secrets.find(kPasswordSecret)) continue;  // reported once below, not per stage
        const json request = {{"schemaVersion", 1}, {"scenario", s.scenario}, {"parameters", s.parameters}};
        const auto found = validate_request(request, secrets);  // kept: items() refers into it
        for (const auto &item : found.items()) {
            const auto target = s.section.empty() || item.target.rfind(s.section, 0) == 0 ? item.target : s.section + "." + item.target;
            d.add(item.id, item.level, target, "Stage " + s.code + ": " + item.message);
        }
    }
    if (wants_password && !secrets.find(kPasswordSecret))
        d.error("exchange.runbook.password_missing", "CertPassword",
                "Stages X5 and X9 import the certificate's PFX: give its password with -CertPassword (Read-Host -AsSecureString).");
    return out;
}

std::optional<json> read_configuration_file(const std::filesystem::path &path, diagnostics &d) {
    constexpr std::uintmax_t kMax = 1024 * 1024;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || !std::filesystem::is_regular_file(path, ec)) {
        d.error("exchange.runbook.file_missing", "ConfigurationPath",
                "The configuration file " + validate::quote_input(path.string()) + " does not exist: give the path of the JSON file.");
        return std::nullopt;
    }
    if (size > kMax) {
        d.error("exchange.runbook.json_invalid", "ConfigurationPath", "The configuration file is larger than 1 MiB: it is not one.");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // Notepad's byte order mark
    try {
        return json::parse(text);
    } catch (const json::parse_error &e) {
        // Where, not what: the text around the error could be a value the administrator typed.
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
            if (text[i] == '\n') { ++line; column = 1; } else ++column;
        }
        d.error("exchange.runbook.json_invalid", "ConfigurationPath",
                "The configuration file is not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                    ": check the commas, quotes and braces there (backslashes in paths are written \\\\).");
        return std::nullopt;
    }
}

json to_json(const runbook &r) {
    json stages = json::array();
    for (const auto &s : r.stages)
        stages.push_back({{"code", s.code}, {"title", s.title}, {"runsOn", s.runs_on}, {"section", s.section}, {"manual", s.manual},
                          {"scenario", s.scenario}, {"parameters", s.parameters}, {"status", s.status}, {"reason", s.reason}});
    return {{"schemaVersion", 1}, {"stages", stages}, {"diagnostics", r.findings.to_json()}};
}

}  // namespace mailint::exchange_runbook
