// What Set- and Test-CrmServerSideSync share: the parameters of seeds C1–C9 (names of
// ConfigureCrmServerSideSync.ps1 where it has them) and the core's request built from them. The
// Dynamics 365 deployment's cmdlets (Get-/Set-CrmAdvancedSetting, CertificateReconfiguration.ps1)
// run in this runspace through the host session: run the cmdlet on the deployment server with the
// Microsoft.Crm.PowerShell snap-in loaded.
using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    public abstract class CrmServerSideSyncCommandBase : ConnectedPlanCommandBase
    {
        internal const string Scenario = "crm-sss";
        private const string PasswordSecret = "PrivateKeyPassword";

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The Dynamics 365 organization, e.g. Contoso (Get-CrmOrganization)")]
        public string OrganizationName { get; set; }

        [Parameter(HelpMessage = "Which parts of the document to run, in its order: Certificate (C3), Authentication (C4), Profile (C5), Defaults (C6), Mailboxes (C7-C9); default all")]
        [ValidateSet("Certificate", "Authentication", "Profile", "Defaults", "Mailboxes")]
        public string[] Step { get; set; }

        [Parameter(HelpMessage = "The .pfx of the server-to-server certificate, e.g. c:\\Personalcertfile.pfx")]
        public string PfxFilePath { get; set; }

        [Parameter(HelpMessage = "The .cer of the same certificate (its public key is checked against the .pfx)")]
        public string CerFilePath { get; set; }

        [Parameter(HelpMessage = "The password of the .pfx's private key")]
        public SecureString PrivateKeyPassword { get; set; }

        [Parameter(HelpMessage = "Accept a self-signed certificate (evaluation deployments only, as the document says)")]
        public SwitchParameter AllowSelfSignedCertificate { get; set; }

        [Parameter(HelpMessage = "The account of the Asynchronous Processing Service granted the private key, e.g. contoso\\CRMAsyncService")]
        public string ServiceAccount { get; set; }

        [Parameter(HelpMessage = "The folder holding CertificateReconfiguration.ps1; default C:\\Program Files\\Microsoft Dynamics CRM\\Tools")]
        public string CrmToolsPath { get; set; }

        [Parameter(HelpMessage = "The Internet-facing deployment's URL, checked for an answer before anything changes")]
        public string IfdUrl { get; set; }

        [Parameter(HelpMessage = "The Dynamics 365 servers' domain, e.g. contoso.com: also registers 00000007-0000-0000-c000-000000000000/*.<domain> as MSOnline did")]
        public string RootDomainName { get; set; }

        [Parameter(HelpMessage = "The authorization server metadata URL; default https://accounts.accesscontrol.windows.net/metadata/json/1 (GCC High: https://login.microsoftonline.us/metadata/json/1)")]
        public string MetadataUrl { get; set; }

        [Parameter(HelpMessage = "The email server profile's name; default 'Exchange Online (Hybrid)'")]
        public string ProfileName { get; set; }

        [Parameter(HelpMessage = "The profile's description")]
        public string ProfileDescription { get; set; }

        [Parameter(HelpMessage = "An explicit Exchange Online tenant id for the profile (not recommended: the default tenant id set by this cmdlet is used otherwise)")]
        public string ExchangeOnlineTenantId { get; set; }

        [Parameter(HelpMessage = "The incoming server location (turns autodiscover off; give OutgoingServerLocation too)")]
        public string IncomingServerLocation { get; set; }

        [Parameter(HelpMessage = "The outgoing server location (with IncomingServerLocation)")]
        public string OutgoingServerLocation { get; set; }

        [Parameter(HelpMessage = "Email received after this date is processed, e.g. 2025-01-01")]
        public DateTime? ProcessEmailsReceivedAfter { get; set; }

        [Parameter(HelpMessage = "Minimum polling interval in minutes (0-1440)")]
        [ValidateRange(0, 1440)]
        public int? MinPollingIntervalInMinutes { get; set; }

        [Parameter(HelpMessage = "Move email that failed to be tracked to the Undeliverable folder")]
        public SwitchParameter MoveUndeliveredEmails { get; set; }

        [Parameter(HelpMessage = "Process email of approved users and queues only (the document's default); $false to turn it off")]
        public bool? RequireApproval { get; set; }

        [Parameter(HelpMessage = "The mailboxes to configure, approve and test, by email address")]
        public string[] Mailbox { get; set; }

        [Parameter(HelpMessage = "Configure, approve and test every active mailbox")]
        public SwitchParameter AllMailboxes { get; set; }

        [Parameter(HelpMessage = "Configure and approve the mailboxes but do not Test & Enable them")]
        public SwitchParameter SkipTestAndEnable { get; set; }

        [Parameter(HelpMessage = "How long to wait for Test & Enable (seconds); default 900")]
        [ValidateRange(1, 86400)]
        public int? TestTimeoutSeconds { get; set; }

        [Parameter(HelpMessage = "Seconds between two reads of the test statuses; default 5")]
        [ValidateRange(0, 600)]
        public double? PollIntervalSeconds { get; set; }

        [Parameter(HelpMessage = "A CSV file receiving one line per mailbox that failed, with the reason and what to do")]
        public string ResultsPath { get; set; }

        [Parameter(HelpMessage = "The Microsoft 365 administrator (ConfigureCrmServerSideSync.ps1's O365AdminEmail); the connection's account signs in")]
        public string O365AdminEmail { get; set; }

        internal override object Target => OrganizationName;

        internal override bool UsesHostSession => true;

        internal override IEnumerable<KeyValuePair<string, SecureString>> Secrets() =>
            PrivateKeyPassword == null ? new KeyValuePair<string, SecureString>[0]
                : new[] { new KeyValuePair<string, SecureString>(PasswordSecret, PrivateKeyPassword) };

        internal override string BuildRequest()
        {
            var parameters = new JsonObject();
            void Set(string name, object value)
            {
                if (value != null) parameters[name] = value;
            }
            string Path(string p) => p == null ? null : GetUnresolvedProviderPathFromPSPath(p);
            Set("OrganizationName", OrganizationName);
            if (Step != null) Set("Step", new List<object>(Step));
            Set("PfxFilePath", Path(PfxFilePath));
            Set("CerFilePath", Path(CerFilePath));
            if (PrivateKeyPassword != null) Set("PrivateKeyPassword", new JsonObject { { "$secret", PasswordSecret } });
            if (AllowSelfSignedCertificate.IsPresent) Set("AllowSelfSignedCertificate", true);
            Set("ServiceAccount", ServiceAccount);
            Set("CrmToolsPath", CrmToolsPath);
            Set("IfdUrl", IfdUrl);
            Set("RootDomainName", RootDomainName);
            Set("MetadataUrl", MetadataUrl);
            Set("O365AdminEmail", O365AdminEmail);
            Set("ProfileName", ProfileName);
            Set("ProfileDescription", ProfileDescription);
            Set("ExchangeOnlineTenantId", ExchangeOnlineTenantId);
            if (IncomingServerLocation != null || OutgoingServerLocation != null) Set("UseAutodiscover", false);
            Set("IncomingServerLocation", IncomingServerLocation);
            Set("OutgoingServerLocation", OutgoingServerLocation);
            if (ProcessEmailsReceivedAfter.HasValue)
                Set("ProcessEmailsReceivedAfter", ProcessEmailsReceivedAfter.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            if (MinPollingIntervalInMinutes.HasValue) Set("MinPollingIntervalInMinutes", (long)MinPollingIntervalInMinutes.Value);
            if (MoveUndeliveredEmails.IsPresent) Set("MoveUndeliveredEmails", true);
            if (RequireApproval.HasValue) Set("RequireApproval", RequireApproval.Value);
            if (Mailbox != null) Set("Mailbox", new List<object>(Mailbox));
            if (AllMailboxes.IsPresent) Set("AllMailboxes", true);
            if (SkipTestAndEnable.IsPresent) Set("TestAndEnable", false);
            if (TestTimeoutSeconds.HasValue) Set("TestTimeoutSeconds", (long)TestTimeoutSeconds.Value);
            if (PollIntervalSeconds.HasValue) Set("PollIntervalSeconds", PollIntervalSeconds.Value);
            Set("ResultsPath", Path(ResultsPath));
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
                { "parameters", parameters },
            });
        }
    }
}
