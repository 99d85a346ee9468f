#pragma once
// Set-M365MobileDevicePolicy's plan (seed M6): the mobile device mailbox policy set where it
// differs (Set-MobileDeviceMailboxPolicy: PasswordEnabled, MinPasswordLength,
// MaxPasswordFailedAttempts, MaxInactivityTimeLock) and a blocking ActiveSync device access rule
// for each model that has none (New-ActiveSyncDeviceAccessRule -Characteristic DeviceModel
// -AccessLevel Block). A model another rule allows or quarantines is left to the administrator,
// with a warning: replacing a rule is a decision.
#include "blueprint/m365_mobile_request.h"
#include "exchange_online/exo_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::m365_mobile {

plan build_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress);

}  // namespace mailint::m365_mobile
