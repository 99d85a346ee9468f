// Get-ExchangeDnsRecord: the public DNS records of seed X2 for an on-premises Exchange, as objects,
// a BIND zone fragment or CSV. Computed by the core; nothing is read or sent.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public enum DnsRecordFormat
    {
        Object,
        Zone,
        Csv,
    }

    [Cmdlet(VerbsCommon.Get, "ExchangeDnsRecord")]
    [OutputType(typeof(DnsRecord), typeof(string))]
    public sealed class GetExchangeDnsRecordCommand : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "Domain Name, eg. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, Position = 1, HelpMessage = "The public IP address the mail host name resolves to, eg. 203.0.113.10")]
        public string PublicIpAddress { get; set; }

        [Parameter(HelpMessage = "The host name of the Exchange server in the domain; default: mail")]
        public string HostName { get; set; } = "mail";

        [Parameter(HelpMessage = "How clients find autodiscover: an SRV record (default) or an A record")]
        [ValidateSet("Srv", "A", IgnoreCase = true)]
        public string Autodiscover { get; set; } = "Srv";

        [Parameter(HelpMessage = "Time to live of the records, in seconds; default: 3600")]
        public int Ttl { get; set; } = 3600;

        [Parameter(HelpMessage = "Object (default), Zone (a BIND zone fragment) or Csv")]
        public DnsRecordFormat As { get; set; } = DnsRecordFormat.Object;

        protected override void ProcessRecord()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
                { "PublicIpAddress", PublicIpAddress },
                { "HostName", HostName },
                { "Autodiscover", Autodiscover.Equals("A", System.StringComparison.OrdinalIgnoreCase) ? "A" : "Srv" },
                { "Ttl", Ttl },
            };
            var request = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", ExchangeIntegrationCommandBase.Scenario },
                { "parameters", parameters },
            };

            int format = As == DnsRecordFormat.Zone ? NativeMethods.MAILINT_RECORDS_ZONE
                : As == DnsRecordFormat.Csv ? NativeMethods.MAILINT_RECORDS_CSV
                : NativeMethods.MAILINT_RECORDS_JSON;

            var session = OpenSession(null);
            string text;
            try
            {
                text = session.RenderRecords(Json.Serialize(request), format);
            }
            catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
            {
                if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, null));
                return;
            }
            catch (MailIntegrationException ex)
            {
                ThrowCoreError(ex, session);
                return;
            }
            finally
            {
                CloseSession();
            }

            if (As != DnsRecordFormat.Object)
            {
                WriteObject(text);
                return;
            }
            var doc = Json.ParseObject(text);
            WriteDiagnostics(DiagnosticsOf(doc));
            foreach (var r in (doc.GetArray("records") ?? new List<object>()).OfType<JsonObject>())
            {
                WriteObject(DnsRecord.FromJson(r));
            }
        }
    }
}
