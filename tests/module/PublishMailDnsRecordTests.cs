// Publish-MailDnsRecord through the real engine and the host session: the DnsServer cmdlets are the
// emulator's stand-ins (emulator/powershell), so the zone the plan changes is the emulator's.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class PublishMailDnsRecordTests : IDisposable
    {
        private const string Zone = "fabrikam-dns.com";
        private const string ExoMx = "fabrikam-dns-com.mail.protection.outlook.com";
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public PublishMailDnsRecordTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
        }

        public void Dispose() => _rs.Dispose();

        private static void AssertNoErrors(RunResult r) =>
            Assert.True(r.Terminating == null && r.Errors.Count == 0, string.Join(" | ", r.ErrorIds) + " " + r.Terminating);

        private void Stand_in(string command, Dictionary<string, object> args) => AssertNoErrors(Runner.Run(_rs, command, args));

        private List<JsonNode> Records(string name, string type) =>
            _f.State()["dnsZones"].AsArray().Single(z => (string)z["ZoneName"] == Zone)["records"].AsArray()
                .Where(r => (string)r["HostName"] == name && (string)r["RecordType"] == type).ToList();

        private RunResult Publish(params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object>
            {
                ["Scenario"] = "M365",
                ["DomainName"] = Zone,
                ["MailCname"] = true,
                ["ComputerName"] = "ESS01",
            };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, "Publish-MailDnsRecord", args);
        }

        [Fact]
        public void Records_are_published_changing_only_what_differs_and_leaving_conflicts_to_the_administrator()
        {
            // The zone as an administrator's server holds it: the on-premises MX, an SPF record of
            // its own, autodiscover aliased to the old server, and "mail" as the old server's A record.
            Stand_in("Add-DnsServerPrimaryZone", new Dictionary<string, object> { ["Name"] = Zone, ["ReplicationScope"] = "Domain" });
            Stand_in("Add-DnsServerResourceRecord", new Dictionary<string, object> { ["ZoneName"] = Zone, ["Name"] = "@", ["MX"] = true, ["MailExchange"] = "mail." + Zone, ["Preference"] = 10 });
            Stand_in("Add-DnsServerResourceRecord", new Dictionary<string, object> { ["ZoneName"] = Zone, ["Name"] = "@", ["Txt"] = true, ["DescriptiveText"] = "v=spf1 mx -all" });
            Stand_in("Add-DnsServerResourceRecord", new Dictionary<string, object> { ["ZoneName"] = Zone, ["Name"] = "autodiscover", ["CName"] = true, ["HostNameAlias"] = "autodiscover.old-host.example" });
            Stand_in("Add-DnsServerResourceRecord", new Dictionary<string, object> { ["ZoneName"] = Zone, ["Name"] = "mail", ["A"] = true, ["IPv4Address"] = "203.0.113.25" });
            _f.ResetCounters();

            var whatIf = Publish(("WhatIf", true));
            AssertNoErrors(whatIf);
            Assert.Equal(0, _f.Counters().Writes);

            var run = Publish(("PassThru", true));
            AssertNoErrors(run);
            var writes = _f.Counters().Writes;
            // The Exchange Online MX and two SRV records added; autodiscover and the SPF record each
            // replaced (remove, add); the mail CNAME left: "mail" holds an A record.
            Assert.Equal(7, writes);
            Assert.Contains(run.Warnings, w => w.Message.Contains("windows_dns.cname.conflict", StringComparison.Ordinal) &&
                                               w.Message.Contains("mail." + Zone, StringComparison.Ordinal));
            var mx = Records("@", "MX").Select(r => (string)r["RecordData"]["MailExchange"]).ToList();
            Assert.Contains(ExoMx + ".", mx);
            Assert.Contains("mail." + Zone + ".", mx);  // mail still flows there until the administrator moves it
            var spf = Records("@", "TXT").Select(r => (string)r["RecordData"]["DescriptiveText"]).ToList();
            Assert.Equal(new[] { "v=spf1 mx include:spf.protection.outlook.com -all" }, spf);
            Assert.Equal("autodiscover.outlook.com.", (string)Records("autodiscover", "CNAME").Single()["RecordData"]["HostNameAlias"]);
            Assert.Equal("01:00:00", (string)Records("autodiscover", "CNAME").Single()["TimeToLive"]);
            Assert.Single(Records("_sip._tls", "SRV"));
            Assert.Single(Records("_sipfederationtls._tcp", "SRV"));
            Assert.Single(Records("mail", "A"));
            Assert.Empty(Records("mail", "CNAME"));

            // Converged: reads only; the conflict is still said.
            _f.ResetCounters();
            var again = Publish();
            AssertNoErrors(again);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Contains(again.Warnings, w => w.Message.Contains("windows_dns.cname.conflict", StringComparison.Ordinal));
            _f.Count(_out, "Publish-MailDnsRecord: " + writes + " writes into the zone, 0 on the re-run (" + _f.Counters().Reads + " reads)");

            // A zone the server does not host: said, nothing written.
            _f.ResetCounters();
            var other = Publish(("ZoneName", "elsewhere.example"));
            Assert.Contains(other.ErrorIds, id => id.StartsWith("windows_dns.zone.not_found,", StringComparison.Ordinal));
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void Bad_input_is_refused_before_the_DNS_server_is_asked()
        {
            _f.ResetCounters();
            var cases = new (Dictionary<string, object> Args, string Id)[]
            {
                (new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = "bad..com" }, "validation.domain.malformed"),
                (new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Zone, ["ComputerName"] = "not a server!" }, "validation.server.malformed"),
                (new Dictionary<string, object> { ["Scenario"] = "M365", ["DomainName"] = Zone, ["ZoneName"] = "bad..zone" }, "validation.domain.malformed"),
                (new Dictionary<string, object> { ["Scenario"] = "ExchangeOnPremises", ["DomainName"] = Zone }, "validation.ipv4.empty"),
            };
            foreach (var c in cases)
            {
                var r = Runner.Run(_rs, "Publish-MailDnsRecord", c.Args);
                Assert.True(r.ErrorIds.Any(id => id.StartsWith(c.Id, StringComparison.Ordinal)), c.Id + ": got " + string.Join(" | ", r.ErrorIds));
            }
            var (reads, writes, _) = _f.Counters();
            Assert.Equal(0, reads + writes);
        }
    }
}
