#include "plan/plan.h"

#include <map>
#include <sstream>

namespace mailint {

nlohmann::json plan_step::to_json() const {
    auto changes_json = nlohmann::json::array();
    for (const auto &c : changes)
        changes_json.push_back({{"property", c.property}, {"from", c.from}, {"to", c.to}});
    nlohmann::json out = {
        {"id", id},
        {"action", action},
        {"resource", {{"type", resource_type}, {"identity", identity}}},
        {"changes", std::move(changes_json)},
        {"dependsOn", depends_on},
        {"transport", transport},
        {"risk", risk},
        {"createOnly", create_only},
        {"notes", notes},
        {"description", description},
        {"operation", operation},
    };
    if (command) out["command"] = {{"name", command->name}, {"parameters", command->parameters}};
    return out;
}

const plan_step *plan::find(const std::string &step_id) const {
    for (const auto &s : steps)
        if (s.id == step_id) return &s;
    return nullptr;
}

nlohmann::json plan::to_json() const {
    auto steps_json = nlohmann::json::array();
    std::map<std::string, int> counts = {{"create", 0}, {"update", 0}, {"delete", 0},
                                         {"noop", 0},   {"manual", 0}, {"check", 0}};
    for (const auto &s : steps) {
        steps_json.push_back(s.to_json());
        counts[s.action]++;
    }
    auto reads_json = nlohmann::json::array();
    for (const auto &r : reads)
        reads_json.push_back({{"transport", r.transport}, {"command", r.command}, {"count", r.count}});
    return {{"schemaVersion", 1},       {"scenario", scenario}, {"planId", plan_id},
            {"diagnostics", findings.to_json()}, {"reads", std::move(reads_json)},
            {"steps", std::move(steps_json)},    {"summary", counts}};
}

namespace {

std::string show(const nlohmann::json &v) {
    if (v.is_null()) return "(not set)";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string s;
        for (const auto &item : v) {
            if (!s.empty()) s += ", ";
            s += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return "{" + s + "}";
    }
    return v.dump();
}

}  // namespace

std::string plan::to_text() const {
    std::ostringstream out;
    size_t changing = 0;
    for (const auto &s : steps) {
        if (s.action == "noop") continue;
        ++changing;
        out << s.id << "  " << s.action << "  " << s.resource_type << " '" << s.identity << "'";
        if (!s.depends_on.empty()) {
            out << "  (after";
            for (const auto &d : s.depends_on) out << " " << d;
            out << ")";
        }
        out << "\n";
        for (const auto &c : s.changes)
            out << "      " << c.property << ": " << show(c.from) << " -> " << show(c.to) << "\n";
        for (const auto &n : s.notes) out << "      note: " << n << "\n";
    }
    if (changing == 0) out << "No change: every resource is in the desired state.\n";
    for (const auto &d : findings.items())
        out << to_string(d.level) << " " << d.id << ": " << d.message << "\n";
    return out.str();
}

}  // namespace mailint
