#pragma once
// Clear-M365MobileDevice's plan (seed M6): a lost or stolen device wiped the next time it connects
// (Clear-MobileDevice), each device named by its identity or device id, or every device of a
// mailbox. A device already waiting for its wipe is left as it is, so a re-run sends nothing.
// Risk high: the device's data is erased.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "exchange_online/exo_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::m365_wipe {

inline constexpr const char *kScenario = "m365-device-wipe";

struct request {
    std::vector<std::string> devices;  // identities or device ids
    std::string mailbox;               // every device of this mailbox
    std::vector<std::string> notify;   // addresses told when the wipe is done
};

// m365.wipe.target_missing (neither devices nor a mailbox), .target_conflict, .notify_malformed.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

// Throws m365.wipe.device_not_found (failed_precondition) for a device Exchange Online does not know.
plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress);

}  // namespace mailint::m365_wipe
