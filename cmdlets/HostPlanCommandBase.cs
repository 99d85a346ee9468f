// The on-premises cmdlets beyond ConfigureExchange.ps1 (seed X1, X3, X4, X6, X9–X11): each sends
// one request to the core, which plans through this runspace (host session) and the process
// transport without a Microsoft 365 connection. No rule of the scenario lives here.
using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    public abstract class HostPlanCommandBase : MailIntegrationCmdletBase
    {
        /// <summary>The scenario name the core knows (blueprint/host_scenarios.h).</summary>
        internal abstract string PlanScenario { get; }

        /// <summary>The request's parameters; secrets only as {"$secret": name} references.</summary>
        internal abstract JsonObject PlanParameters();

        /// <summary>The secrets the references name, handed to the session, never to the request.</summary>
        internal virtual Dictionary<string, SecureString> PlanSecrets() => null;

        /// <summary>What a failed precondition of the plan is reported against.</summary>
        internal virtual object PlanTarget => null;

        /// <summary>Builds the plan (bad input written as error records, nothing read) and hands
        /// it to <paramref name="use"/>; the session is closed afterwards.</summary>
        internal void WithPlan(Action<CoreSession, PlanHandle, JsonObject, List<PlanStep>> use) =>
            WithHostPlan(PlanScenario, PlanParameters(), PlanSecrets(), PlanTarget, use);

        internal void ApplyPlan(bool passThru, Action<PlanStep, List<object>> onOutput = null) =>
            WithPlan((session, plan, doc, steps) => PlanApplier.Apply(this, session, plan, steps, passThru, onOutput));

        internal void ReportPlan(bool detailed, bool quiet) =>
            WithPlan((session, plan, doc, steps) => PlanApplier.Report(this, session, steps, detailed, quiet));
    }
}
