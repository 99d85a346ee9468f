#pragma once
// Enable-M365DkimSigning's plan (seed T2): Exchange Online signs a custom domain's mail only once
// both selector CNAMEs are in public DNS, and refuses to enable signing before; so the plan makes
// the signing configuration (disabled), gives the two CNAMEs, waits until DNS shows them, and
// only then enables it. One read decides everything: a converged run writes nothing.
//
//   create  DkimSigningConfig  New-DkimSigningConfig -DomainName … -Enabled $false   (absent)
//   check   DnsRecord          Wait-M365DkimSelectorRecord -DomainName …            (not enabled)
//   update  DkimSigningConfig  Set-DkimSigningConfig -Identity … -Enabled $true     (not enabled)
#include "blueprint/m365_dkim_request.h"
#include "exchange_online/exo_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::m365_dkim {

// Reads the accepted domain and the signing configuration through Exchange Online. Throws
// m365.dkim.domain.not_accepted (failed_precondition) when the domain is not an accepted domain
// of the tenant (Add-M365Domain first), and the service's errors of the reads.
plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress);

}  // namespace mailint::m365_dkim
