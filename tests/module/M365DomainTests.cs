// Add-M365Domain through the real engine, against the emulator's Graph and a real DNS server
// (BIND, started by the fixture; the emulator verifies by asking it). Issue 4's acceptance: from
// nothing to a verified default domain, and a second run that sends no write.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class M365DomainTests : IDisposable
    {
        private const string Domain = ModuleFixture.DnsZone;
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public M365DomainTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _f.Dns.SetRecords(Domain, "@ IN MX 10 mail." + Domain + ".");
            _rs = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
            _f.ResetCounters();
        }

        public void Dispose() => _rs.Dispose();

        private JsonNode GraphDomain()
        {
            var domains = _f.GetJson("control/state")["graph"][Cloud.Tenant]["domains"].AsArray();
            return domains.FirstOrDefault(d => string.Equals((string)d["id"], Domain, StringComparison.OrdinalIgnoreCase));
        }

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        private RunResult Add(params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object>
            {
                ["DomainName"] = Domain,
                ["DnsServer"] = new[] { _f.Dns.Address },
            };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, "Add-M365Domain", args);
        }

        [Fact]
        public void From_nothing_to_a_verified_default_domain_then_a_run_with_no_write()
        {
            // -WhatIf: the plan is read, nothing is written.
            var whatIf = Add(("WhatIf", true), ("SetDefault", true));
            Assert.True(whatIf.Terminating == null && whatIf.Errors.Count == 0, string.Join(" | ", whatIf.ErrorIds) + " " + whatIf.Terminating);
            Assert.Equal(0, Writes());
            Assert.Null(GraphDomain());

            // Without the record in DNS: the domain is added, the lookup fails with the record to
            // publish, and verification is not attempted.
            var first = Add(("SetDefault", true));
            Assert.Contains(first.ErrorIds, id => id.StartsWith("m365.domain.verification_record.not_visible,", StringComparison.Ordinal));
            string text = first.AllText();
            var code = Regex.Match(text, @"MS=ms[0-9]+");
            Assert.True(code.Success, "the record to publish is not shown: " + text);
            Assert.NotNull(GraphDomain());
            Assert.False((bool)GraphDomain()["isVerified"]);
            Assert.Equal(1, _f.Requests().Count(r => (string)r["method"] == "POST" && ((string)r["path"]).EndsWith("/domains", StringComparison.Ordinal)));

            // The administrator publishes the TXT record; the wait sees it in DNS, then Graph verifies.
            _f.Dns.SetRecords(Domain, "@ IN MX 10 mail." + Domain + ".\n@ IN TXT \"" + code.Value + "\"");
            _f.ResetCounters();
            var second = Add(("SetDefault", true), ("Wait", true), ("TimeoutSeconds", 20), ("PollIntervalSeconds", 1));
            Assert.True(second.Terminating == null && second.Errors.Count == 0, string.Join(" | ", second.ErrorIds) + " " + second.Terminating);
            var d = GraphDomain();
            Assert.True((bool)d["isVerified"]);
            Assert.True((bool)d["isDefault"]);
            Assert.Contains("Email", d["supportedServices"].AsArray().Select(s => (string)s));
            // The domain was carried on, not added again.
            Assert.DoesNotContain(_f.Requests(), r => (string)r["method"] == "POST" && ((string)r["path"]).EndsWith("/domains", StringComparison.Ordinal));
            int writes = Writes();
            Assert.True(writes >= 2, "verify and the default/services update are writes; saw " + writes);

            // Converged: the third run reads only.
            _f.ResetCounters();
            var third = Add(("SetDefault", true), ("PassThru", true));
            Assert.True(third.Terminating == null && third.Errors.Count == 0, string.Join(" | ", third.ErrorIds) + " " + third.Terminating);
            Assert.Equal(0, Writes());
            Assert.NotEmpty(third.Output);
            _f.Count(_out, "Add-M365Domain: " + writes + " writes to verify and make default, 0 writes on the re-run (" + _f.Requests().Count + " reads)");

            Cloud.AssertNoLeak(whatIf.AllText() + first.AllText() + second.AllText() + third.AllText() + Cloud.RequestLog(_f), Cloud.Secret);
        }

        [Fact]
        public void Bad_domain_names_are_refused_with_an_error_id_and_nothing_is_sent()
        {
            var cases = new Dictionary<string, string>
            {
                ["   "] = "validation.domain.empty",
                ["xn--zz-.com"] = null,                                       // an invalid IDN label
                [new string('a', 64) + ".com"] = null,                        // a label over 63 octets
                [string.Join(".", Enumerable.Repeat(new string('b', 60), 5)) + ".com"] = null,  // over 253
                ["contoso.com.."] = null,                                     // a trailing-dot form no resolver accepts
                ["192.0.2.10"] = null,                                        // an IP where a name is wanted
                ["sales.contoso.com"] = "validation.domain.third_level",      // M1: second-level domains only
            };
            // Empty: the engine's binder refuses it before the cmdlet runs (Mandatory).
            var empty = Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = "" });
            Assert.Contains(empty.ErrorIds, id => id.StartsWith("ParameterArgumentValidationErrorEmptyStringNotAllowed", StringComparison.Ordinal));
            Assert.Empty(_f.Requests());
            foreach (var c in cases)
            {
                _f.ResetCounters();
                var r = Runner.Run(_rs, "Add-M365Domain", new Dictionary<string, object> { ["DomainName"] = c.Key });
                var ids = r.ErrorIds.ToList();
                Assert.True(ids.Count > 0, "'" + c.Key + "' was accepted");
                Assert.All(ids, id => Assert.StartsWith("validation.", id));
                if (c.Value != null) Assert.Contains(ids, id => id.StartsWith(c.Value, StringComparison.Ordinal));
                Assert.Empty(_f.Requests());
            }
        }
    }
}
