#pragma once
// The simulated "Test & Enable" of a mailbox (wire-apis.md §3.4). Setting
// testemailconfigurationscheduled=true schedules it at postponetestemailconfigurationuntil (now +
// testEnableDelaySeconds); it runs lazily, when a later request of the organization finds it due,
// so no background thread is needed and a test sees exactly one outcome.
#include "util/json.h"

#include <optional>
#include <string>

namespace emulator::dataverse {

// Called after a mailbox write: schedules the job when the write set the flag (unless the body set
// postponetestemailconfigurationuntil itself).
void schedule_test_enable(json& mailbox, const json& body, double now, double delay_seconds);

// Runs every due job of the organization: success (approved, an existing active email server
// profile, at least one direction on server-side synchronization) sets the status columns of the
// synchronized directions and mailboxstatus to 1 (Success); otherwise all four become 2 (Failure)
// and lastsyncerror says why. Either way the flag clears and testmailboxaccesscompletedon is set.
// `injected` (settings' testEnableFailures) makes the named mailboxes fail with its message.
// `s2s_failure` (crm_deployment::s2s_failure) is set for an on-premises organization: a non-empty
// reason fails every mailbox on an Exchange Online (Hybrid) profile ("Authentication failed. …").
void run_due_jobs(json& org, double now, const json& injected = json::object(),
                  const std::optional<std::string>& s2s_failure = std::nullopt);

} // namespace emulator::dataverse
