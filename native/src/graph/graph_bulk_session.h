#pragma once
// Graph bulk changes as plan commands on the "graph" transport (seeds T3, M4): New-MgUser,
// Set-MgUserLicense, Update-MgUser (accountEnabled) and Remove-MgUser over many users
// ({"$batch":[…]}), one at a time through the connection's paced channel, a failed user never stopping the others. Every failure is a warning of the step and a
// line of the results file ("ResultsPath") with its reason and what to do. Also the one tenant-wide
// Graph setting a plan changes (T11): Update-MgPolicyIdentitySecurityDefaultEnforcementPolicy
// {"IsEnabled":bool}, as the Microsoft Graph PowerShell cmdlet of that name; and the Dynamics
// CRM service principal's key and names (C4, kServicePrincipalCommand).
#include "graph/graph_client.h"
#include "plan/planner.h"
#include "secret/secret_store.h"
#include "transport/host_session.h"

namespace mailint::graph {

inline constexpr const char *kSecurityDefaultsCommand = "Update-MgPolicyIdentitySecurityDefaultEnforcementPolicy";
// Seed C4: {"AppId", "AddKeyCredential":{"key","displayName","startDateTime","endDateTime"}} and/or
// {"AppId", "AddServicePrincipalNames":[…]}. The principal is read again when the step runs, so a
// key or name that is there already (a resumed run) is not sent twice, and no existing key is lost.
inline constexpr const char *kServicePrincipalCommand = "Update-MgServicePrincipal";
// Seed M5: local users an account cannot be made for ({"$batch":[{"Item","Message"}],"ResultsPath"}):
// each becomes a results-file line and an output object with m365.account.upn_taken; nothing is sent.
inline constexpr const char *kReportConflictsCommand = "Report-M365AccountConflict";

class graph_bulk_session final : public host_session {
public:
    // `client` and `secrets` (the new users' first password) must outlive the session.
    graph_bulk_session(graph_client &client, const secret_store &secrets, progress_fn progress);

    host_result invoke(const host_command &command) override;

private:
    host_result update_service_principal(const host_command &command);

    graph_client &client_;
    const secret_store &secrets_;
    progress_fn progress_;
};

}  // namespace mailint::graph
