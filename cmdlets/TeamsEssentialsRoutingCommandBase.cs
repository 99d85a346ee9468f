// What Set-, Test- and Get-TeamsEssentialsRouting share: the parameters of seeds T1–T12 (modes
// GoogleWorkspace, Gmail, ExchangeHybrid), given directly or in a configuration file (JSON with the
// same names; a parameter given on the command line wins), and the core's request built from them.
// Which parameters a mode takes is checked in the core (teams.parameter.not_for_mode).
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    public abstract class TeamsEssentialsRoutingCommandBase : ConnectedPlanCommandBase
    {
        internal const string Scenario = "teams-routing";

        [Parameter(Position = 0, HelpMessage = "The mail system that stays: GoogleWorkspace (own domain at Google), Gmail (consumer Gmail, no domain needed), ExchangeHybrid (Exchange on-premises, hybrid); default GoogleWorkspace")]
        [ValidateSet("GoogleWorkspace", "Gmail", "ExchangeHybrid")]
        public string Mode { get; set; }

        [Parameter(Position = 1, HelpMessage = "GoogleWorkspace: the domain whose mail stays at Google, e.g. contoso.com (an accepted domain: Add-M365Domain first). Gmail: the optional custom domain. ExchangeHybrid: the on-premises domain")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "The alias subdomain Google receives Microsoft 365's copies on, e.g. g.contoso.com")]
        public string ForwardingDomain { get; set; }

        [Parameter(HelpMessage = "Google's smart host for the outbound connector; default aspmx.l.google.com")]
        public string SmartHost { get; set; }

        [Parameter(HelpMessage = "A Google mailbox to validate the connector with, e.g. johanna@g.contoso.com")]
        public string TestAddress { get; set; }

        [Parameter(HelpMessage = "The outbound connector's name; default 'To Google Workspace'")]
        public string ConnectorName { get; set; }

        [Parameter(HelpMessage = "Leave Outlook on the web on (T8 is skipped)")]
        public SwitchParameter KeepOutlookOnTheWeb { get; set; }

        [Parameter(HelpMessage = "Do not create the rule that deletes mail from outside except calendaring (T10)")]
        public SwitchParameter KeepExternalMail { get; set; }

        [Parameter(HelpMessage = "Gmail: leave POP as it is on the user mailboxes")]
        public SwitchParameter KeepPopDisabled { get; set; }

        [Parameter(HelpMessage = "Checklist items done. GoogleWorkspace: google.dual-delivery-route, google.routing-rule, google.alias-subdomain, google.spam-bypass. Gmail: entra.mfa, entra.conditional-access-pop, m365.custom-domain-dkim, gmail.pop-fetch, gmail.teams-calendar-addon. ExchangeHybrid: hybrid.teams-calendar-onprem, hybrid.teams-rooms")]
        public string[] ManualStepDone { get; set; }

        [Parameter(HelpMessage = "A JSON file with these parameters by name (Mode, DomainName, ForwardingDomain, …)")]
        public string ConfigurationFile { get; set; }

        [Parameter(HelpMessage = "T3: a CSV of the users to have (UserPrincipalName, DisplayName; optional UsageLocation, GivenName, Surname), each with a Teams Essentials licence")]
        public string UsersCsvPath { get; set; }

        [Parameter(HelpMessage = "T3: the licence's SKU part number; default Teams_Ess (Microsoft Teams Essentials)")]
        public string LicenseSku { get; set; }

        [Parameter(HelpMessage = "T3: the country of users whose row has no UsageLocation (two letters, e.g. FR)")]
        public string UsageLocation { get; set; }

        [Parameter(HelpMessage = "T3: the first password of the users created (changed at their first sign-in)")]
        public SecureString InitialPassword { get; set; }

        [Parameter(HelpMessage = "T3: a CSV file receiving one line per user that failed, with the reason and what to do")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "Where the record of what was changed is kept for Remove-TeamsEssentialsRouting; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        private const string PasswordSecret = "InitialPassword";

        internal override object Target => (object)DomainName ?? Mode ?? "GoogleWorkspace";

        internal override IEnumerable<KeyValuePair<string, SecureString>> Secrets() =>
            InitialPassword == null ? new KeyValuePair<string, SecureString>[0]
                : new[] { new KeyValuePair<string, SecureString>(PasswordSecret, InitialPassword) };

        internal override string BuildRequest()
        {
            var parameters = new JsonObject();
            if (ConfigurationFile != null)
            {
                string path = GetUnresolvedProviderPathFromPSPath(ConfigurationFile);
                JsonObject file;
                try
                {
                    file = Json.ParseObject(File.ReadAllText(path));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException || ex is ArgumentException)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("ConfigurationFile '" + ConfigurationFile + "' cannot be read as a JSON object: " + ex.Message, ex),
                        "teams.config_file.unreadable", ErrorCategory.InvalidArgument, ConfigurationFile));
                    return null;
                }
                foreach (var kv in file) parameters[kv.Key] = kv.Value;
            }
            void Set(string name, object value)
            {
                if (value != null) parameters[name] = value;
            }
            Set("Mode", Mode);
            Set("DomainName", DomainName);
            Set("ForwardingDomain", ForwardingDomain);
            Set("SmartHost", SmartHost);
            Set("TestAddress", TestAddress);
            Set("ConnectorName", ConnectorName);
            if (KeepOutlookOnTheWeb.IsPresent) Set("DisableOutlookOnTheWeb", false);
            if (KeepExternalMail.IsPresent) Set("DeleteExternalMail", false);
            if (KeepPopDisabled.IsPresent) Set("EnablePop", false);
            if (ManualStepDone != null) Set("ManualStepsDone", new List<object>(ManualStepDone));
            if (StateDirectory != null) Set("StateDirectory", GetUnresolvedProviderPathFromPSPath(StateDirectory));
            if (UsersCsvPath != null) Set("UsersCsvPath", GetUnresolvedProviderPathFromPSPath(UsersCsvPath));
            Set("LicenseSku", LicenseSku);
            Set("UsageLocation", UsageLocation);
            if (InitialPassword != null) Set("InitialPassword", new JsonObject { { "$secret", PasswordSecret } });
            if (ResultsPath != null) Set("ResultsPath", GetUnresolvedProviderPathFromPSPath(ResultsPath));
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
                { "parameters", parameters },
            });
        }
    }
}
