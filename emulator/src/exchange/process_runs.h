#pragma once
// POST /exchange-onprem/{org}/process-runs: a program the process transport started on the
// on-premises server, as mailint-recorded-process hands it over ({program, arguments,
// workingDirectory, standardInput (base64)}). The emulator applies what the real program would do
// to the organization's windowsHost state and answers {exitCode, output}:
//
//   setup.com / Setup.EXE   /mode:Install /roles:… [/OrganizationName:…]
//                           [/IAcceptExchangeServerLicenseTerms]: the prerequisite check (the
//                           document's Windows features), then the registry keys of the roles
//   ARRConfig.exe           config -cert <pfx> -hostnames <a,b> [-targetserver <name>], the PFX's
//                           password on standard input: the reverse proxy for those names
//
// Anything else exits 9009, as cmd.exe does for a program it cannot find. The request log keeps
// the arguments and the length of standard input, never its content.
#include "exchange/invoke_command.h"

#include <string_view>

namespace emulator::exchange {

invoke_outcome run_process(json& organizations, std::string_view org_name, std::string_view body);

// GET /exchange-onprem/{org}/owa: 200 once the reverse proxy serves Outlook on the web (an
// ARRConfig run succeeded), else 503.
int owa_status(const json& organizations, std::string_view org_name);

} // namespace emulator::exchange
