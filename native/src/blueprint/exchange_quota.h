#pragma once
// Set-ExchangeMailboxQuota's plan (seed X11): the quotas the Essentials Add User wizard enforces
// (2 GB by default), on chosen mailboxes or on every user mailbox. One Get-Mailbox listing decides
// everything; a mailbox is written only when one of its three quotas, or its use of the
// database's defaults, differs. Sizes compare as bytes, so "2GB" typed and "2 GB (2,147,483,648
// bytes)" read back are the same.
//
//   Set-Mailbox -Identity m -UseDatabaseQuotaDefaults $false -IssueWarningQuota …
//               -ProhibitSendQuota … -ProhibitSendReceiveQuota …
//
// parameters: {"Identity"?: [names], "All"?: bool, "Quota"?: size (ProhibitSendReceiveQuota,
//   default "2GB"), "ProhibitSendQuota"?: size (default 95% of Quota), "IssueWarningQuota"?: size
//   (default 90% of Quota), "Server"?: only the mailboxes on this server}. Defaults are rounded
//   down to whole megabytes.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"
#include "validate/byte_size.h"

namespace mailint::exchange_quota {

inline constexpr const char *kScenario = "exchange-mailbox-quota";

struct request {
    std::vector<std::string> identities;  // empty with all
    bool all = false;
    std::string server;
    validate::byte_size warning, send, send_receive;
};

// exchange.quota.not_a_size (naming the parameter), .order (warning <= send <= send-receive),
// .target_missing, .target_conflict, .parameter.unknown.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// Throws exchange.quota.mailbox_not_found (failed_precondition, every unknown name listed) before
// any write is planned.
plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_quota
