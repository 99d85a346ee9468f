#include "plan/step_builder.h"

namespace mailint {

plan_step &append_step(plan &p, step_spec spec) {
    plan_step s;
    const auto n = p.steps.size() + 1;
    s.id = (n < 10 ? "s0" : "s") + std::to_string(n);
    s.action = std::move(spec.action);
    s.resource_type = std::move(spec.resource_type);
    s.identity = std::move(spec.identity);
    s.description = std::move(spec.description);
    s.operation = std::move(spec.operation);
    s.command = std::move(spec.command);
    s.transport = std::move(spec.transport);
    for (auto &d : spec.depends_on)
        if (!d.empty()) s.depends_on.push_back(std::move(d));
    p.steps.push_back(std::move(s));
    return p.steps.back();
}

}  // namespace mailint
