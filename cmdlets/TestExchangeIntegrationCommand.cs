// Test-ExchangeIntegration: the plan Set-ExchangeIntegration would apply, as objects. Reads only.
// -Full: every stage of the configuration planned against what is there now, one result each.
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "ExchangeIntegration", DefaultParameterSetName = ScriptSet)]
    [OutputType(typeof(PlanStep), typeof(bool), ParameterSetName = new[] { ScriptSet })]
    [OutputType(typeof(RunbookStageResult), typeof(bool), ParameterSetName = new[] { FullSet })]
    public sealed class TestExchangeIntegrationCommand : ExchangeIntegrationCommandBase
    {
        [Parameter(HelpMessage = "Also list the steps already in the desired state")]
        public SwitchParameter Detailed { get; set; }

        [Parameter(HelpMessage = "Return only $true when the server is in the desired state, else $false")]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FullSet)
            {
                var results = ExchangeRunbook.Run(this, false, false);
                // Quiet: nothing left to apply (the stages by hand are the administrator's, not a difference).
                if (Quiet) WriteObject(results != null && results.All(r => r.Status != "WouldChange" && r.Status != "Failed" && r.Status != "Blocked"));
                else if (results != null) foreach (var r in results) WriteObject(r);
                return;
            }
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
