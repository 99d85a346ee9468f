// Test-TeamsEssentialsRouting: the plan Set-TeamsEssentialsRouting would apply, as objects, the
// Google admin console checklist among them. Reads only.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "TeamsEssentialsRouting")]
    [OutputType(typeof(PlanStep), typeof(bool))]
    public sealed class TestTeamsEssentialsRoutingCommand : TeamsEssentialsRoutingCommandBase
    {
        [Parameter(HelpMessage = "Also list the steps already in the desired state")]
        public SwitchParameter Detailed { get; set; }

        [Parameter(HelpMessage = "Return only $true when the tenant is in the desired state (manual steps included), else $false")]
        public SwitchParameter Quiet { get; set; }

        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Report(this, session, steps, Detailed, Quiet);
    }
}
