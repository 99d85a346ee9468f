#pragma once
// New-M365OnlineAccount's plan (seeds M4, M5). The tenant's users are read in one paged listing and
// each local user is matched, never duplicated:
//   - an online account with the user's UPN in the linked domain is the same person when its mail
//     or otherMails holds the local address (or, for a row without one, its display name is the
//     same): matched;
//   - an account with that UPN that is someone else is a conflict: reported (results file, error
//     id m365.account.upn_taken), nothing made;
//   - an account whose mail or otherMails is the local address, under another UPN: matched;
//   - otherwise: created (otherMails = the local address, so the next run matches it), with the
//     licence when one is asked, per user: a user whose licence cannot be given (none left) is
//     reported and the others go on.
// Matched accounts without the licence get it in a step of their own. Disabled local users get none.
#include "blueprint/m365_accounts_request.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::m365_accounts {

// Throws m365.accounts.domain.not_verified, m365.accounts.license.sku_not_found,
// m365.accounts.password_missing (failed_precondition / invalid_argument), and Graph's errors.
// `summary` (may be null) receives {"local","matched","toCreate","conflicts","disabled","toLicense"}.
plan build_plan(const request &r, graph::graph_client &graph, const progress_fn &progress, nlohmann::json *summary = nullptr);

}  // namespace mailint::m365_accounts
