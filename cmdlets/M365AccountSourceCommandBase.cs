// What New- and Sync-M365OnlineAccount share (seed M4): the linked domain, where the local users
// come from — Active Directory through this session (Get-ADUser -Filter -SearchBase) or a CSV
// export —, the link record's folder, the results file, and the failed accounts written as
// MailIntegration.AccountResult objects (M5).
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public abstract class M365AccountSourceCommandBase : ConnectedPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The linked domain, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Csv", HelpMessage = "The CSV of the local users (SamAccountName or UserPrincipalName, DisplayName; optional GivenName, Surname, Mail, UsageLocation, Enabled)")]
        public string UsersCsvPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ActiveDirectory", HelpMessage = "Read the local users from Active Directory (Get-ADUser in this session) instead of a CSV")]
        public SwitchParameter FromActiveDirectory { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Get-ADUser's -Filter; default *")]
        public string Filter { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Only the users under this OU, e.g. OU=Staff,DC=corp,DC=contoso,DC=local")]
        public string SearchBase { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per user that failed: the account, the error id, the message, the recommended action")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Where the links Sync-M365OnlineAccount follows are kept; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Also write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override object Target => DomainName;

        internal override bool UsesHostSession => FromActiveDirectory.IsPresent;

        /// <summary>The request's parameters every source takes; the cmdlet adds its own.</summary>
        internal JsonObject SourceParameters()
        {
            var parameters = new JsonObject { { "DomainName", DomainName } };
            if (UsersCsvPath != null) parameters["UsersCsvPath"] = GetUnresolvedProviderPathFromPSPath(UsersCsvPath);
            if (FromActiveDirectory.IsPresent) parameters["FromActiveDirectory"] = true;
            if (Filter != null) parameters["Filter"] = Filter;
            if (SearchBase != null) parameters["SearchBase"] = SearchBase;
            if (ResultsPath != null) parameters["ResultsPath"] = GetUnresolvedProviderPathFromPSPath(ResultsPath);
            if (StateDirectory != null) parameters["StateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            return parameters;
        }

        internal static string Request(string scenario, JsonObject parameters) => Json.Serialize(new JsonObject
        {
            { "schemaVersion", NativeMethods.SchemaVersion },
            { "scenario", scenario },
            { "parameters", parameters },
        });

        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThru.IsPresent, PlanApplier.AccountResults(this));
    }
}
