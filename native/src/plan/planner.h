#pragma once
// Computes a plan: one bulk read per resource type (never one read per object), a typed
// comparison of each desired resource with what exists, and ordered steps with dependencies.
// A failed read is an error, never "absent": planning on a guess would create duplicates.
#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "model/desired_resource.h"
#include "plan/plan.h"
#include "transport/host_session.h"

namespace mailint {

struct planner_input {
    std::string scenario;
    std::vector<desired_resource> resources;
    diagnostics findings;  // warnings from validation, carried into the plan
};

// (activity, status, percent): returning false cancels.
using progress_fn = std::function<bool(const std::string &, const std::string &, int)>;

// Throws mailint::error: failed_precondition with every diagnostic in the detail when a
// required object is missing or a property cannot be changed; host errors of the reads.
plan build_plan(const planner_input &input, host_session &host, const progress_fn &progress);

}  // namespace mailint
