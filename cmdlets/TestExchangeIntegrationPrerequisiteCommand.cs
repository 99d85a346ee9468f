// Test-ExchangeIntegrationPrerequisite (seed X1): on the computer meant for Exchange, whether it
// may host it (joined to the domain, not the Essentials server, a supported Windows), whether an
// installed Exchange is a supported version with its management tools, and whether the
// administrator is in Enterprise Admins. Reads only; Grant-ExchangeSetupPermission makes the one
// fix the module can make.
using System;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public abstract class ExchangePrerequisiteCommandBase : HostPlanCommandBase
    {
        [Parameter(HelpMessage = "The administrator who runs Exchange setup; default: the current user")]
        public string UserName { get; set; }

        [Parameter(HelpMessage = "The Windows Server Essentials server's name, which must not be this computer")]
        public string EssentialsServer { get; set; }

        [Parameter(HelpMessage = "The Exchange version to install: 2013 (default) or 2010 (with Service Pack 1)")]
        [ValidateSet("2013", "2010")]
        public string Version { get; set; }

        internal override string PlanScenario => "exchange-prerequisite";

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject { { "UserName", UserName ?? Environment.UserName } };
            if (EssentialsServer != null) p.Add("EssentialsServer", EssentialsServer);
            if (Version != null) p.Add("Version", Version);
            return p;
        }
    }

    [Cmdlet(VerbsDiagnostic.Test, "ExchangeIntegrationPrerequisite")]
    [OutputType(typeof(PrerequisiteResult), typeof(bool))]
    public sealed class TestExchangeIntegrationPrerequisiteCommand : ExchangePrerequisiteCommandBase
    {
        [Parameter(HelpMessage = "Return only $true when every check passes, else $false")]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            bool ran = false;
            WithPlan((session, plan, doc, steps) =>
            {
                ran = true;
                session.CompleteProgress();
                var findings = DiagnosticsOf(doc).Where(d => d.IsWarning).ToList();
                var results = steps.Where(s => s.ResourceType == "Prerequisite" || s.ResourceType == "ADGroup").Select(s =>
                {
                    string check = s.ResourceType == "ADGroup" ? "EnterpriseAdmins" : s.Identity;
                    var finding = findings.FirstOrDefault(d => string.Equals(d.Target, check, StringComparison.OrdinalIgnoreCase));
                    string status = s.IsNoop ? (finding == null ? "Passed" : "Warning") : "Failed";
                    return new PrerequisiteResult { Check = check, Status = status, Message = finding?.Message ?? s.Description, ErrorId = finding?.Id };
                }).ToList();
                if (Quiet) WriteObject(results.All(r => r.Status != "Failed"));
                else foreach (var r in results) WriteObject(r);
            });
            if (!ran && Quiet) WriteObject(false);
        }
    }

    /// <summary>Grant-ExchangeSetupPermission: the administrator added to Enterprise Admins, as the
    /// document's Add-ADGroupMember "Enterprise Admins" $env:username; nothing when already there.</summary>
    [Cmdlet(VerbsSecurity.Grant, "ExchangeSetupPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StepResult))]
    public sealed class GrantExchangeSetupPermissionCommand : ExchangePrerequisiteCommandBase
    {
        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord() =>
            WithPlan((session, plan, doc, steps) =>
                PlanApplier.Apply(this, session, plan, steps.Where(s => s.ResourceType == "ADGroup").ToList(), PassThru));
    }
}
