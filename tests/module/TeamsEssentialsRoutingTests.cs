// Set- and Test-TeamsEssentialsRouting through the real engine against the emulator's tenant
// (Google Workspace mode): preview, apply, converged re-run, the checklist, bad input.
using System;
using System.Collections.Generic;
using System.IO;
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
    public sealed class TeamsEssentialsRoutingTests : IDisposable
    {
        private const string Domain = ModuleFixture.DnsZone;
        private const string Forwarding = "g." + ModuleFixture.DnsZone;
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public TeamsEssentialsRoutingTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _f.Dns.SetRecords(Domain, "@ IN MX 10 aspmx.l.google.com.");
            _rs = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;

        private static void AssertNoErrors(RunResult r) =>
            Assert.True(r.Terminating == null && r.Errors.Count == 0, string.Join(" | ", r.ErrorIds) + " " + r.Terminating);

        private string StateDir => Path.Combine(_f.TempDir, "state");

        private string Csv(string name, string text)
        {
            string path = Path.Combine(_f.TempDir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        private JsonNode Tenant() => _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant];

        private void LinkDomain() => Cloud.LinkDomain(_f, _rs, Domain, "@ IN MX 10 aspmx.l.google.com.\n");

        private RunResult Run(string cmdlet, params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object>
            {
                ["Mode"] = "GoogleWorkspace", ["DomainName"] = Domain, ["ForwardingDomain"] = Forwarding, ["StateDirectory"] = StateDir,
            };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, cmdlet, args);
        }

        [Fact]
        public void Preview_apply_and_a_converged_rerun_with_the_checklist()
        {
            LinkDomain();
            _f.ResetCounters();

            var test = Run("Test-TeamsEssentialsRouting");
            AssertNoErrors(test);
            // After a read of Exchange Online: it takes the verified domain in as an accepted domain then.
            var before = Tenant().DeepClone();
            var actions = test.Output.Select(o => (string)P(o, "Action") + " " + (string)P(o, "ResourceType")).ToList();
            Assert.Contains("update Mailbox", actions);
            Assert.Contains("create OutboundConnector", actions);
            Assert.Contains("manual ManualStep", actions);
            Assert.False((bool)Run("Test-TeamsEssentialsRouting", ("Quiet", true)).Output.Single().BaseObject);

            var whatIf = Run("Set-TeamsEssentialsRouting", ("WhatIf", true));
            AssertNoErrors(whatIf);
            Assert.Equal(0, Writes());

            var set = Run("Set-TeamsEssentialsRouting", ("Confirm", false), ("PassThru", true));
            AssertNoErrors(set);
            int writes = Writes();
            Assert.True(writes > 0);
            // The checklist, with this tenant's id for Google's spam bypass.
            Assert.Contains(set.Warnings, w => w.Message.StartsWith("Manual step google.spam-bypass", StringComparison.Ordinal) &&
                                               w.Message.Contains("X-MS-Exchange-CrossTenant-id: " + Cloud.Tenant, StringComparison.Ordinal));
            var t = Tenant();
            Assert.Equal("On", (string)t["hostedOutboundSpamFilterPolicies"].AsArray().Single(p => (string)p["Identity"] == "Default")["AutoForwardingMode"]);
            Assert.Contains(t["outboundConnectors"].AsArray(), c => (string)c["Name"] == "To Google Workspace" && (bool)c["IsTransportRuleScoped"]);
            var rules = t["transportRules"].AsArray().Select(r => (string)r["Name"]).ToList();
            Assert.Equal(new[] { "Direct to Calendar", "Direct to Calendar triage action", "Delete all except Calendaring" }, rules);
            Assert.Equal("InternalRelay", (string)t["acceptedDomains"].AsArray().Single(d => (string)d["DomainName"] == Domain)["DomainType"]);
            foreach (var m in t["mailboxes"].AsArray().Where(m => (string)m["RecipientTypeDetails"] == "UserMailbox"))
                Assert.Equal("smtp:" + ((string)m["Alias"]).ToLowerInvariant() + "@" + Forwarding, (string)m["ForwardingSmtpAddress"]);

            // Get-: the routing as the tenant has it, the forwarding domain taken from the record.
            var get = Runner.Run(_rs, "Get-TeamsEssentialsRouting", new Dictionary<string, object> { ["DomainName"] = Domain, ["StateDirectory"] = StateDir });
            AssertNoErrors(get);
            var status = get.Output.Single();
            Assert.Equal("MailIntegration.TeamsEssentialsRouting", status.TypeNames[0]);
            Assert.Equal(Forwarding, (string)P(status, "forwardingDomain"));
            Assert.Equal("InternalRelay", (string)P(status, "domainType"));
            Assert.Equal(0L, Convert.ToInt64(P(status, "pendingSteps")));
            Assert.Equal(Convert.ToInt64(P(status, "userMailboxes")), Convert.ToInt64(P(status, "forwarding")));
            Assert.True((bool)P((PSObject)P(status, "connector"), "madeByModule"));
            Assert.NotNull(P(status, "undoRecord"));

            // Again: nothing to write; the checklist is still said until marked done.
            _f.ResetCounters();
            var again = Run("Set-TeamsEssentialsRouting", ("Confirm", false));
            AssertNoErrors(again);
            Assert.Equal(0, Writes());
            Assert.Contains(again.Warnings, w => w.Message.StartsWith("Manual step ", StringComparison.Ordinal));
            var done = Run("Test-TeamsEssentialsRouting", ("Quiet", true),
                ("ManualStepDone", new[] { "google.dual-delivery-route", "google.routing-rule", "google.alias-subdomain", "google.spam-bypass" }));
            Assert.True((bool)done.Output.Single().BaseObject);
            _f.Count(_out, "Set-TeamsEssentialsRouting: " + writes + " writes on the first run, 0 on the re-run (" + _f.Requests().Count + " reads)");

            // The same from a configuration file.
            string file = Path.Combine(_f.TempDir, "teams-routing.json");
            File.WriteAllText(file, "{\"Mode\":\"GoogleWorkspace\",\"DomainName\":\"" + Domain + "\",\"ForwardingDomain\":\"" + Forwarding + "\"}");
            var fromFile = Runner.Run(_rs, "Test-TeamsEssentialsRouting", new Dictionary<string, object> { ["ConfigurationFile"] = file, ["Quiet"] = true });
            AssertNoErrors(fromFile);
            Assert.False((bool)fromFile.Output.Single().BaseObject);  // the manual steps are not marked done there

            // Undo: the tenant as it was, the record gone; the record file was only the user's.
            string record = Directory.GetFiles(StateDir, "*.json", SearchOption.AllDirectories).Single();
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record));
            _f.ResetCounters();
            var remove = Runner.Run(_rs, "Remove-TeamsEssentialsRouting", new Dictionary<string, object>
            {
                ["DomainName"] = Domain, ["StateDirectory"] = StateDir, ["Confirm"] = false,
            });
            AssertNoErrors(remove);
            var t2 = Tenant();
            foreach (var key in new[] { "mailboxes", "casMailboxes", "transportRules", "outboundConnectors", "acceptedDomains", "hostedOutboundSpamFilterPolicies" })
                Assert.True(JsonNode.DeepEquals(before[key], t2[key]), key + " differs after Remove-TeamsEssentialsRouting");
            Assert.False(File.Exists(record));
            var gone = Run("Get-TeamsEssentialsRouting").Output.Single();
            Assert.True(Convert.ToInt64(P(gone, "pendingSteps")) > 0);
            Assert.Null(P(gone, "connector"));
            Assert.Null(P(gone, "undoRecord"));
            _f.Count(_out, "Remove-TeamsEssentialsRouting: " + Writes() + " writes to put the tenant back");
            Cloud.AssertNoLeak(set.AllText() + again.AllText() + remove.AllText() + Cloud.RequestLog(_f), Cloud.Secret);
        }

        [Fact]
        public void Users_from_a_csv_are_created_and_licensed_with_a_results_file_for_the_failures()
        {
            LinkDomain();
            const string password = "Initial-Leak-Canary-Pw-4471";
            var (status, _) = _f.PostText("control/graph/" + Cloud.Tenant + "/skus",
                "{\"skuId\":\"3ab6abff-666f-4424-bfb7-f0bc274ec7bc\",\"skuPartNumber\":\"Teams_Ess\",\"prepaidUnits\":4}");
            Assert.Equal(201, status);
            var lines = new List<string> { "UserPrincipalName,DisplayName" };
            for (int i = 1; i <= 6; i++) lines.Add("csvuser" + i + "@" + Domain + ",CSV user " + i);
            string csv = Csv("users.csv", string.Join("\r\n", lines) + "\r\n");
            string results = Path.Combine(_f.TempDir, "results.csv");
            _f.ResetCounters();
            var set = Run("Set-TeamsEssentialsRouting", ("UsersCsvPath", csv), ("UsageLocation", "FR"), ("ResultsPath", results),
                ("InitialPassword", ModuleFixture.Secure(password)), ("KeepExternalMail", true), ("Confirm", false));
            // Two of six have no licence left: said per user, the rest done.
            Assert.Contains(set.ErrorIds, e => e.StartsWith("graph.license.exhausted,", StringComparison.Ordinal));
            var users = _f.GetJson("control/state")["graph"][Cloud.Tenant]["users"].AsArray()
                .Where(u => ((string)u["userPrincipalName"]).StartsWith("csvuser", StringComparison.Ordinal)).ToList();
            Assert.Equal(6, users.Count);
            Assert.Equal(4, users.Count(u => u["assignedLicenses"].AsArray().Count == 1));
            var report = File.ReadAllLines(results);
            Assert.Equal(3, report.Length);
            Assert.StartsWith("Item,Step,ErrorId,Message,RecommendedAction", report[0], StringComparison.Ordinal);
            Assert.All(report.Skip(1), l => Assert.Contains(",graph.license.exhausted,", l));

            // Again: nobody is created twice.
            _f.ResetCounters();
            Run("Set-TeamsEssentialsRouting", ("UsersCsvPath", csv), ("UsageLocation", "FR"), ("ResultsPath", results),
                ("InitialPassword", ModuleFixture.Secure(password)), ("KeepExternalMail", true), ("Confirm", false));
            Assert.DoesNotContain(_f.Requests(), r => (string)r["method"] == "POST" && ((string)r["path"]).EndsWith("/users", StringComparison.Ordinal));

            string journals = string.Join("\n", Directory.GetFiles(Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/root", ".local", "state", "MailIntegration", "runs"))
                .Select(File.ReadAllText));
            Cloud.AssertNoLeak(set.AllText() + File.ReadAllText(results) + Cloud.RequestLog(_f) + journals, password, Cloud.Secret);
        }

        [Fact]
        public void Bad_input_gives_error_ids_and_no_request()
        {
            _f.ResetCounters();
            var cases = new (string Name, object Value, string Id)[]
            {
                ("ForwardingDomain", "g.fabrikam.com", "teams.forwarding_domain.not_under_domain"),
                ("SmartHost", "smtp relay", "teams.smart_host.malformed"),
                ("TestAddress", "not an address", "teams.test_address.malformed"),
                ("ManualStepDone", new[] { "google.everything" }, "teams.manual_step.unknown"),
                ("ConfigurationFile", Path.Combine(_f.TempDir, "missing.json"), "teams.config_file.unreadable"),
                ("UsersCsvPath", Csv("nocolumn.csv", "UserPrincipalName,Name\nadele@" + Domain + ",Adele\n"), "teams.users_csv.column_missing"),
                ("UsersCsvPath", Csv("duplicate.csv", "UserPrincipalName,DisplayName,UsageLocation\nadele@" + Domain + ",Adele,FR\nAdele@" + Domain + ",Adele,FR\n"),
                 "teams.users_csv.duplicate_upn"),
            };
            foreach (var (name, value, id) in cases)
            {
                var r = Run("Set-TeamsEssentialsRouting", (name, value), ("Confirm", false));
                Assert.True(r.ErrorIds.Any(e => e.StartsWith(id, StringComparison.Ordinal)), name + ": got " + string.Join(" | ", r.ErrorIds));
            }
            Assert.Empty(_f.Requests());

            // A domain the tenant does not accept: said after reading, nothing written.
            var notAccepted = Run("Set-TeamsEssentialsRouting", ("Confirm", false));
            Assert.Contains(notAccepted.ErrorIds, e => e.StartsWith("teams.domain.not_accepted,", StringComparison.Ordinal));
            Assert.Equal(0, Writes());
        }
    }
}
