// Sync-M365OnlineAccount (seed M4, lifecycle): the online accounts New-M365OnlineAccount made or
// matched follow their local users, from a fresh CSV export of the directory: a disabled local user's
// account is blocked (and allowed again when the user is), a deleted local user's account is
// deleted. ConfirmImpact High; -WhatIf lists the accounts. Nothing is followed after
// Disable-M365Integration.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsData.Sync, "M365OnlineAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Csv")]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class SyncM365OnlineAccountCommand : ConnectedPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The linked domain, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Csv", HelpMessage = "The local users as they are now (SamAccountName or UserPrincipalName, DisplayName, Enabled)")]
        public string UsersCsvPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ActiveDirectory", HelpMessage = "Read the local users from Active Directory (Get-ADUser in this session) instead of a CSV")]
        public SwitchParameter FromActiveDirectory { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Get-ADUser's -Filter; default *")]
        public string Filter { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Only the users under this OU, e.g. OU=Staff,DC=corp,DC=contoso,DC=local")]
        public string SearchBase { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per account that could not be changed")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Where New-M365OnlineAccount keeps the links; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Also write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override object Target => DomainName;

        internal override bool UsesHostSession => FromActiveDirectory.IsPresent;

        internal override string BuildRequest()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
            };
            if (UsersCsvPath != null) parameters["UsersCsvPath"] = GetUnresolvedProviderPathFromPSPath(UsersCsvPath);
            if (FromActiveDirectory.IsPresent) parameters["FromActiveDirectory"] = true;
            if (Filter != null) parameters["Filter"] = Filter;
            if (SearchBase != null) parameters["SearchBase"] = SearchBase;
            if (ResultsPath != null) parameters["ResultsPath"] = GetUnresolvedProviderPathFromPSPath(ResultsPath);
            if (StateDirectory != null) parameters["StateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "m365-accounts-sync" },
                { "parameters", parameters },
            });
        }

        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThru.IsPresent, (step, output) =>
            {
                foreach (var o in output.OfType<JsonObject>().Where(o => o.GetString("ErrorId") != null))
                    WriteObject(AccountResult.FromJson(o));
            });
    }
}
