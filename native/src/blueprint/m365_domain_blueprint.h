#pragma once
// Add-M365Domain's plan: from nothing to a verified (and, if asked, default) domain in the tenant,
// each step only when the tenant differs. One read of the domain decides everything, so a second
// run over a converged tenant reads and writes nothing else.
//
//   create  Domain   New-MgDomain -Id contoso.com                         (absent)
//   check   Dns      Wait-M365DomainVerificationRecord -DomainId …       (not verified)
//   update  Domain   Confirm-MgDomain -DomainId …                         (not verified)
//   update  Domain   Update-MgDomain -DomainId … -SupportedServices …     (a service missing)
//   update  Domain   Update-MgDomain -DomainId … -IsDefault $true         (-SetDefault, not default)
#include "blueprint/m365_domain_request.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::m365_domain {

// Reads the domain (and, when it exists unverified, the TXT Graph asks for, so -WhatIf can show
// it). Throws the Graph errors of the reads: a failed read is never taken for "absent".
plan build_plan(const request &r, graph::graph_client &client, const progress_fn &progress);

}  // namespace mailint::m365_domain
