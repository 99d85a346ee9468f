// New-M365OnlineAccount (seeds M4, M5): online accounts for local users in bulk, from a CSV export
// of the local directory (Get-ADUser -Properties mail | Select-Object SamAccountName,
// UserPrincipalName, DisplayName, GivenName, Surname, Mail, Enabled | Export-Csv). Each user gets
// <name>@<DomainName>, a usage location and, with -LicenseSku, a licence; an existing account (same
// UPN and the local address, or the local address under another UPN) is matched, never duplicated.
// Every user an account could not be made or licensed for is one MailIntegration.AccountResult
// object and one line of -ResultsPath (the account, the error id, the service's message, the
// recommended action); the run continues past them.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.New, "M365OnlineAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Csv")]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class NewM365OnlineAccountCommand : ConnectedPlanCommandBase
    {
        internal const string Scenario = "m365-accounts";
        private const string PasswordSecret = "InitialPassword";

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The linked domain the accounts are made in, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Csv", HelpMessage = "The CSV of the local users (SamAccountName or UserPrincipalName, DisplayName; optional GivenName, Surname, Mail, UsageLocation, Enabled)")]
        public string UsersCsvPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ActiveDirectory", HelpMessage = "Read the local users from Active Directory (Get-ADUser in this session) instead of a CSV")]
        public SwitchParameter FromActiveDirectory { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Get-ADUser's -Filter; default *")]
        public string Filter { get; set; }

        [Parameter(ParameterSetName = "ActiveDirectory", HelpMessage = "Only the users under this OU, e.g. OU=Staff,DC=corp,DC=contoso,DC=local")]
        public string SearchBase { get; set; }

        [Parameter(HelpMessage = "The country of users whose row has no UsageLocation (two letters, e.g. FR)")]
        public string UsageLocation { get; set; }

        [Parameter(HelpMessage = "The licence's SKU part number, e.g. O365_BUSINESS_PREMIUM; none when left out")]
        public string LicenseSku { get; set; }

        [Parameter(HelpMessage = "The first password of the accounts made (changed at first sign-in)")]
        public SecureString InitialPassword { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per user that failed: the account, the error id, the message, the recommended action")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Where the links Sync-M365OnlineAccount follows are kept; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Also write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override object Target => DomainName;

        internal override bool UsesHostSession => FromActiveDirectory.IsPresent;

        internal override IEnumerable<KeyValuePair<string, SecureString>> Secrets() =>
            InitialPassword == null ? new KeyValuePair<string, SecureString>[0]
                : new[] { new KeyValuePair<string, SecureString>(PasswordSecret, InitialPassword) };

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
            if (UsageLocation != null) parameters["UsageLocation"] = UsageLocation;
            if (LicenseSku != null) parameters["LicenseSku"] = LicenseSku;
            if (InitialPassword != null) parameters["InitialPassword"] = new JsonObject { { "$secret", PasswordSecret } };
            if (ResultsPath != null) parameters["ResultsPath"] = GetUnresolvedProviderPathFromPSPath(ResultsPath);
            if (StateDirectory != null) parameters["StateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
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
