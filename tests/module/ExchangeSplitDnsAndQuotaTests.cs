// Set-ExchangeSplitDns (seed X10) and Set-ExchangeMailboxQuota (X11) through the real engine, the
// DnsServer and Exchange cmdlets answered by the emulator's forwarding module: each applies, the
// re-run writes nothing, and bad input is refused with its error id before anything is read.
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
    public sealed class ExchangeSplitDnsAndQuotaTests : OnPremisesTestBase
    {

        public ExchangeSplitDnsAndQuotaTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "dns") { }

        private JsonObject Zone(string name) =>
            _f.State()["dnsZones"]?.AsArray().OfType<JsonObject>().FirstOrDefault(z => (string)z["ZoneName"] == name);

        [Fact]
        public void Split_dns_creates_the_zone_and_its_record_then_changes_nothing()
        {
            var args = new Dictionary<string, object> { ["HostName"] = "mail.contoso.com", ["IPAddress"] = "192.168.0.20" };
            var what = Runner.Run(_rs, "Set-ExchangeSplitDns", new Dictionary<string, object>(args) { ["WhatIf"] = true });
            Assert.Empty(what.Errors);
            Assert.Null(Zone("mail.contoso.com"));

            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeSplitDns", new Dictionary<string, object>(args) { ["PassThru"] = true });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
            var zone = Zone("mail.contoso.com");
            Assert.NotNull(zone);
            Assert.Equal("Primary", (string)zone["ZoneType"]);
            Assert.Equal("Secure", (string)zone["DynamicUpdate"]);
            Assert.True((bool)zone["IsDsIntegrated"]);
            var a = zone["records"].AsArray().OfType<JsonObject>().Single();
            Assert.Equal("@", (string)a["HostName"]);
            Assert.Equal("192.168.0.20", (string)a["RecordData"]["IPv4Address"]);
            Assert.Equal(2, _f.Counters().Writes);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-ExchangeSplitDns", args);
            Assert.Empty(again.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            _f.Count(_out, "split DNS: 2 writes, re-run " + _f.Counters().Writes + " writes, " + _f.Counters().Reads + " reads");

            // Exchange moved: the one A record is replaced, nothing else.
            _f.ResetCounters();
            var moved = Runner.Run(_rs, "Set-ExchangeSplitDns", new Dictionary<string, object> { ["HostName"] = "mail.contoso.com", ["IPAddress"] = "192.168.0.21" });
            Assert.Empty(moved.Errors);
            Assert.Equal("192.168.0.21", (string)Zone("mail.contoso.com")["records"].AsArray().OfType<JsonObject>().Single()["RecordData"]["IPv4Address"]);
            Assert.Equal(2, _f.Counters().Writes);
        }

        [Fact]
        public void Split_dns_refuses_bad_input_before_reading()
        {
            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeSplitDns", new Dictionary<string, object> { ["HostName"] = "mail..contoso", ["IPAddress"] = "192.168.0.256" });
            Assert.Contains(r.ErrorIds, id => id.StartsWith("validation.domain.", StringComparison.Ordinal));
            Assert.Contains(r.ErrorIds, id => id.StartsWith("validation.ipv4.malformed,", StringComparison.Ordinal));
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
            var pub = Runner.Run(_rs, "Set-ExchangeSplitDns", new Dictionary<string, object> { ["HostName"] = "mail.contoso.com", ["IPAddress"] = "8.8.8.8", ["WhatIf"] = true });
            Assert.Contains(pub.Warnings, w => w.Message.Contains("split_dns.address.public", StringComparison.Ordinal));
        }

        private void SeedMailboxes(int count, Action<JsonObject, int> edit = null)
        {
            Cloud.Reseed(_f, state =>
            {
                var list = new JsonArray();
                for (int i = 1; i <= count; i++)
                {
                    var m = new JsonObject
                    {
                        ["Identity"] = "user" + i, ["Name"] = "user" + i, ["Alias"] = "user" + i,
                        ["PrimarySmtpAddress"] = "user" + i + "@contoso.com", ["ServerName"] = "EX01",
                    };
                    edit?.Invoke(m, i);
                    list.Add(m);
                }
                state["exchangeOnPrem"][ModuleFixture.Org]["mailboxes"] = list;
            });
        }

        private JsonObject Mailbox(string alias) =>
            _f.State()["mailboxes"].AsArray().OfType<JsonObject>().Single(m => (string)m["Alias"] == alias);

        [Fact]
        public void Quota_on_all_mailboxes_then_nothing_left_to_write()
        {
            // user3 has the quota already, typed the way Exchange prints it.
            SeedMailboxes(5, (m, i) =>
            {
                if (i != 3) return;
                m["UseDatabaseQuotaDefaults"] = false;
                m["IssueWarningQuota"] = "1.8 GB (1,932,735,283 bytes)";
                m["ProhibitSendQuota"] = "1945MB";
                m["ProhibitSendReceiveQuota"] = "2 GB (2,147,483,648 bytes)";
            });
            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeMailboxQuota", new Dictionary<string, object> { ["All"] = true, ["Quota"] = "2GB", ["IssueWarningQuota"] = "1.8GB" });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
            Assert.Equal(4, _f.Counters().Writes);
            var m1 = Mailbox("user1");
            Assert.False((bool)m1["UseDatabaseQuotaDefaults"]);
            Assert.Equal("2 GB (2,147,483,648 bytes)", (string)m1["ProhibitSendReceiveQuota"]);
            Assert.Equal("1.899 GB (2,039,480,320 bytes)", (string)m1["ProhibitSendQuota"]);  // 95%, down to whole megabytes: 1945 MB

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-ExchangeMailboxQuota", new Dictionary<string, object> { ["All"] = true, ["Quota"] = "2 GB", ["IssueWarningQuota"] = "1.8GB" });
            Assert.Empty(again.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(1, _f.Counters().Reads);  // one Get-Mailbox listing
            _f.Count(_out, "mailbox quota: 5 mailboxes, 4 writes (1 already at 2 GB), re-run 0 writes, 1 read");
        }

        [Fact]
        public void Quota_on_chosen_mailboxes_from_the_pipeline_with_the_default_size()
        {
            SeedMailboxes(4);
            _f.ResetCounters();
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _rs;
            ps.AddCommand("Set-ExchangeMailboxQuota").AddParameter("PassThru", true);
            var output = ps.Invoke(new[] { "user2", "user4@contoso.com" });
            Assert.False(ps.HadErrors, string.Join(" | ", ps.Streams.Error.Select(e => e.ToString())));
            Assert.Equal(2, _f.Counters().Writes);
            Assert.Equal(1, _f.Counters().Reads);
            Assert.Equal("2 GB (2,147,483,648 bytes)", (string)Mailbox("user4")["ProhibitSendReceiveQuota"]);
            Assert.Null(Mailbox("user1")["ProhibitSendReceiveQuota"]);  // as seeded: not written
        }

        [Fact]
        public void Quota_refuses_what_is_not_a_size_and_unknown_mailboxes()
        {
            SeedMailboxes(2);
            _f.ResetCounters();
            var bad = Runner.Run(_rs, "Set-ExchangeMailboxQuota", new Dictionary<string, object> { ["All"] = true, ["Quota"] = "two gigs" });
            Assert.Contains("exchange.quota.not_a_size,MailIntegration.Commands.SetExchangeMailboxQuotaCommand", bad.ErrorIds);
            var order = Runner.Run(_rs, "Set-ExchangeMailboxQuota", new Dictionary<string, object> { ["All"] = true, ["Quota"] = "1GB", ["IssueWarningQuota"] = "2GB" });
            Assert.Contains("exchange.quota.order,MailIntegration.Commands.SetExchangeMailboxQuotaCommand", order.ErrorIds);
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
            var unknown = Runner.Run(_rs, "Set-ExchangeMailboxQuota", new Dictionary<string, object> { ["Identity"] = new[] { "user1", "nobody" } });
            Assert.Contains("exchange.quota.mailbox_not_found,MailIntegration.Commands.SetExchangeMailboxQuotaCommand", unknown.ErrorIds);
            Assert.Equal(0, _f.Counters().Writes);
        }
    }
}
