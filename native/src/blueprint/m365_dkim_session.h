#pragma once
// The "exchange" transport of the cloud plans: every Exchange Online cmdlet through exo_session
// (Enable-M365DkimSigning's New-/Set-DkimSigningConfig, Set-TeamsEssentialsRouting's bulk
// changes), and one command the module adds,
// Wait-M365DkimSelectorRecord, which reads the configuration's selector targets and waits until
// public DNS shows both CNAMEs, because Exchange Online refuses to enable signing before.
#include <optional>
#include <string>

#include "dns/resolver.h"
#include "exchange_online/exo_client.h"
#include "exchange_online/exo_session.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::m365_dkim {

struct signing_config {
    bool enabled = false;
    std::string selector1;  // Selector1CNAME: the target selector1._domainkey must alias
    std::string selector2;
};

// Get-DkimSigningConfig -Identity <domain>; nullopt when the tenant has none for it. An object
// created moments ago may read "not found" while the directory replicates: `grace` keeps asking.
std::optional<signing_config> read_signing_config(exchange_online::exo_client &client, const std::string &domain,
                                                  std::chrono::milliseconds grace = std::chrono::milliseconds(0));

class dkim_session final : public host_session {
public:
    // `client` must outlive the session; `progress` (may be empty) is told of each DNS poll and
    // returning false cancels the wait.
    dkim_session(exchange_online::exo_client &client, dns::resolver_options resolvers, progress_fn progress,
                 int workers = 3);

    // Failures are results (with the core's error id), not exceptions; cancellation throws.
    host_result invoke(const host_command &command) override;

private:
    host_result wait_for_selectors(const nlohmann::json &parameters);

    exchange_online::exo_client &client_;
    dns::resolver_options resolvers_;
    progress_fn progress_;
    exchange_online::exo_session cmdlets_;
};

}  // namespace mailint::m365_dkim
