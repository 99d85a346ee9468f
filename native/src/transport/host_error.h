#pragma once
// Turns a failed host command into the core's error: a stable id per PowerShell error category,
// and a message an administrator can act on (the Exchange cmdlets missing from the session is the
// most common one and gets its own fix).
#include "core/error.h"
#include "transport/host_session.h"

namespace mailint {

error host_error(const host_command &command, const host_failure &failure);

}  // namespace mailint
