// What Get-MailDnsRecord and Test-MailDnsRecord share: the scenario, its parameters as the core's
// request takes them, and the choice between the documents' tables and a connected tenant's own
// records. Only the parameters the administrator gave are sent, so the core can name one that
// does not belong to the scenario chosen.
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public enum MailDnsScenario
    {
        M365,
        ExchangeOnPremises,
        TeamsEssentials,
    }

    public abstract class MailDnsRecordCommandBase : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "M365 (seed M3), ExchangeOnPremises (X2) or TeamsEssentials (T2, T11)")]
        public MailDnsScenario Scenario { get; set; }

        [Parameter(HelpMessage = "Time to live of the records from the documents' tables, in seconds (60 to 2147483647; default 3600)")]
        public int? Ttl { get; set; }

        [Parameter(HelpMessage = "M365, TeamsEssentials: the verification value Microsoft 365 shows for the domain, e.g. MS=ms12345678 (read from the tenant when connected)")]
        public string VerificationCode { get; set; }

        [Parameter(HelpMessage = "M365: prove ownership with a TXT record (default) or an MX record")]
        [ValidateSet("Txt", "Mx", IgnoreCase = true)]
        public string OwnershipProof { get; set; }

        [Parameter(HelpMessage = "M365: while mail still goes to the current server, the Exchange Online MX preference (above the live MX, never 0)")]
        public int? MxPreference { get; set; }

        [Parameter(HelpMessage = "M365: also the mail CNAME to mail.office365.com (Outlook on the web at mail.<domain>)")]
        public SwitchParameter MailCname { get; set; }

        [Parameter(HelpMessage = "M365: leave out the Skype for Business Online SRV records")]
        public SwitchParameter ExcludeSkypeForBusiness { get; set; }

        [Parameter(HelpMessage = "M365: also the sip and lyncdiscover CNAMEs")]
        public SwitchParameter IncludeSkypeCnames { get; set; }

        [Parameter(HelpMessage = "ExchangeOnPremises: the public IPv4 address the mail host name resolves to")]
        public string PublicIpAddress { get; set; }

        [Parameter(HelpMessage = "ExchangeOnPremises: the host label of the Exchange server; default: mail")]
        public string HostName { get; set; }

        [Parameter(HelpMessage = "ExchangeOnPremises: an SRV record (default) or an A record for autodiscover")]
        [ValidateSet("Srv", "A", IgnoreCase = true)]
        public string Autodiscover { get; set; }

        [Parameter(HelpMessage = "TeamsEssentials: the tenant's initial domain, e.g. contoso.onmicrosoft.com (read from the tenant when connected)")]
        public string InitialDomain { get; set; }

        [Parameter(HelpMessage = "TeamsEssentials: Selector1CNAME of Get-DkimSigningConfig (read from Exchange Online when connected)")]
        public string Selector1Cname { get; set; }

        [Parameter(HelpMessage = "TeamsEssentials: Selector2CNAME of Get-DkimSigningConfig")]
        public string Selector2Cname { get; set; }

        [Parameter(HelpMessage = "TeamsEssentials: the domain's mail goes to Exchange Online (T11) instead of staying with the current mail system (T2)")]
        public SwitchParameter MailToMicrosoft365 { get; set; }

        [Parameter(HelpMessage = "Use the documents' tables even when a tenant is connected")]
        public SwitchParameter Offline { get; set; }

        internal static string ScenarioName(MailDnsScenario s) =>
            s == MailDnsScenario.ExchangeOnPremises ? "exchange-onprem"
            : s == MailDnsScenario.TeamsEssentials ? "teams-essentials"
            : "m365";

        /// <summary>The scenario's parameters the administrator gave, under the core's names.</summary>
        internal JsonObject ScenarioParameters(object domainName)
        {
            var p = new JsonObject { { "DomainName", domainName } };
            void Add(string name, object value)
            {
                if (value != null) p.Add(name, value);
            }
            Add("Ttl", Ttl);
            Add("VerificationCode", VerificationCode);
            Add("OwnershipProof", OwnershipProof);
            Add("MxPreference", MxPreference);
            if (MailCname.IsPresent) Add("MailCname", true);
            if (ExcludeSkypeForBusiness.IsPresent) Add("SkypeForBusiness", false);
            if (IncludeSkypeCnames.IsPresent) Add("SkypeCnames", true);
            Add("PublicIpAddress", PublicIpAddress);
            Add("HostName", HostName);
            Add("Autodiscover", Autodiscover);
            Add("InitialDomain", InitialDomain);
            Add("Selector1CNAME", Selector1Cname);
            Add("Selector2CNAME", Selector2Cname);
            if (MailToMicrosoft365.IsPresent) Add("MailToMicrosoft365", true);
            return p;
        }

        internal string Request(JsonObject parameters) => Json.Serialize(new JsonObject
        {
            { "schemaVersion", NativeMethods.SchemaVersion },
            { "scenario", ScenarioName(Scenario) },
            { "parameters", parameters },
        });

        /// <summary>Runs `call` with the runspace's connection (the tenant's records) or, offline
        /// or unconnected, with a session of its own (the documents' tables). Invalid input
        /// becomes one error record per finding; other failures end the command.</summary>
        internal string CallCore(Func<CoreSession, ConnectionHandle, string> call, object target)
        {
            var connection = Offline.IsPresent ? null : ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            string text = null;
            CoreSession session = null;
            void Run()
            {
                try
                {
                    text = call(session, connection?.Handle);
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                {
                    if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, target));
                }
                catch (MailIntegrationException ex)
                {
                    ThrowCoreError(ex, session);
                }
            }
            if (connection == null)
            {
                session = OpenSession(null);
                try { Run(); }
                finally { CloseSession(); }
                return text;
            }
            session = connection.Session;
            if (!connection.TryUse(Run))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, target));
            }
            return text;
        }
    }
}
