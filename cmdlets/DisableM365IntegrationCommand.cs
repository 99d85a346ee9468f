// Disable-M365Integration (seed M7): the integration stops — account lifecycle sync follows nothing
// any more — and its local state (the account links) is removed. The subscription, the accounts
// and every change made stay as they are, and mail keeps flowing: Microsoft 365 is not contacted,
// so it works when Microsoft 365 cannot be reached. Writes the paths removed.
using System;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsLifecycle.Disable, "M365Integration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(string))]
    public sealed class DisableM365IntegrationCommand : MailIntegrationCmdletBase
    {
        [Parameter(HelpMessage = "Only this tenant's integration (its id); default: every tenant's")]
        public string TenantId { get; set; }

        [Parameter(HelpMessage = "Where the integration state is kept; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        protected override void ProcessRecord()
        {
            string target = TenantId ?? "every tenant";
            if (!ShouldProcess(target, "Stop the account lifecycle sync and remove the integration's local state (Microsoft 365 is not changed)"))
                return;
            var session = OpenSession(null);
            try
            {
                var options = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion } };
                if (TenantId != null) options["tenantId"] = TenantId;
                if (StateDirectory != null) options["stateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
                JsonObject result;
                try
                {
                    result = Json.ParseObject(session.DisableM365Integration(Json.Serialize(options)));
                }
                catch (MailIntegrationException ex)
                {
                    // Nothing half-done to undo: what was removed is gone, the rest is left; retry.
                    WriteError(ToErrorRecord(ex, target));
                    return;
                }
                var removed = PlanStep.Strings(result.GetArray("removed"));
                foreach (var path in removed) WriteObject(path);
                WriteVerbose(removed.Length == 0 ? "No integration state was found: nothing was removed."
                                                 : "Removed " + removed.Length + " integration state file(s); the tenant is unchanged.");
            }
            finally
            {
                CloseSession();
            }
        }
    }
}
