#pragma once
// Remove-TeamsEssentialsRouting's plan: undo what Set-TeamsEssentialsRouting did, and nothing it
// did not do. The rule that deletes outside mail goes first (so no mail is lost while forwarding
// stops), then the forwarding and Outlook on the web it changed are put back — where they still
// hold what it wrote —, the domain type and the forwarding policy likewise, and last the connector
// and the other rules it made (known from the undo record and from the marker in their comments).
// Without an undo record only the marked objects are removed, and the plan says what it cannot
// know. Enable-OrganizationCustomization cannot be undone (Exchange Online has no way back); the
// plan says so. Gmail mode's record (T11) puts POP back where it was off and turns security
// defaults on again if the module turned them off and nobody has turned them on since (`graph`).
#include <optional>
#include <string>

#include "blueprint/teams_routing_undo.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"
#include "plan/plan.h"
#include "plan/planner.h"

namespace mailint::teams_routing {

inline constexpr const char *kRemovalScenario = "teams-routing-remove";

// `domain` names the set-up in messages (the domain, or "gmail"). `graph` may be null when the
// record holds no Graph change. In Gmail `mode` no connector or rule is looked for: that mode
// makes none, and Google Workspace mode's must stay.
plan build_removal_plan(const std::string &domain, const std::optional<undo_record> &record,
                        exchange_online::exo_client &client, const progress_fn &progress,
                        graph::graph_client *graph = nullptr, const std::string &mode = "GoogleWorkspace");

}  // namespace mailint::teams_routing
