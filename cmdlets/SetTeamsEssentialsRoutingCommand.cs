// Set-TeamsEssentialsRouting (seeds T1, T4–T10): Teams Essentials joined to a mail system that
// stays at Google Workspace, as one planned operation: automatic forwarding allowed, the outbound
// connector to Google, every user mailbox forwarding a copy (only those that differ are written,
// concurrently within the tenant's pacing), the calendaring rules, Outlook on the web off, the
// domain an internal relay, and last, once forwarding is in place, the rule deleting mail from
// outside except calendaring. The Google admin console steps (T4) are listed with this tenant's
// values, as manual steps -ManualStepDone marks done. ConfirmImpact High: the last step deletes mail.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "TeamsEssentialsRouting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StepResult))]
    public sealed class SetTeamsEssentialsRoutingCommand : TeamsEssentialsRoutingCommandBase
    {
        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;
    }
}
