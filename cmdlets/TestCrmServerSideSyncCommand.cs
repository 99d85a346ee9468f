// Test-CrmServerSideSync: the plan Set-CrmServerSideSync would apply, as objects: which of the
// certificate, the Entra ID registration, the deployment's S2S settings, the profile, the
// organization's defaults and the mailboxes (configured, approved, tested) are not yet as the
// document wants. Reads only.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "CrmServerSideSync")]
    [OutputType(typeof(PlanStep), typeof(bool))]
    public sealed class TestCrmServerSideSyncCommand : CrmServerSideSyncCommandBase
    {
        [Parameter(HelpMessage = "Also list the steps already in the desired state")]
        public SwitchParameter Detailed { get; set; }

        [Parameter(HelpMessage = "Return only $true when everything is in the desired state, else $false")]
        public SwitchParameter Quiet { get; set; }

        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Report(this, session, steps, Detailed, Quiet);
    }
}
