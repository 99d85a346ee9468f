#pragma once
// POST /crm-deployment/InvokeCommand: the Dynamics 365 deployment's PowerShell (the
// Microsoft.Crm.PowerShell snap-in and CertificateReconfiguration.ps1 of the Tools folder) over the
// same envelope as the Exchange personalities (emulator/PROTOCOL.md "Dynamics 365 deployment
// personality"). Pure over the state document; the caller holds the state lock.
#include "exchange/invoke_command.h"
#include "util/json.h"

#include <string_view>

namespace emulator::crm_deployment {

// `deployment` is the "crmDeployment" object of the state.
exchange::invoke_outcome invoke_command(json& deployment, std::string_view body);

} // namespace emulator::crm_deployment
