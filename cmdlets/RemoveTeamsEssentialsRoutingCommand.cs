// Remove-TeamsEssentialsRouting: undoes Set-TeamsEssentialsRouting for a domain — the rule that
// deletes outside mail first, then the forwarding and Outlook on the web it changed (where they
// still hold what it wrote), the domain type and forwarding policy, and last the connector and
// rules it made — and nothing it did not do. What it changed comes from the record
// Set-TeamsEssentialsRouting kept (-StateDirectory); without it only the objects marked as made
// by the module are removed. -Mode Gmail undoes the Gmail set-up instead: POP put back where it
// was off, security defaults on again. ConfirmImpact High.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Remove, "TeamsEssentialsRouting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StepResult))]
    public sealed class RemoveTeamsEssentialsRoutingCommand : ConnectedPlanCommandBase
    {
        [Parameter(Position = 0, HelpMessage = "The domain given to Set-TeamsEssentialsRouting, e.g. contoso.com (not needed with -Mode Gmail)")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "The mode given to Set-TeamsEssentialsRouting: GoogleWorkspace (default) or Gmail")]
        [ValidateSet("GoogleWorkspace", "Gmail")]
        public string Mode { get; set; }

        [Parameter(HelpMessage = "Where Set-TeamsEssentialsRouting kept its record; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        internal override object Target => (object)DomainName ?? Mode ?? "GoogleWorkspace";

        internal override string BuildRequest()
        {
            var parameters = new JsonObject();
            if (DomainName != null) parameters.Add("DomainName", DomainName);
            if (Mode != null) parameters.Add("Mode", Mode);
            if (StateDirectory != null) parameters.Add("StateDirectory", GetUnresolvedProviderPathFromPSPath(StateDirectory));
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "teams-routing-remove" },
                { "parameters", parameters },
            });
        }
    }
}
