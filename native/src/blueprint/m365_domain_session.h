#pragma once
// The commands of an Add-M365Domain plan, run on the "graph" transport. They are named as the
// Microsoft Graph PowerShell cmdlets an administrator would type (New-MgDomain, Confirm-MgDomain,
// Update-MgDomain), so a plan and its journal read like the script they replace, plus one the
// module adds: Wait-M365DomainVerificationRecord, which reads the TXT record Graph asks for and
// waits until public DNS shows it, because verifying before that only earns a refusal.
#include <functional>
#include <string>

#include "dns/resolver.h"
#include "graph/graph_client.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::m365_domain {

class domain_session final : public host_session {
public:
    // `client` must outlive the session. `progress` (may be empty) is told of each DNS poll and
    // returning false cancels the wait.
    // `others` (may be null) runs the graph commands that are not the domain's (the bulk user
    // changes of graph_bulk_session).
    domain_session(graph::graph_client &client, dns::resolver_options resolvers, progress_fn progress,
                   host_session *others = nullptr);

    // Failures are results (with the core's error id), not exceptions; cancellation throws.
    host_result invoke(const host_command &command) override;

private:
    host_result wait_for_record(const nlohmann::json &parameters);

    graph::graph_client &client_;
    dns::resolver_options resolvers_;
    progress_fn progress_;
    host_session *others_;
};

// The TXT value Graph asks for ("MS=ms12345678"), from verificationDnsRecords; empty when Graph
// offers no TXT record.
std::string verification_text(graph::graph_client &client, const std::string &domain);

}  // namespace mailint::m365_domain
