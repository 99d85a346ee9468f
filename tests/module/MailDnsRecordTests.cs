// Get-MailDnsRecord and Test-MailDnsRecord through the real engine: the documents' tables offline,
// the tenant's records when connected (the emulator's Graph), live answers from the fixture's BIND.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class MailDnsRecordTests : IDisposable
    {
        private const string Domain = ModuleFixture.DnsZone;
        private const string ExoMx = "northwind-module-com.mail.protection.outlook.com";
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public MailDnsRecordTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _f.Dns.SetRecords(Domain, string.Empty);
            _rs = _f.NewRunspace();
            _f.ResetCounters();
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;

        private static void AssertNoErrors(RunResult r) =>
            Assert.True(r.Terminating == null && r.Errors.Count == 0, string.Join(" | ", r.ErrorIds) + " " + r.Terminating);

        private RunResult Get(string scenario, params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object> { ["Scenario"] = scenario, ["DomainName"] = Domain };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, "Get-MailDnsRecord", args);
        }

        private RunResult Test(string scenario, params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object>
            {
                ["Scenario"] = scenario,
                ["DomainName"] = new[] { Domain },
                ["DnsServer"] = new[] { _f.Dns.Address },
            };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, "Test-MailDnsRecord", args);
        }

        private static (int Exit, string Output) NamedCheckzone(string zone, string fragment, string dir)
        {
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, zone + "-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".db");
            File.WriteAllText(file, "$ORIGIN " + zone + ".\n$TTL 3600\n@ IN SOA ns1." + zone + ". hostmaster." + zone +
                                    ". ( 1 3600 900 604800 300 )\n@ IN NS ns1." + zone + ".\nns1 IN A 192.0.2.53\n" + fragment);
            var psi = new ProcessStartInfo("/usr/bin/named-checkzone") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-i", "local", "-k", "fail", "-m", "fail", "-M", "fail", "-n", "fail", "-S", "fail", zone, file }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }

        [Fact]
        public void Get_MailDnsRecord_gives_each_scenarios_records_as_objects_zone_csv_and_text()
        {
            var m365 = Get("M365");
            AssertNoErrors(m365);
            var types = m365.Output.Select(o => (string)P(o, "Type")).ToList();
            Assert.Equal(new[] { "MX", "CNAME", "TXT", "SRV", "SRV" }, types);
            Assert.Equal(ExoMx, (string)P(m365.Output[0], "Value"));
            Assert.Equal("MailIntegration.DnsRecord", m365.Output[0].TypeNames[0]);

            var scenarios = new Dictionary<string, (string Name, object Value)[]>
            {
                ["M365"] = new[] { ("VerificationCode", (object)"MS=ms424242"), ("MailCname", (object)true) },
                ["ExchangeOnPremises"] = new[] { ("PublicIpAddress", (object)"203.0.113.10") },
                ["TeamsEssentials"] = new[] { ("InitialDomain", (object)"contoso.onmicrosoft.com"), ("VerificationCode", (object)"MS=ms424242") },
            };
            foreach (var s in scenarios)
            {
                var zone = Get(s.Key, s.Value.Append(("As", (object)"Zone")).ToArray());
                AssertNoErrors(zone);
                string fragment = (string)zone.Output.Single().BaseObject;
                var check = NamedCheckzone(Domain, fragment, Path.Combine(_f.TempDir, "checkzone"));
                Assert.True(check.Exit == 0, s.Key + ": named-checkzone refused the zone:\n" + check.Output + "\n" + fragment);

                var csv = Get(s.Key, s.Value.Append(("As", (object)"Csv")).ToArray());
                AssertNoErrors(csv);
                var lines = ((string)csv.Output.Single().BaseObject).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var objects = Get(s.Key, s.Value);
                Assert.Equal(objects.Output.Count + 1, lines.Length);  // a header, then one line per record

                var text = Get(s.Key, s.Value.Append(("As", (object)"Text")).ToArray());
                AssertNoErrors(text);
                string t = (string)text.Output.Single().BaseObject;
                Assert.StartsWith("New DNS records for " + Domain + "\r\n", t, StringComparison.Ordinal);
                Assert.Contains("Record 1 of " + objects.Output.Count + ": ", t);
                Assert.Contains("TTL=01:00:00", t);
            }

            // Teams Essentials (T2): the SPF include is a merge, said as a warning, never a second record.
            var teams = Get("TeamsEssentials", ("InitialDomain", "contoso.onmicrosoft.com"));
            Assert.Contains(teams.Warnings, w => w.Message.Contains("include:spf.protection.outlook.com", StringComparison.Ordinal));
            Assert.DoesNotContain(teams.Output, o => (string)P(o, "Type") == "TXT");
            Assert.Equal(new[] { "selector1._domainkey", "selector2._domainkey" }, teams.Output.Select(o => (string)P(o, "Name")).ToArray());
        }

        [Fact]
        public void Bad_input_is_an_error_naming_the_parameter_and_nothing_is_queried_or_sent()
        {
            Cloud.Connect(_f, _rs);
            _f.ResetCounters();
            var cases = new (string Cmdlet, Dictionary<string, object> Args, string Id)[]
            {
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = "bad..com" }, "validation.domain.malformed"),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = new string('x', 64) + ".com" }, "validation.domain."),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = "sales." + Domain }, "validation.domain.third_level"),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = "203.0.113.7" }, "validation.domain."),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Domain, ["PublicIpAddress"] = "203.0.113.10" }, "validation.dns.parameter.unknown"),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "ExchangeOnPremises", ["DomainName"] = Domain }, "validation.ipv4.empty"),
                ("Get-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Domain, ["Ttl"] = 5 }, "validation.ttl.out_of_range"),
                ("Test-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = new[] { Domain, "xn--ab-.com" } }, "validation.domain.malformed"),
                ("Test-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Domain, ["DnsServer"] = new[] { "ns1.example.com" } }, "validation.dns.server.malformed"),
                ("Test-MailDnsRecord", new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Domain, ["MxPreference"] = 0, ["Migrating"] = true }, "validation.dns.mx_preference.zero"),
            };
            foreach (var c in cases)
            {
                var r = Runner.Run(_rs, c.Cmdlet, c.Args);
                Assert.True(r.ErrorIds.Any(id => id.StartsWith(c.Id, StringComparison.Ordinal)),
                    c.Cmdlet + " " + string.Join(" ", c.Args.Select(a => a.Key + "=" + a.Value)) + ": got " + string.Join(" | ", r.ErrorIds));
                Assert.Empty(r.Output);
                Assert.All(r.Errors, e => Assert.NotNull(e.TargetObject));  // each names its parameter
            }
            Assert.Empty(_f.Requests());
        }

        [Fact]
        public void Test_MailDnsRecord_reports_present_missing_different_and_conflicting_then_all_present()
        {
            // Live: the right MX, autodiscover aliased elsewhere, two SPF records, no SRV records.
            _f.Dns.SetRecords(Domain,
                "@ IN MX 0 " + ExoMx + ".\n" +
                "autodiscover IN CNAME autodiscover.elsewhere.example.\n" +
                "@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n" +
                "@ IN TXT \"v=spf1 mx -all\"");
            var r = Test("M365");
            AssertNoErrors(r);
            var byType = r.Output.GroupBy(o => (string)P(o, "Type")).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal("present", (string)P(byType["MX"][0], "Status"));
            Assert.Equal("different", (string)P(byType["CNAME"][0], "Status"));
            Assert.Contains("autodiscover.elsewhere.example", (string[])P(byType["CNAME"][0], "Actual"));
            Assert.Equal("conflicting", (string)P(byType["TXT"][0], "Status"));
            Assert.All(byType["SRV"], o => Assert.Equal("missing", (string)P(o, "Status")));
            Assert.All(r.Output, o => Assert.False(string.IsNullOrEmpty((string)P(o, "FindingId"))));
            Assert.Equal("MailIntegration.DnsRecordCheck", r.Output[0].TypeNames[0]);

            var quiet = Test("M365", ("Quiet", true));
            Assert.False((bool)quiet.Output.Single().BaseObject);

            // Fixed: every record present.
            _f.Dns.SetRecords(Domain,
                "@ IN MX 0 " + ExoMx + ".\n" +
                "autodiscover IN CNAME autodiscover.outlook.com.\n" +
                "@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"\n" +
                "_sip._tls IN SRV 100 1 443 sipdir.online.lync.com.\n" +
                "_sipfederationtls._tcp IN SRV 100 1 5061 sipfed.online.lync.com.");
            var fixedRun = Test("M365");
            AssertNoErrors(fixedRun);
            Assert.All(fixedRun.Output, o => Assert.Equal("present", (string)P(o, "Status")));
            Assert.True((bool)Test("M365", ("Quiet", true)).Output.Single().BaseObject);

            // A server that does not answer: unknown, never "missing".
            var silent = Runner.Run(_rs, "Test-MailDnsRecord", new Dictionary<string, object>
            {
                ["Scenario"] = "M365", ["DomainName"] = Domain, ["DnsServer"] = new[] { "127.0.0.1:9" }, ["TimeoutSeconds"] = 0.2,
            });
            Assert.NotEmpty(silent.Output);
            Assert.All(silent.Output, o => Assert.Equal("error", (string)P(o, "Status")));
            Assert.NotEmpty(silent.Warnings);
            _f.Count(_out, "Test-MailDnsRecord: " + r.Output.Count + " verdicts per M365 domain; 0 requests to the tenant offline (" + _f.Requests().Count + ")");
            Assert.Empty(_f.Requests());
        }

        [Fact]
        public void Connected_the_tenants_own_records_are_used_and_only_read()
        {
            Cloud.Connect(_f, _rs);
            // Link and verify the domain, so Graph lists Email's records for it.
            _f.Dns.SetRecords(Domain, "@ IN MX 10 mail." + Domain + ".");
            var add = Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address } });
            var code = Regex.Match(add.AllText(), @"MS=ms[0-9]+");
            Assert.True(code.Success, add.AllText());

            // Before verification: Graph lists no service records yet, the verification code is the tenant's.
            var unverified = Get("M365");
            AssertNoErrors(unverified);
            Assert.Equal(code.Value, (string)P(unverified.Output[0], "Value"));

            _f.Dns.SetRecords(Domain, "@ IN MX 10 mail." + Domain + ".\n@ IN TXT \"" + code.Value + "\"");
            AssertNoErrors(Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address } }));

            _f.ResetCounters();
            var tenant = Get("M365", ("Verbose", true));
            AssertNoErrors(tenant);
            Assert.Contains(tenant.Verbose, v => v.Message.Contains("serviceConfigurationRecords", StringComparison.Ordinal));
            // The emulator's Graph asks for a soft-fail SPF; the document's table says -all: this is Graph's.
            Assert.Contains(tenant.Output, o => (string)P(o, "Type") == "TXT" && (string)P(o, "Value") == "v=spf1 include:spf.protection.outlook.com ~all");
            Assert.DoesNotContain(tenant.Output, o => ((string)P(o, "Value")).StartsWith("MS=", StringComparison.Ordinal));  // verified: no proof needed

            var offline = Get("M365", ("Offline", true));
            Assert.Contains(offline.Output, o => (string)P(o, "Value") == "v=spf1 include:spf.protection.outlook.com -all");

            var check = Test("M365");
            AssertNoErrors(check);
            Assert.All(check.Output, o => Assert.Equal("tenant", (string)P(o, "Source")));
            Assert.Contains(check.Output, o => (string)P(o, "Type") == "MX" && (string)P(o, "Status") == "different");  // still mail.<domain>

            Assert.DoesNotContain(_f.Requests(), q => (bool?)q["write"] == true);
            _f.Count(_out, "Get-/Test-MailDnsRecord connected: " + _f.Requests().Count + " reads, 0 writes");
            Cloud.AssertNoLeak(tenant.AllText() + check.AllText() + Cloud.RequestLog(_f), Cloud.Secret);
        }
    }
}
