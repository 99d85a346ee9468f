// Get-MailDnsRecord: the DNS records a scenario needs for a domain. Connected (Connect-
// MailIntegration), the tenant's own records (Graph's serviceConfigurationRecords, the
// verification code, Exchange Online's DKIM selectors); otherwise, or with -Offline, the documents'
// tables. Reads only; as objects, a BIND zone fragment, CSV, or the Essentials wizard's
// NewDNSRecords_(n).txt text.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public enum MailDnsRecordFormat
    {
        Object,
        Zone,
        Csv,
        Text,
    }

    [Cmdlet(VerbsCommon.Get, "MailDnsRecord")]
    [OutputType(typeof(DnsRecord), typeof(string))]
    public sealed class GetMailDnsRecordCommand : MailDnsRecordCommandBase
    {
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "The domain, e.g. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "Object (default), Zone (a BIND zone fragment), Csv, or Text (the NewDNSRecords_(n).txt layout)")]
        public MailDnsRecordFormat As { get; set; } = MailDnsRecordFormat.Object;

        protected override void ProcessRecord()
        {
            int format = As == MailDnsRecordFormat.Zone ? NativeMethods.MAILINT_RECORDS_ZONE
                : As == MailDnsRecordFormat.Csv ? NativeMethods.MAILINT_RECORDS_CSV
                : As == MailDnsRecordFormat.Text ? NativeMethods.MAILINT_RECORDS_TEXT
                : NativeMethods.MAILINT_RECORDS_JSON;
            string request = Request(ScenarioParameters(DomainName));
            string text = CallCore((session, connection) => session.RenderRecords(request, format, connection), DomainName);
            if (text == null) return;
            if (As != MailDnsRecordFormat.Object)
            {
                WriteObject(text);
                return;
            }
            var doc = Json.ParseObject(text);
            WriteDiagnostics(DiagnosticsOf(doc));
            foreach (var note in PlanStep.Strings(doc.GetArray("notes"))) WriteVerbose(note);
            if (doc.GetObject("spfInclude") is JsonObject spf)
            {
                WriteWarning(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "{0}: add {1} to the existing SPF record rather than publishing a second one (Test-MailDnsRecord shows the merged record).",
                    spf.GetString("fqdn"), spf.GetString("mechanism")));
            }
            foreach (var r in (doc.GetArray("records") ?? new List<object>()).OfType<JsonObject>())
            {
                WriteObject(DnsRecord.FromJson(r));
            }
        }
    }
}
