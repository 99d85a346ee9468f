// Install-ExchangePrerequisite (seed X3, the original InstallDependencies.ps1): the Windows roles
// and features Exchange setup needs, only those missing, through ServerManager in this session.
// Reports each feature (added, already there, waiting for a restart) and restarts only with
// -Restart (then only if Windows needs it, as the original's Add-WindowsFeature … -Restart).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsLifecycle.Install, "ExchangePrerequisite", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(WindowsFeatureResult))]
    public sealed class InstallExchangePrerequisiteCommand : HostPlanCommandBase
    {
        [Parameter(Position = 0, HelpMessage = "The features to install; default: the document's list (Get-ExchangePrerequisite… see help)")]
        [ValidateNotNullOrEmpty]
        public string[] Feature { get; set; }

        [Parameter(HelpMessage = "The installation media's sources\\sxs folder, for features whose files were removed")]
        public string Source { get; set; }

        [Parameter(HelpMessage = "Restart the computer when a feature needs it")]
        public SwitchParameter Restart { get; set; }

        [Parameter(HelpMessage = "The server to install on; default: this computer")]
        public string ComputerName { get; set; }

        internal override string PlanScenario => "exchange-windows-features";
        internal override object PlanTarget => ComputerName ?? Environment.MachineName;

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject();
            if (Feature != null) p.Add("Feature", new List<object>(Feature));
            if (Source != null) p.Add("Source", ResolvePath(Source));
            if (Restart) p.Add("Restart", true);
            if (ComputerName != null) p.Add("ComputerName", ComputerName);
            return p;
        }

        protected override void ProcessRecord()
        {
            WithPlan((session, plan, doc, steps) =>
            {
                var results = new List<WindowsFeatureResult>();
                foreach (var s in steps.Where(s => s.ResourceType == "WindowsFeature" && s.IsNoop))
                {
                    bool pending = s.Description.IndexOf("next restart", StringComparison.OrdinalIgnoreCase) >= 0;
                    results.Add(new WindowsFeatureResult
                    {
                        Name = s.Identity, DisplayName = s.Identity,
                        Status = pending ? "PendingRestart" : "AlreadyInstalled", RestartNeeded = pending,
                    });
                }
                var install = steps.FirstOrDefault(s => s.Command == "Install-WindowsFeature");
                var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                bool restartNeeded = results.Any(r => r.RestartNeeded);
                bool installRan = false, installFailed = false;
                PlanApplier.Apply(this, session, plan, steps, false, (step, output) =>
                {
                    if (step == install) installRan = true;
                    foreach (var o in output.OfType<JsonObject>())
                    {
                        if (string.Equals(o.GetString("RestartNeeded"), "Yes", StringComparison.OrdinalIgnoreCase)) restartNeeded = true;
                        foreach (var f in (o.GetArray("FeatureResult") ?? new List<object>()).OfType<JsonObject>())
                        {
                            string name = f.GetString("Name");
                            if (name == null) continue;
                            added.Add(name);
                            results.Add(new WindowsFeatureResult
                            {
                                Name = name, DisplayName = f.GetString("DisplayName") ?? name, Status = "Added",
                                RestartNeeded = string.Equals(f.GetString("RestartNeeded"), "Yes", StringComparison.OrdinalIgnoreCase),
                            });
                        }
                    }
                }, (step, failed) => { if (step == install) installFailed = true; });
                if (install != null)
                {
                    // A feature the result does not list one by one (its items printed as text) was
                    // added all the same when Install-WindowsFeature succeeded.
                    bool succeeded = installRan && !installFailed;
                    foreach (var change in install.Changes ?? new PropertyChange[0])
                    {
                        if (!added.Contains(change.Property))
                            results.Add(new WindowsFeatureResult { Name = change.Property, DisplayName = change.Property, Status = succeeded ? "Added" : "NotAdded" });
                    }
                }
                if (MyInvocation.BoundParameters.ContainsKey("WhatIf")) return;  // only the What if: lines
                foreach (var r in results) WriteObject(r);
                if (restartNeeded && !Restart && added.Count + results.Count(r => r.Status == "PendingRestart") > 0)
                    WriteWarning("Windows needs a restart to finish installing the features: restart before running Exchange setup, " +
                                 "or run Install-ExchangePrerequisite -Restart.");
            });
        }
    }
}
