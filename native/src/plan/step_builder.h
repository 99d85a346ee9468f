#pragma once
// Appending a step to a blueprint's plan: the next id ("s01", "s02", …), the transport it runs on,
// and the steps it waits for (empty ids, a step that will not run, are dropped). Every blueprint
// numbers and links its steps this way, so plans read alike.
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "transport/host_session.h"

namespace mailint {

struct step_spec {
    std::string action;  // create | update | delete | noop | manual | check
    std::string resource_type;
    std::string identity;
    std::string description;
    std::string operation;  // for ShouldProcess; empty for noop and manual
    std::optional<host_command> command;
    std::string transport = "host-session";
    std::vector<std::string> depends_on{};
};

// The reference is valid until the next step is added (the plan's vector may move): take the id
// first when it is needed later.
plan_step &append_step(plan &p, step_spec spec);

}  // namespace mailint
