// Set-M365DistributionGroup (seed M6): an Exchange Online distribution group with the members of a
// local group (-Members addresses, or -MembersCsvPath: Get-ADGroupMember <group> | Get-ADUser
// -Properties mail | Export-Csv). Made when missing; otherwise only the missing members are added
// (nobody is removed).
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "M365DistributionGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class SetM365DistributionGroupCommand : ConnectedPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The group's name, e.g. Sales")]
        public string Name { get; set; }

        [Parameter(HelpMessage = "The group's address, e.g. sales@contoso.com (a new group only)")]
        public string PrimarySmtpAddress { get; set; }

        [Parameter(HelpMessage = "The group's display name (a new group only)")]
        public string DisplayName { get; set; }

        [Parameter(HelpMessage = "The members' addresses")]
        public string[] Members { get; set; }

        [Parameter(HelpMessage = "A CSV export of the local group's members (Mail or UserPrincipalName column)")]
        public string MembersCsvPath { get; set; }

        [Parameter(HelpMessage = "The local group whose members become the group's, read in this session (Get-ADGroupMember, Get-ADUser)")]
        public string LocalGroup { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per member that could not be added")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        // Each member that could not be added, as the results file has it (M5).
        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThru.IsPresent, PlanApplier.AccountResults(this));

        internal override object Target => Name;

        internal override bool UsesHostSession => LocalGroup != null;

        internal override string BuildRequest()
        {
            var parameters = new JsonObject { { "Name", Name } };
            if (PrimarySmtpAddress != null) parameters["PrimarySmtpAddress"] = PrimarySmtpAddress;
            if (DisplayName != null) parameters["DisplayName"] = DisplayName;
            if (Members != null) parameters["Members"] = new List<object>(Members);
            if (MembersCsvPath != null) parameters["MembersCsvPath"] = GetUnresolvedProviderPathFromPSPath(MembersCsvPath);
            if (ResultsPath != null) parameters["ResultsPath"] = GetUnresolvedProviderPathFromPSPath(ResultsPath);
            if (LocalGroup != null) parameters["LocalGroup"] = LocalGroup;
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "m365-distribution-group" },
                { "parameters", parameters },
            });
        }
    }
}
