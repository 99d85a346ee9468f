// Set-ExchangeIntegration (alias Configure-ExchangeIntegration): the original ConfigureExchange.ps1,
// planned first, each change confirmed through ShouldProcess, applied only where it differs.
// -Full -ConfigurationPath: the whole document (X1 to X12), stage by stage (ExchangeRunbook.cs).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = ScriptSet)]
    [Alias("Configure-ExchangeIntegration")]
    [OutputType(typeof(StepResult), ParameterSetName = new[] { ScriptSet })]
    [OutputType(typeof(RunbookStageResult), typeof(StepResult), ParameterSetName = new[] { FullSet })]
    public sealed class SetExchangeIntegrationCommand : ExchangeIntegrationCommandBase
    {
        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FullSet)
            {
                foreach (var r in ExchangeRunbook.Run(this, true, PassThru) ?? new List<RunbookStageResult>()) WriteObject(r);
                return;
            }
            var session = OpenSession(ResolvedJournalDirectory());
            try
            {
                using (var plan = BuildPlan(session, out var planDoc, out var steps))
                {
                    if (plan == null) return;
                    PlanApplier.Apply(this, session, plan, steps, PassThru);
                }
            }
            finally
            {
                CloseSession();
            }
        }
    }
}
