#pragma once
// The host session of a Dynamics 365 deployment server, for native tests: each command is sent to
// the emulator's Dynamics 365 deployment personality (POST /crm-deployment/InvokeCommand,
// emulator/PROTOCOL.md), as emulator/powershell/ExchangeOnPremEmulator.psm1 and its
// CertificateReconfiguration.ps1 stand-in do from a real runspace: the script's -certificateFile
// is read and sent as bytes, its -password (a plain-text secret reference) as a SecureString.
#include <string>
#include <vector>

#include "http/http_client.h"
#include "secret/secret_store.h"
#include "transport/host_session.h"

namespace mailint::test {

class crm_deployment_host final : public host_session {
public:
    crm_deployment_host(http::client &http, std::string emulator_url, const secret_store &secrets)
        : http_(http), url_(std::move(emulator_url)), secrets_(secrets) {}
    host_result invoke(const host_command &command) override;

    std::vector<host_command> commands;  // every command run, in order
    std::vector<std::string> bodies;     // what was sent (to prove no secret is ever in plain text)

private:
    http::client &http_;
    std::string url_;
    const secret_store &secrets_;
};

}  // namespace mailint::test
