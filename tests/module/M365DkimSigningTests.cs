// Enable-M365DkimSigning through the real engine, against the emulator's Exchange Online (which
// refuses to enable DKIM before public DNS shows both selector CNAMEs, asking the fixture's BIND)
// and Test-MailDnsRecord -Scenario TeamsEssentials reading the same selectors from the tenant.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class M365DkimSigningTests : IDisposable
    {
        private const string Domain = ModuleFixture.DnsZone;
        private const string BaseZone = "@ IN MX 10 mail." + Domain + ".\n";
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;
        private string _zone;

        public M365DkimSigningTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _zone = BaseZone;
            _f.Dns.SetRecords(Domain, _zone);
            _rs = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;

        private void Publish(string records)
        {
            _zone += records;
            _f.Dns.SetRecords(Domain, _zone);
        }

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        private JsonNode Config() =>
            _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["dkimSigningConfigs"].AsArray()
                .FirstOrDefault(c => string.Equals((string)c["Domain"], Domain, StringComparison.OrdinalIgnoreCase));

        private RunResult Enable(params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object> { ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address } };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, "Enable-M365DkimSigning", args);
        }

        /// <summary>Adds and verifies the domain, so Exchange Online accepts it.</summary>
        private void LinkDomain()
        {
            var add = Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address } });
            var code = Regex.Match(add.AllText(), @"MS=ms[0-9]+");
            Assert.True(code.Success, add.AllText());
            Publish("@ IN TXT \"" + code.Value + "\"\n");
            var verified = Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address } });
            Assert.True(verified.Errors.Count == 0 && verified.Terminating == null, string.Join(" | ", verified.ErrorIds));
        }

        [Fact]
        public void Signing_is_enabled_only_once_both_selector_CNAMEs_resolve_then_a_run_sends_no_write()
        {
            // Not accepted yet: said, nothing written.
            _f.ResetCounters();
            var early = Enable();
            Assert.Contains(early.ErrorIds, id => id.StartsWith("m365.dkim.domain.not_accepted,", StringComparison.Ordinal));
            Assert.Equal(0, Writes());

            LinkDomain();
            _f.ResetCounters();
            var whatIf = Enable(("WhatIf", true));
            Assert.True(whatIf.Errors.Count == 0 && whatIf.Terminating == null, string.Join(" | ", whatIf.ErrorIds));
            Assert.Equal(0, Writes());
            Assert.Null(Config());

            // Without the CNAMEs: the configuration is made disabled, the CNAMEs are shown, signing is not tried.
            var first = Enable();
            Assert.Contains(first.ErrorIds, id => id.StartsWith("m365.dkim.selector_records.not_visible,", StringComparison.Ordinal));
            var config = Config();
            Assert.NotNull(config);
            Assert.False((bool)config["Enabled"]);
            string t1 = (string)config["Selector1CNAME"], t2 = (string)config["Selector2CNAME"];
            Assert.Contains(first.Warnings, w => w.Message.Contains("selector1._domainkey -> " + t1, StringComparison.Ordinal) &&
                                                 w.Message.Contains("selector2._domainkey -> " + t2, StringComparison.Ordinal));
            Assert.DoesNotContain(_f.Requests(), r => (string)r["cmdlet"] == "Set-DkimSigningConfig");

            // Test-MailDnsRecord (T2) reads the same selectors from the tenant: both missing.
            var t2Check = Runner.Run(_rs, "Test-MailDnsRecord", new Dictionary<string, object>
            {
                ["Scenario"] = "TeamsEssentials", ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address },
            });
            var selectors = t2Check.Output.Where(o => (string)P(o, "Type") == "CNAME").ToList();
            Assert.Equal(2, selectors.Count);
            Assert.All(selectors, o => Assert.Equal("missing", (string)P(o, "Status")));
            Assert.Contains(selectors, o => (string)P(o, "Expected") == t1);
            Assert.Contains(t2Check.Output, o => (string)P(o, "Type") == "TXT" && (string)P(o, "FindingId") != null);  // the SPF include

            // Both published: the run sees them and enables signing.
            Publish("selector1._domainkey IN CNAME " + t1 + ".\nselector2._domainkey IN CNAME " + t2 + ".\n");
            _f.ResetCounters();
            var second = Enable(("Wait", true), ("TimeoutSeconds", 20), ("PollIntervalSeconds", 1), ("PassThru", true));
            Assert.True(second.Errors.Count == 0 && second.Terminating == null, string.Join(" | ", second.ErrorIds));
            Assert.True((bool)Config()["Enabled"]);
            Assert.Equal(1, Writes());  // Set-DkimSigningConfig -Enabled $true, nothing else

            var again = Runner.Run(_rs, "Test-MailDnsRecord", new Dictionary<string, object>
            {
                ["Scenario"] = "TeamsEssentials", ["DomainName"] = Domain, ["DnsServer"] = new[] { _f.Dns.Address },
            });
            Assert.All(again.Output.Where(o => (string)P(o, "Type") == "CNAME"), o => Assert.Equal("present", (string)P(o, "Status")));

            // Converged.
            _f.ResetCounters();
            var third = Enable();
            Assert.True(third.Errors.Count == 0 && third.Terminating == null, string.Join(" | ", third.ErrorIds));
            Assert.Equal(0, Writes());
            _f.Count(_out, "Enable-M365DkimSigning: 1 write to enable once DNS showed both CNAMEs, 0 on the re-run (" + _f.Requests().Count + " reads)");
            Cloud.AssertNoLeak(first.AllText() + second.AllText() + third.AllText() + Cloud.RequestLog(_f), Cloud.Secret);
        }
    }
}
