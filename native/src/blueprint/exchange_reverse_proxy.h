#pragma once
// Set-ExchangeReverseProxy's plan (seed X9): with one public address, the Essentials server's IIS
// Application Request Routing sends Exchange's host names on to Exchange. ARRConfig (installed
// with the Essentials role) is run through the process transport with the PFX, the host names and,
// when migrating from Small Business Server, the target server; the PFX's password goes to its
// standard input, where it asks for it, never onto its command line.
//
//   create  ARRConfig.exe config -cert <pfx> -hostnames mail.contoso.com[,…] [-targetserver EX01]
//   update  Start-Service TSGateway: the Remote Desktop Gateway, which installing ARR can leave
//           stopped, running again (checked every run)
//
// Nothing is run when the record of the last successful configuration (state directory,
// reverse-proxy.json: the certificate's thumbprint, the names, the target) matches and
// https://<first name>/owa answers; a configuration the record does not describe, or an /owa that
// does not answer, is configured again. Checked before anything is read: the PFX opens with the
// password and holds its key, and covers every host name (reverse_proxy.host_not_in_certificate).
//
// parameters: {"CertPath", "CertPassword"?: {"$secret"}, "HostName": [names], "TargetServer"?,
//   "ArrConfigPath"?, "VerifyUri"?, "AllowUntrustedCertificate"?: bool, "StateDirectory"?}
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/host_scenarios.h"
#include "core/diagnostic.h"
#include "secret/secret_store.h"

namespace mailint::exchange_reverse_proxy {

inline constexpr const char *kScenario = "exchange-reverse-proxy";
inline constexpr const char *kGatewayService = "TSGateway";

struct request {
    std::string cert_path;
    std::string password_secret;
    std::vector<std::string> host_names;  // lower case, in the order given
    std::string target_server;
    std::string arrconfig_path;
    std::string verify_uri;
    bool allow_untrusted = false;
    std::filesystem::path state_directory;
    std::string thumbprint;  // of the PFX, once read
};

// Where ARRConfig is on the Essentials server: %ProgramFiles%\Windows Server\Bin (Windows Server
// 2012 Essentials) or %windir%\System32\Essentials (2012 R2 and later), the first that exists.
std::string default_arrconfig_path();

diagnostics parse_request(const nlohmann::json &parameters, const secret_store &secrets, request &out);

host_scenarios::built build_plan(const request &r, host_scenarios::context &ctx);

}  // namespace mailint::exchange_reverse_proxy
