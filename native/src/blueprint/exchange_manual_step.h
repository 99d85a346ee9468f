#pragma once
// The steps of seeds/exchange-onprem-essentials that an administrator does by hand — X2 public DNS
// records at the domain's DNS host, the certificate the X6 request brings back from the
// authority, X7 router port forwards, X8 enabling and X12 disabling the integration in the
// Essentials dashboard — planned like the others so that `Set-ExchangeIntegration -Full` lists
// them in order with what to do, and checks what can be checked first:
//
//   X2   the records (Get-ExchangeDnsRecord's) as notes                       manual
//   X6c  noop when the PFX is there, else where to get it                      noop | manual
//   X7   the router table (Get-ExchangePortForward's) as notes                 manual
//   X8   Exchange answers in this session with its management tools (Get-ExchangeServer), else
//        exchange.integration.exchange_missing; postponed when migrating from Small Business
//        Server, as the document advises                                      manual
//   X12  what disabling leaves: the mailboxes (Get-Mailbox, counted) stay in Exchange  manual
//
// parameters: {"Stage": "X2"|"X6c"|"X7"|"X8"|"X12", then the stage's own:
//   X2  DomainName, PublicIpAddress, HostName?  X6c RequestFile?, CertPath
//   X7  ExchangeServerIpAddress, EssentialsServerIpAddress, IncludePop3?, IncludeImap?
//   X8  MigratingFromSmallBusinessServer?  X12 (none)}
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_manual_step {

inline constexpr const char *kScenario = "exchange-manual-step";

struct request {
    std::string stage;
    nlohmann::json parameters;  // the stage's own, validated
    bool migrating = false;
};

// exchange.manual.stage_unknown, exchange.manual.parameter.unknown, exchange.manual.cert_path_missing,
// and the records' and router table's own ids (validation.domain.*, validation.ipv4.malformed …).
diagnostics parse_request(const nlohmann::json &parameters, request &out);

plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_manual_step
