// Set-CrmServerSideSync (seeds C1–C9; alias Configure-CrmServerSideSync): Dynamics 365
// (on-premises) and Exchange Online joined by server-to-server authentication, then the email
// server profile, the organization's defaults, and the chosen mailboxes configured, approved and
// tested — only what differs is written, in the document's order, each step after the one before
// it succeeded. Writes one MailIntegration.CrmMailboxTestResult per tested mailbox.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "CrmServerSideSync", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Configure-CrmServerSideSync")]
    [OutputType(typeof(CrmMailboxTestResult), typeof(StepResult))]
    public sealed class SetCrmServerSideSyncCommand : CrmServerSideSyncCommandBase
    {
        [Parameter(HelpMessage = "Also write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThru.IsPresent, (step, output) =>
            {
                if (step.ResourceType != "CrmMailbox" || step.Action != "check") return;
                foreach (var o in output.OfType<JsonObject>()) WriteObject(CrmMailboxTestResult.FromJson(o));
            });
    }
}
