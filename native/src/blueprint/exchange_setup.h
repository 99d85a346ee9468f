#pragma once
// Install-ExchangeServer's plan (seed X4): Exchange setup run from the installation media with an
// argument array through the process transport, never a shell, with the roles the Essentials
// integration needs (always with the management tools). The registry keys setup writes
// (HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15 or v14: Setup, and one key per role) decide: an
// installed Exchange with every role asked gives nothing to do; missing roles are added.
//
//   create  E:\Setup.EXE /mode:Install /roles:mb,ca "/OrganizationName:First Organization"
//           /IAcceptExchangeServerLicenseTerms                                  (transport process)
//
// parameters: {"SetupPath", "OrganizationName"? (default "First Organization"), "Role"?: ["mb",
//   "ca", …] (default mb,ca for 2013; mb,ht,ca for 2010, as the document), "Version"? ("2013" |
//   "2010"), "AcceptLicenseTerms"?: bool (Exchange 2013 refuses to run without it),
//   "TargetDirectory"?, "DomainController"?}
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_setup {

inline constexpr const char *kScenario = "exchange-setup";

struct request {
    std::string setup_path;
    std::string organization = "First Organization";
    std::vector<std::string> roles;  // short names: mb, ca, ht, mt
    int version = 2013;
    bool accept_license = false;
    std::string target_directory;
    std::string domain_controller;
};

// exchange.setup.path_missing (the file is not there), .path_not_setup, .organization_invalid,
// .role_invalid, .role_edge, .license_not_accepted.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// The arguments setup gets, in order.
std::vector<std::string> setup_arguments(const request &r, const std::vector<std::string> &roles, bool new_install);

plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_setup
