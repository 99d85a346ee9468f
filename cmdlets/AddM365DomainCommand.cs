// Add-M365Domain (seeds M1, M3, T2): links a custom domain to the connected tenant, waits for the
// verification record in public DNS, verifies the domain, marks its services and, with -SetDefault,
// makes it the default. Planned first through the runspace's connection, each change confirmed
// through ShouldProcess; a second run over a converged tenant reads and writes nothing.
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Add, "M365Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class AddM365DomainCommand : MailIntegrationCmdletBase
    {
        internal const string Scenario = "m365-domain";
        private RunspaceConnection _connection;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The custom domain to link, e.g. contoso.com")]
        [Alias("Name")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "Make the domain the tenant's default once it is verified")]
        public SwitchParameter SetDefault { get; set; }

        [Parameter(HelpMessage = "Services to turn on for the domain (Email, OfficeCommunicationsOnline, Yammer); default: Email. Services already on are kept")]
        public string[] SupportedServices { get; set; }

        [Parameter(HelpMessage = "Wait until public DNS shows the verification record (see -TimeoutSeconds) instead of looking once")]
        public SwitchParameter Wait { get; set; }

        [Parameter(HelpMessage = "With -Wait: how long to wait for the record, in seconds (default 3600)")]
        public int TimeoutSeconds { get; set; } = 3600;

        [Parameter(HelpMessage = "With -Wait: seconds between two DNS lookups (default 30)")]
        public int PollIntervalSeconds { get; set; } = 30;

        [Parameter(HelpMessage = "DNS servers to ask, as IP or IP:port (default: this computer's resolvers)")]
        public string[] DnsServer { get; set; }

        [Parameter(HelpMessage = "Allow a subdomain such as marketing.contoso.com (the Essentials procedure links second-level domains only)")]
        public SwitchParameter AllowSubdomain { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            _connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            if (_connection == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no connection in this session: run Connect-MailIntegration first."),
                    "connection.not_connected", ErrorCategory.ConnectionError, DomainName));
            }
        }

        protected override void StopProcessing()
        {
            _connection?.Session.Stop();
        }

        protected override void ProcessRecord()
        {
            var session = _connection.Session;
            bool used = _connection.TryUse(() =>
            {
                session.BeginInvocation(this, ProgressActivityId);
                try
                {
                    PlanHandle plan;
                    try
                    {
                        plan = session.BuildPlanConnected(_connection.Handle, BuildRequest());
                    }
                    catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                    {
                        if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, DomainName));
                        return;
                    }
                    catch (MailIntegrationException ex)
                    {
                        ThrowCoreError(ex, session);
                        return;
                    }
                    using (var ready = ReadPlan(session, plan, out _, out var steps))
                    {
                        if (ready == null) return;
                        PlanApplier.Apply(this, session, ready, steps, PassThru);
                    }
                }
                finally
                {
                    session.EndInvocation();
                }
            });
            if (!used)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, DomainName));
            }
        }

        private string BuildRequest()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
                { "SetDefault", SetDefault.IsPresent },
                { "AllowSubdomain", AllowSubdomain.IsPresent },
                { "WaitTimeoutSeconds", Wait.IsPresent ? TimeoutSeconds : 0 },
                { "PollIntervalSeconds", PollIntervalSeconds },
            };
            if (SupportedServices != null) parameters.Add("SupportedServices", new List<object>(SupportedServices));
            if (DnsServer != null) parameters.Add("DnsServer", new List<object>(DnsServer));
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
                { "parameters", parameters },
            });
        }
    }
}
