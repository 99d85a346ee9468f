// Test-ExchangeIntegration: the plan Set-ExchangeIntegration would apply, as objects. Reads only.
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "ExchangeIntegration")]
    [OutputType(typeof(PlanStep), typeof(bool))]
    public sealed class TestExchangeIntegrationCommand : ExchangeIntegrationCommandBase
    {
        [Parameter(HelpMessage = "Also list the steps already in the desired state")]
        public SwitchParameter Detailed { get; set; }

        [Parameter(HelpMessage = "Return only $true when the server is in the desired state, else $false")]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var session = OpenSession(ResolvedJournalDirectory());
            try
            {
                using (var plan = BuildPlan(session, out var planDoc, out var steps))
                {
                    session.CompleteProgress();
                    if (plan == null)
                    {
                        if (Quiet) WriteObject(false);
                        return;
                    }
                    if (Quiet)
                    {
                        WriteObject(steps.All(s => s.IsNoop));
                        return;
                    }
                    foreach (var step in steps)
                    {
                        if (Detailed || !step.IsNoop) WriteObject(step);
                    }
                }
            }
            finally
            {
                CloseSession();
            }
        }
    }
}
