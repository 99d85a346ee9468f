// Set-ExchangeIntegration (alias Configure-ExchangeIntegration): the original ConfigureExchange.ps1,
// planned first, each change confirmed through ShouldProcess, applied only where it differs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Configure-ExchangeIntegration")]
    [OutputType(typeof(StepResult))]
    public sealed class SetExchangeIntegrationCommand : ExchangeIntegrationCommandBase
    {
        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
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
