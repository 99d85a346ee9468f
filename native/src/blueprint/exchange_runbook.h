#pragma once
// The whole of seeds/exchange-onprem-essentials as one ordered list of stages, read from the
// administrator's configuration file (Set-ExchangeIntegration -Full -ConfigurationPath): each
// stage names the scenario that plans it and that scenario's parameters, so the module plans and
// applies them one after the other (a stage is planned only once the one before it has applied:
// setup cannot be planned before its Windows features exist).
//
// The file (JSON), every section optional; a section's members are its cmdlet's parameters:
//   { "MigratingFromSmallBusinessServer": false, "Integration": "Enable" | "Disable",
//     "Prerequisite": {…X1}, "PublicDns": {…X2}, "WindowsFeatures": {…X3}, "Setup": {…X4},
//     "CertificateRequest": {…X6}, "Configure": {…X5}, "PortForward": {…X7},
//     "ReverseProxy": {…X9}, "SplitDns": {…X10}, "MailboxQuota": {…X11} }
// Order: the document's, except that X6 (the request) comes before X5, followed by X6c (the
// certificate the authority issues, by hand): ConfigureExchange.ps1 imports that certificate.
// X5 and X9 wait (are left out, the run goes on) while their PFX does not exist yet and the file
// asks for a request. No password may be in the file: -CertPassword gives it, and X5 and X9 get
// it as a reference to the session's secret.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "secret/secret_store.h"

namespace mailint::exchange_runbook {

inline constexpr const char *kPasswordSecret = "CertPassword";

struct stage {
    std::string code;     // "X1" … "X12", "X6c"
    std::string title;
    std::string runs_on;  // where it must run: "Exchange server", "Essentials server", "router" …
    std::string section;  // the file's section it comes from ("" for X8, X12)
    bool manual = false;
    std::string scenario;
    nlohmann::json parameters = nlohmann::json::object();
    // ready | notConfigured (no section) | waiting (its certificate is not there yet) | skipped (-Stage)
    std::string status = "ready";
    std::string reason;
};

struct runbook {
    std::vector<stage> stages;
    diagnostics findings;
};

struct options {
    std::vector<std::string> only;  // -Stage: the codes to run; empty for all
    std::string computer_name;      // X5's Server when the file does not name it
};

// Every finding at once, targets "Section.Parameter": the file's own (exchange.runbook.*) and each
// ready stage's parameters as its scenario validates them, so a bad value in the last stage stops
// the run before the first one writes. Ids: exchange.runbook.not_object, .section_unknown,
// .section_invalid, .secret_in_file, .integration_invalid, .stage_unknown, .password_missing,
// .target_server_missing.
runbook read_runbook(const nlohmann::json &configuration, const options &opts, const secret_store &secrets);

// The file as JSON (at most 1 MiB), or nullopt with exchange.runbook.file_missing or
// exchange.runbook.json_invalid (naming the line and column) in `d`.
std::optional<nlohmann::json> read_configuration_file(const std::filesystem::path &path, diagnostics &d);

// {"schemaVersion":1,"stages":[{code,title,runsOn,section,manual,scenario,parameters,status,reason}],
//  "diagnostics":[…]}
nlohmann::json to_json(const runbook &r);

}  // namespace mailint::exchange_runbook
