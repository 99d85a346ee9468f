#pragma once
// What the Set-TeamsEssentialsRouting plans of every mode share (internal to blueprint/): the
// planner that reads through Exchange Online once per object type and adds steps, the value
// comparisons, and T3 (users and licences), which Google Workspace and Gmail modes both take.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/teams_routing_request.h"
#include "blueprint/teams_routing_undo.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::teams_routing::detail {

// The properties of `wanted` that `current` does not hold (strings without case, a single string
// against a one-item list), as plan changes.
std::vector<property_change> differences(const nlohmann::json &current, const nlohmann::json &wanted);

// The object whose Name or Identity is `name` (without case), or nullptr.
const nlohmann::json *find_named(const std::vector<nlohmann::json> &objects, const std::string &name);

class planner {
public:
    planner(exchange_online::exo_client &client, undo_record *undo);

    // One Exchange Online read, counted in the plan's reads.
    std::vector<nlohmann::json> read(const std::string &cmdlet, nlohmann::json parameters = nlohmann::json::object());

    plan_step &add(std::string action, std::string type, std::string identity, std::string description,
                   std::string operation, std::optional<host_command> command, const std::vector<std::string> &after = {});

    // A checklist item: noop when the administrator marked it done, else manual with how to mark it.
    void manual(const request &r, const std::string &id, const std::string &text);

    // A named object (connector or rule) made with `wanted`, set where it differs, or left; the
    // step id, empty when nothing is to do.
    std::string ensure(const std::string &type, const std::vector<nlohmann::json> &existing, const std::string &name,
                       nlohmann::json wanted, const std::string &new_cmdlet, const std::string &set_cmdlet,
                       const std::string &comment_member, const std::vector<std::string> &after, const std::string &note);

    void made(const std::string &type, const std::string &name, const std::string &step);
    void changed(const std::string &type, const std::string &identity, const std::string &property, nlohmann::json before,
                 nlohmann::json after, const std::string &step);

    // Steps that would write (not noop, not manual).
    std::size_t pending() const;

    plan take() { return std::move(p_); }
    plan &value() { return p_; }

private:
    exchange_online::exo_client &client_;
    undo_record *undo_;
    plan p_;
};

// The mode's checklist as status shows it: [{"id","done"}].
nlohmann::json manual_status(const request &r);

// T3: the users of the CSV created and given r.license_sku, only what is missing, as two Graph
// bulk steps. Throws teams.license.sku_not_found, teams.users.password_missing.
void plan_users(planner &pl, const request &r, graph::graph_client &graph, const progress_fn &progress);

// The Gmail (T11) and Exchange hybrid (T12) plans; build_plan() picks by r.mode.
plan build_gmail_plan(const request &r, exchange_online::exo_client &client, graph::graph_client *graph,
                      const progress_fn &progress, undo_record *undo, nlohmann::json *status);
plan build_hybrid_plan(const request &r, exchange_online::exo_client &client, const progress_fn &progress,
                       nlohmann::json *status);

}  // namespace mailint::teams_routing::detail
