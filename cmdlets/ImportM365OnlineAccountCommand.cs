// Import-M365OnlineAccount (seed M4, the other direction): the online accounts of -DomainName that
// have no local user become local users, made in this session with New-ADUser (run it on a domain
// member with the ActiveDirectory module): -Path for the OU, -LocalUpnSuffix for their UPN,
// -InitialPassword (changed at first sign-in). Existing local users are matched, never duplicated,
// and every pair is linked for Sync-M365OnlineAccount; a user that fails is an error record and a
// line of -ResultsPath, and the others go on.
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsData.Import, "M365OnlineAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class ImportM365OnlineAccountCommand : ConnectedPlanCommandBase
    {
        private const string PasswordSecret = "InitialPassword";

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The linked domain whose online accounts are imported, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "The OU the local users are made in, e.g. OU=Staff,DC=corp,DC=contoso,DC=com")]
        public string Path { get; set; }

        [Parameter(HelpMessage = "The local users' UPN suffix; default the domain")]
        public string LocalUpnSuffix { get; set; }

        [Parameter(HelpMessage = "The local users' first password (changed at first sign-in)")]
        public SecureString InitialPassword { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per user that could not be made")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Where the links Sync-M365OnlineAccount follows are kept")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        internal override bool UsesHostSession => true;

        internal override object Target => DomainName;

        internal override IEnumerable<KeyValuePair<string, SecureString>> Secrets() =>
            InitialPassword == null ? new KeyValuePair<string, SecureString>[0]
                : new[] { new KeyValuePair<string, SecureString>(PasswordSecret, InitialPassword) };

        // Each user that could not be made, as the results file has it (M5).
        internal override void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThru.IsPresent, null, (step, result) =>
                WriteObject(new AccountResult
                {
                    Item = step.Identity,
                    Step = "New-ADUser",
                    ErrorId = result.GetString("errorId"),
                    Message = result.GetString("message"),
                    RecommendedAction = "See the message; fix the cause and run again (local users already made are not made twice).",
                }));

        internal override string BuildRequest()
        {
            var parameters = new JsonObject { { "DomainName", DomainName } };
            if (Path != null) parameters["Path"] = Path;
            if (LocalUpnSuffix != null) parameters["LocalUpnSuffix"] = LocalUpnSuffix;
            if (InitialPassword != null) parameters["InitialPassword"] = new JsonObject { { "$secret", PasswordSecret } };
            if (ResultsPath != null) parameters["ResultsPath"] = GetUnresolvedProviderPathFromPSPath(ResultsPath);
            if (StateDirectory != null) parameters["StateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "m365-accounts-import" },
                { "parameters", parameters },
            });
        }
    }
}
