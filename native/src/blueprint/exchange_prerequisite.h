#pragma once
// Test-ExchangeIntegrationPrerequisite's plan (seed X1), read on the computer meant for Exchange
// through the host session: each check is a step of resource type "Prerequisite" (noop: passed,
// manual: the administrator must fix it, with a warning finding of the same target giving the
// stable id), and the one fix the module can make, the current administrator added to Enterprise
// Admins (Add-ADGroupMember "Enterprise Admins" $env:username, risk high).
//
//   computer   Get-CimInstance -ClassName Win32_ComputerSystem: joined to the domain
//              (exchange.prereq.not_domain_joined); not a domain controller, which the Essentials
//              server is, nor the Essentials server by name (exchange.prereq.on_essentials_server)
//   system     Get-CimInstance -ClassName Win32_OperatingSystem: a Windows Server version the
//              Exchange version supports (exchange.prereq.os_unsupported); not an Essentials edition
//   exchange   Get-ItemProperty HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\Setup (then v14): when
//              installed, a version the integration supports, Exchange 2013 or 2010 SP1 or later
//              (exchange.prereq.version_unsupported; later ones are a warning), and the management
//              tools (…\AdminTools; exchange.prereq.tools_missing)
//   admin      Get-ADGroupMember "Enterprise Admins" -Recursive: the user is a member
//              (exchange.prereq.not_enterprise_admin; the step adds them)
//
// parameters: {"UserName", "EssentialsServer"?, "Version"? ("2013" default | "2010")}
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_prerequisite {

inline constexpr const char *kScenario = "exchange-prerequisite";
inline constexpr const char *kEnterpriseAdmins = "Enterprise Admins";

struct request {
    std::string user_name;  // sAMAccountName, without the domain
    std::string essentials_server;
    int version = 2013;
};

diagnostics parse_request(const nlohmann::json &parameters, request &out);
plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_prerequisite
