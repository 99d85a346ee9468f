// Test-MailDnsRecord: the records a scenario needs, compared with what the live DNS serves (c-ares
// in the core, at the resolvers given or the system's), one verdict per record: present, missing,
// different, conflicting (a CNAME beside other data, two SPF records, an SPF over 10 lookups, an
// MX that breaks the migration rule) or error (the DNS could not be read: unknown, never absent).
// Domains from the pipeline are collected and checked together, so a thousand domains take a few
// round trips. Reads only.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "MailDnsRecord")]
    [OutputType(typeof(DnsRecordCheck), typeof(bool))]
    public sealed class TestMailDnsRecordCommand : MailDnsRecordCommandBase
    {
        private readonly List<string> _domains = new List<string>();

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, HelpMessage = "The domains to check, e.g. contoso.com")]
        public string[] DomainName { get; set; }

        [Parameter(HelpMessage = "DNS servers to ask, as IP or IP:port (default: this computer's resolvers)")]
        public string[] DnsServer { get; set; }

        [Parameter(HelpMessage = "Seconds to wait for one answer before the next try (default 2)")]
        [ValidateRange(0.1, 60)]
        public double TimeoutSeconds { get; set; } = 2;

        [Parameter(HelpMessage = "Mail is being migrated to Exchange Online: its MX must have a preference above the live MX, and never 0")]
        public SwitchParameter Migrating { get; set; }

        [Parameter(HelpMessage = "Return $true or $false per domain: whether every record is present")]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            if (DomainName != null) _domains.AddRange(DomainName);
        }

        protected override void EndProcessing()
        {
            if (_domains.Count == 0) return;
            var parameters = ScenarioParameters(_domains.Cast<object>().ToList());
            if (DnsServer != null) parameters.Add("DnsServer", DnsServer.Cast<object>().ToList());
            parameters.Add("TimeoutMilliseconds", (long)System.Math.Round(TimeoutSeconds * 1000));
            if (Migrating.IsPresent) parameters.Add("Migrating", true);
            string request = Request(parameters);
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checking {0} domain(s) against {1}.", _domains.Count,
                DnsServer == null ? "this computer's resolvers" : string.Join(", ", DnsServer)));
            string text = CallCore((session, connection) => session.VerifyRecords(request, connection), _domains.Count == 1 ? _domains[0] : null);
            if (text == null) return;

            var doc = Json.ParseObject(text);
            WriteDiagnostics(DiagnosticsOf(doc));
            foreach (var d in (doc.GetArray("domains") ?? new List<object>()).OfType<JsonObject>())
            {
                string domain = d.GetString("domain");
                string source = d.GetString("source");
                var records = (d.GetArray("records") ?? new List<object>()).OfType<JsonObject>()
                    .Select(r => DnsRecordCheck.FromJson(domain, source, r)).ToList();
                foreach (var failed in records.Where(r => r.Status == "error"))
                    WriteWarning(failed.Fqdn + " " + failed.Type + ": " + failed.Message + " (" + failed.FindingId + ")");
                if (Quiet.IsPresent)
                {
                    WriteObject(d.GetBool("allPresent") == true);
                    continue;
                }
                foreach (var note in PlanStep.Strings(d.GetArray("notes"))) WriteVerbose(domain + ": " + note);
                foreach (var r in records) WriteObject(r);
            }
        }
    }
}
