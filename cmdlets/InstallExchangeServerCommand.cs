// Install-ExchangeServer (seed X4): Exchange setup from the installation media, run with an
// argument array (no shell) with the roles the Essentials integration needs and the management
// tools. -WhatIf prints the exact command line; an installed Exchange with every role gives nothing
// to do.
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsLifecycle.Install, "ExchangeServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StepResult))]
    public sealed class InstallExchangeServerCommand : HostPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "Setup on the Exchange media, e.g. E:\\Setup.EXE (2013) or E:\\setup.com (2010)")]
        public string SetupPath { get; set; }

        [Parameter(HelpMessage = "The Exchange organization to create; default \"First Organization\"")]
        public string OrganizationName { get; set; }

        [Parameter(HelpMessage = "The roles: mb, ca, mt (2013); mb, ht, ca, mt, um (2010). Default: the document's")]
        public string[] Role { get; set; }

        [Parameter(HelpMessage = "The Exchange version on the media: 2013 (default) or 2010")]
        [ValidateSet("2013", "2010")]
        public string Version { get; set; }

        [Parameter(HelpMessage = "You accept the Exchange Server license terms (Exchange 2013 setup runs only then)")]
        public SwitchParameter IAcceptExchangeServerLicenseTerms { get; set; }

        [Parameter(HelpMessage = "Where Exchange is installed; default: setup's")]
        public string TargetDirectory { get; set; }

        [Parameter(HelpMessage = "The domain controller setup uses")]
        public string DomainController { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override string PlanScenario => "exchange-setup";
        internal override object PlanTarget => SetupPath;

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject { { "SetupPath", ResolvePath(SetupPath) } };
            if (OrganizationName != null) p.Add("OrganizationName", OrganizationName);
            if (Role != null) p.Add("Role", new List<object>(Role));
            if (Version != null) p.Add("Version", Version);
            if (IAcceptExchangeServerLicenseTerms) p.Add("AcceptLicenseTerms", true);
            if (TargetDirectory != null) p.Add("TargetDirectory", TargetDirectory);
            if (DomainController != null) p.Add("DomainController", DomainController);
            return p;
        }

        protected override void ProcessRecord() =>
            WithPlan((session, plan, doc, steps) => PlanApplier.Apply(this, session, plan, steps, PassThru, (step, output) =>
            {
                // Setup's own log lines, for the verbose stream (its full log is in C:\ExchangeSetupLogs).
                foreach (var o in output) if (o is JsonObject r && r.GetString("Output") is string text) WriteVerbose(text);
            }));
    }
}
