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
#include "blueprint/m365_accounts_record.h"
#include "blueprint/m365_accounts_request.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::m365_accounts {

// Throws m365.accounts.domain.not_verified, m365.accounts.license.sku_not_found,
// m365.accounts.password_missing (failed_precondition / invalid_argument), and Graph's errors.
// `summary` (may be null) receives {"local","matched","toCreate","conflicts","disabled","toLicense"}.
// `links` (may be null) receives the accounts to link: the matched ones, and the ones the create
// step (`links->create_step`) makes, for the record Sync-M365OnlineAccount follows.
struct planned_links {
    link_record matched;
    link_record created;
    std::string create_step;
};
// `directory` runs Get-ADUser when r.from_directory (the caller's session on a domain member).
plan build_plan(const request &r, graph::graph_client &graph, const progress_fn &progress, nlohmann::json *summary = nullptr,
                planned_links *links = nullptr, host_session *directory = nullptr);

// Sync-M365OnlineAccount's plan for the accounts of `record` (one paged listing of the users), one
// step per account:
//   the local user disabled, the account enabled → Update-MgUser accountEnabled false (blocked)
//   the local user enabled again, the account blocked → accountEnabled true
//   the local user gone from the directory → Remove-MgUser (risk high; the deleted account stays
//   restorable for 30 days in Microsoft 365)
// `forget` receives the local names to drop from the record once the plan ran: the deleted ones
// (with the delete step's id) and those whose account is already gone (step "").
plan build_sync_plan(const request &r, const link_record &record, graph::graph_client &graph, const progress_fn &progress,
                     std::vector<std::pair<std::string, std::string>> *forget = nullptr, host_session *directory = nullptr);

}  // namespace mailint::m365_accounts
