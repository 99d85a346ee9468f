// New-M365OnlineAccount (seeds M4, M5): online accounts for local users in bulk, from a CSV export
// of the local directory (Get-ADUser -Properties mail | Select-Object SamAccountName,
// UserPrincipalName, DisplayName, GivenName, Surname, Mail, Enabled | Export-Csv). Each user gets
// <name>@<DomainName>, a usage location and, with -LicenseSku, a licence; an existing account (same
// UPN and the local address, or the local address under another UPN) is matched, never duplicated.
// Every user an account could not be made or licensed for is one MailIntegration.AccountResult
// object and one line of -ResultsPath (the account, the error id, the service's message, the
// recommended action); the run continues past them.
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.New, "M365OnlineAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Csv")]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class NewM365OnlineAccountCommand : M365AccountSourceCommandBase
    {
        private const string PasswordSecret = "InitialPassword";

        [Parameter(HelpMessage = "The country of users whose row has no UsageLocation (two letters, e.g. FR); required from Active Directory")]
        public string UsageLocation { get; set; }

        [Parameter(HelpMessage = "The licence's SKU part number, e.g. O365_BUSINESS_PREMIUM; none when left out")]
        public string LicenseSku { get; set; }

        [Parameter(HelpMessage = "The first password of the accounts made (changed at first sign-in)")]
        public SecureString InitialPassword { get; set; }

        internal override IEnumerable<KeyValuePair<string, SecureString>> Secrets() =>
            InitialPassword == null ? new KeyValuePair<string, SecureString>[0]
                : new[] { new KeyValuePair<string, SecureString>(PasswordSecret, InitialPassword) };

        internal override string BuildRequest()
        {
            var parameters = SourceParameters();
            if (UsageLocation != null) parameters["UsageLocation"] = UsageLocation;
            if (LicenseSku != null) parameters["LicenseSku"] = LicenseSku;
            if (InitialPassword != null) parameters["InitialPassword"] = new JsonObject { { "$secret", PasswordSecret } };
            return Request("m365-accounts", parameters);
        }
    }
}
