#include "plan/planner.h"

#include <cstdio>
#include <map>
#include <set>

#include "core/error.h"
#include "core/json_lookup.h"
#include "core/random_id.h"
#include "model/value_compare.h"
#include "transport/host_error.h"

namespace mailint {

namespace {

using json = nlohmann::json;

class plan_builder {
public:
    plan_builder(const planner_input &input, host_session &host, const progress_fn &progress)
        : input_(input), host_(host), progress_(progress) {}

    plan run() {
        out_.scenario = input_.scenario;
        out_.plan_id = random_id();
        out_.findings = input_.findings;
        read_all();
        for (const auto &r : input_.resources) plan_resource(r);
        if (problems_.has_errors()) {
            const auto *first = problems_.first_error();
            throw error(errc::failed_precondition, first->id, first->message,
                        {{"schemaVersion", 1}, {"diagnostics", problems_.to_json()}});
        }
        return std::move(out_);
    }

private:
    void report(const std::string &activity, const std::string &status, int percent) {
        if (progress_ && !progress_(activity, status, percent))
            throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
    }

    // One listing per type; types sharing a list command share the read.
    void read_all() {
        std::vector<const resource_type *> order;
        std::set<std::string> seen;
        for (const auto &r : input_.resources)
            if (seen.insert(r.type->list_command).second) order.push_back(r.type);
        int done = 0;
        for (const auto *type : order) {
            report("Reading current state", type->list_command,
                   static_cast<int>(100 * done++ / std::max<size_t>(order.size(), 1)));
            host_command cmd{type->list_command, json::object()};
            auto result = host_.invoke(cmd);
            if (result.failure) throw host_error(cmd, *result.failure);
            out_.reads.push_back({type->transport, type->list_command, result.objects.size()});
            current_[type->list_command] = std::move(result.objects);
        }
    }

    static bool matches(const json &object, const json &match) {
        for (auto it = match.begin(); it != match.end(); ++it) {
            const auto *v = find_ci(object, it.key());
            if (!v || !values_match(value_kind::text_ci, compare_mode::equal, *v, it.value()))
                return false;
        }
        return true;
    }

    std::string next_id() {
        char buf[16];
        std::snprintf(buf, sizeof buf, "s%02zu", out_.steps.size() + 1);
        return buf;
    }

    std::vector<std::string> dependencies_of(const desired_resource &r) const {
        std::vector<std::string> deps;
        for (const auto &d : r.depends_on)
            if (auto it = last_steps_.find(d); it != last_steps_.end())
                deps.insert(deps.end(), it->second.begin(), it->second.end());
        return deps;
    }

    void plan_resource(const desired_resource &r) {
        const auto &objects = current_.at(r.type->list_command);
        std::vector<const json *> found;
        for (const auto &o : objects)
            if (matches(o, r.match)) found.push_back(&o);

        auto deps = dependencies_of(r);
        std::vector<std::string> last;
        if (found.empty()) {
            if (r.when_absent == absent_policy::fail) {
                problems_.error(r.absent_error_id, r.absent_target, r.absent_message);
                return;
            }
            last = plan_create(r, deps);
        } else if (r.scope == resource_scope::single && found.size() > 1) {
            problems_.error("plan.resource.ambiguous", r.label,
                            std::to_string(found.size()) + " " + r.type->name + " objects match '" +
                                r.label + "'; remove the duplicates or name the one to use.");
            return;
        } else {
            for (const auto *o : found)
                if (auto id = plan_update(r, *o, deps); !id.empty()) last.push_back(id);
        }
        last_steps_[r.id] = last;
    }

    plan_step make_step(const desired_resource &r, std::string action, std::string identity,
                        std::vector<std::string> deps) {
        plan_step s;
        s.id = next_id();
        s.action = std::move(action);
        s.resource_type = r.type->name;
        s.identity = std::move(identity);
        s.depends_on = std::move(deps);
        s.transport = r.type->transport;
        s.risk = r.risk;
        s.notes = r.notes;
        return s;
    }

    std::vector<std::string> plan_create(const desired_resource &r, const std::vector<std::string> &deps) {
        if (r.type->create_command.empty()) {
            problems_.error("plan.resource.cannot_create", r.label,
                            r.type->name + " '" + r.label + "' does not exist and cannot be created by "
                            "this tool; create it, then run again.");
            return {};
        }
        auto step = make_step(r, "create", r.label, deps);
        host_command cmd{r.type->create_command, r.type->create_static};
        for (auto it = r.create_parameters.begin(); it != r.create_parameters.end(); ++it)
            cmd.parameters[it.key()] = it.value();
        json follow_up = json::object();
        std::vector<property_change> follow_changes;
        for (auto it = r.properties.begin(); it != r.properties.end(); ++it) {
            const auto *spec = r.type->find(it.key());
            if (!spec) throw error(errc::internal, "plan.property.unknown",
                                   r.type->name + " has no managed property " + it.key() + ".");
            if (spec->create_only) step.create_only.push_back(spec->name);
            if (!spec->create_parameter.empty()) {
                cmd.parameters[spec->create_parameter] = it.value();
                step.changes.push_back({spec->name, nullptr, it.value()});
            } else if (!spec->set_parameter.empty()) {
                follow_up[spec->set_parameter] = it.value();
                follow_changes.push_back({spec->name, nullptr, it.value()});
            }
        }
        step.description = "Create " + r.type->name + " '" + r.label + "'";
        step.operation = "Create";
        step.command = std::move(cmd);
        std::vector<std::string> last{step.id};
        out_.steps.push_back(std::move(step));
        if (!follow_up.empty()) {
            auto upd = make_step(r, "update", r.label, {last.front()});
            host_command ucmd{r.type->update_command, r.type->update_static};
            ucmd.parameters[r.type->update_identity_parameter] = r.label;
            for (auto it = follow_up.begin(); it != follow_up.end(); ++it) ucmd.parameters[it.key()] = it.value();
            upd.changes = std::move(follow_changes);
            upd.description = describe_update(r.type->name, r.label, upd.changes);
            upd.operation = update_operation(upd.changes);
            upd.command = std::move(ucmd);
            last = {upd.id};
            out_.steps.push_back(std::move(upd));
        }
        return last;
    }

    static std::string update_operation(const std::vector<property_change> &changes) {
        return "Update " + property_names(changes);
    }

    static std::string property_names(const std::vector<property_change> &changes) {
        std::string names;
        for (const auto &c : changes) names += (names.empty() ? "" : ", ") + c.property;
        return names;
    }

    static std::string describe_update(const std::string &type, const std::string &identity,
                                       const std::vector<property_change> &changes) {
        return "Update " + type + " '" + identity + "': " + property_names(changes);
    }

    // Returns the step id when something changes, "" for a noop.
    std::string plan_update(const desired_resource &r, const json &object, const std::vector<std::string> &deps) {
        std::string identity = string_ci(object, r.type->identity_property);
        if (identity.empty()) identity = r.label;
        std::vector<property_change> changes;
        json params = json::object();
        for (auto it = r.properties.begin(); it != r.properties.end(); ++it) {
            const auto *spec = r.type->find(it.key());
            if (!spec) throw error(errc::internal, "plan.property.unknown",
                                   r.type->name + " has no managed property " + it.key() + ".");
            if (spec->create_only) continue;  // never read back: Exchange does not print Usage
            const auto *current = find_ci(object, spec->name);
            json cur = current ? *current : json(nullptr);
            if (values_match(spec->kind, spec->mode, cur, it.value())) continue;
            if (spec->set_parameter.empty()) {
                problems_.error("plan.property.immutable", identity,
                                spec->name + " of " + r.type->name + " '" + identity +
                                    "' can only be set when it is created; remove it and run again.");
                continue;
            }
            changes.push_back({spec->name, cur, it.value()});
            params[spec->set_parameter] = it.value();
        }
        auto step = make_step(r, changes.empty() ? "noop" : "update", identity, changes.empty() ? std::vector<std::string>{} : deps);
        if (changes.empty()) {
            step.description = r.type->name + " '" + identity + "' is in the desired state";
            out_.steps.push_back(std::move(step));
            return {};
        }
        host_command cmd{r.type->update_command, r.type->update_static};
        cmd.parameters[r.type->update_identity_parameter] = identity;
        for (auto it = params.begin(); it != params.end(); ++it) cmd.parameters[it.key()] = it.value();
        step.changes = std::move(changes);
        step.description = describe_update(r.type->name, identity, step.changes);
        step.operation = update_operation(step.changes);
        step.command = std::move(cmd);
        auto id = step.id;
        out_.steps.push_back(std::move(step));
        return id;
    }

    const planner_input &input_;
    host_session &host_;
    const progress_fn &progress_;
    plan out_;
    diagnostics problems_;
    std::map<std::string, std::vector<json>> current_;
    std::map<std::string, std::vector<std::string>> last_steps_;
};

}  // namespace

plan build_plan(const planner_input &input, host_session &host, const progress_fn &progress) {
    return plan_builder(input, host, progress).run();
}

}  // namespace mailint
