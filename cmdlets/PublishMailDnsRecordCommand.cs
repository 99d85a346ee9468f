// Publish-MailDnsRecord: a scenario's DNS records (Get-MailDnsRecord's, the tenant's when
// connected) published in a zone the administrator's own Windows DNS server hosts, through the
// DnsServer module's cmdlets in this session (Get-, Add-, Remove-DnsServerResourceRecord; the
// module must be available here, or the DNS server reachable with -ComputerName). Planned first:
// only what differs is written, each change confirmed through ShouldProcess; a CNAME conflict or
// two SPF records are left to the administrator; nothing else is removed.
using System;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsData.Publish, "MailDnsRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class PublishMailDnsRecordCommand : MailDnsRecordCommandBase
    {
        internal const string PlanScenario = "windows-dns";
        private CoreSession _active;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "The domain whose records to publish, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "The zone on the DNS server that holds the domain; default: the domain itself")]
        public string ZoneName { get; set; }

        [Parameter(HelpMessage = "The Windows DNS server, as the DnsServer cmdlets take it; default: this computer")]
        public string ComputerName { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _active?.Stop();
        }

        protected override void ProcessRecord()
        {
            var parameters = ScenarioParameters(DomainName);
            parameters.Add("RecordScenario", ScenarioName(Scenario));
            if (ZoneName != null) parameters.Add("ZoneName", ZoneName);
            if (ComputerName != null) parameters.Add("ComputerName", ComputerName);
            string request = Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", PlanScenario },
                { "parameters", parameters },
            });

            var connection = Offline.IsPresent ? null : ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            if (connection == null)
            {
                var session = OpenSession(null);
                try { Run(session, null, request); }
                finally { CloseSession(); }
                return;
            }
            if (!connection.TryUse(() => Run(connection.Session, connection, request)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, DomainName));
            }
        }

        private void Run(CoreSession session, RunspaceConnection connection, string request)
        {
            _active = session;
            session.BeginInvocation(this, ProgressActivityId);
            session.SetHost(new HostSessionBridge(this, null));
            try
            {
                PlanHandle plan;
                try
                {
                    plan = connection == null ? session.BuildPlan(request) : session.BuildPlanConnected(connection.Handle, request);
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                {
                    if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, DomainName));
                    return;
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_FAILED_PRECONDITION)
                {
                    WriteError(ToErrorRecord(ex, ZoneName ?? DomainName));
                    return;
                }
                catch (MailIntegrationException ex)
                {
                    ThrowCoreError(ex, session);
                    return;
                }
                using (var ready = ReadPlan(session, plan, out _, out var steps))
                {
                    if (ready == null) return;  // the plan's warnings (conflicts left to the administrator) are written
                    PlanApplier.Apply(this, session, ready, steps, PassThru);
                }
            }
            finally
            {
                session.ClearHost();
                session.EndInvocation();
                _active = null;
            }
        }
    }
}
