// Set-/Test-ExchangeIntegration -Full (the whole of seeds/exchange-onprem-essentials) through the
// real engine against the emulator: one configuration file, every stage planned and applied in
// order (prerequisites, features with the restart, setup as the recorded process, the certificate
// request, ConfigureExchange.ps1, ARR as the recorded process, split DNS, quotas), the manual ones
// (public DNS, router, the dashboard) listed with what to do; the re-run writes nothing; a stage
// that needs the administrator stops the run before anything after it; the stages that need the
// certificate wait for it; bad configuration is refused whole before a single read.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangeRunbookTests : OnPremisesTestBase
    {
        private const string SetId = ",MailIntegration.Commands.SetExchangeIntegrationCommand";

        public ExchangeRunbookTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "runbook")
        {
            RecordedPrograms(_dir, "Setup.EXE", "ARRConfig.exe");
            Cloud.Reseed(_f, state =>
            {
                state["activeDirectory"] = new JsonObject
                {
                    ["users"] = new JsonArray(new JsonObject { ["SamAccountName"] = "exadmin", ["Name"] = "Exchange Admin" }),
                    ["groups"] = new JsonArray(new JsonObject { ["Name"] = "Enterprise Admins", ["SamAccountName"] = "Enterprise Admins", ["Members"] = new JsonArray() }),
                };
            });
        }

        /// <summary>Every section of the document, as an administrator fills it in.</summary>
        private JsonObject Configuration(string pfx) => new JsonObject
        {
            ["Prerequisite"] = new JsonObject { ["UserName"] = "exadmin", ["EssentialsServer"] = "ESS01" },
            ["PublicDns"] = new JsonObject { ["DomainName"] = "contoso.com", ["PublicIpAddress"] = "203.0.113.10" },
            ["WindowsFeatures"] = new JsonObject { ["Restart"] = true },
            ["Setup"] = new JsonObject
            {
                ["SetupPath"] = Path.Combine(_dir, "Setup.EXE"), ["OrganizationName"] = "First Organization", ["AcceptLicenseTerms"] = true,
            },
            ["CertificateRequest"] = new JsonObject
            {
                ["HostName"] = new JsonArray("mail.contoso.com", "autodiscover.contoso.com"), ["Country"] = "US", ["State"] = "WA",
                ["City"] = "Redmond", ["Organization"] = "Contoso", ["RequestFile"] = Path.Combine(_dir, "MyCertRequest.req"),
            },
            ["Configure"] = new JsonObject
            {
                ["DomainName"] = "contoso.com", ["CertPath"] = pfx, ["ServerIpAddress"] = "192.168.0.10",
                ["InternalIpRange"] = "192.168.0.0-192.168.0.255", ["Server"] = "EX01",
            },
            ["PortForward"] = new JsonObject { ["ExchangeServerIpAddress"] = "192.168.0.10", ["EssentialsServerIpAddress"] = "192.168.0.2" },
            ["ReverseProxy"] = new JsonObject
            {
                ["CertPath"] = pfx, ["HostName"] = new JsonArray("mail.contoso.com"), ["ArrConfigPath"] = Path.Combine(_dir, "ARRConfig.exe"),
                ["VerifyUri"] = Org("owa"), ["StateDirectory"] = Path.Combine(_dir, "state"),
            },
            ["SplitDns"] = new JsonObject { ["HostName"] = "mail.contoso.com", ["IPAddress"] = "192.168.0.10" },
            ["MailboxQuota"] = new JsonObject { ["All"] = true },
        };

        private string Write(JsonObject configuration, string name = "exchange.json")
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, configuration.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return path;
        }

        private Dictionary<string, object> Full(string path) => new Dictionary<string, object>
        {
            ["Full"] = true, ["ConfigurationPath"] = path, ["CertPassword"] = ModuleFixture.Secure(ModuleFixture.Password), ["Confirm"] = false,
        };

        private static Dictionary<string, string> Statuses(RunResult r) =>
            r.Output.Select(o => o.BaseObject).OfType<object>().Where(o => o.GetType().Name == "RunbookStageResult")
                .ToDictionary(o => (string)o.GetType().GetProperty("Stage").GetValue(o), o => (string)o.GetType().GetProperty("Status").GetValue(o));

        private static string[] Instructions(RunResult r, string stage)
        {
            var o = r.Output.Select(x => x.BaseObject).First(x => x.GetType().Name == "RunbookStageResult" && (string)x.GetType().GetProperty("Stage").GetValue(x) == stage);
            return (string[])o.GetType().GetProperty("Instructions").GetValue(o);
        }

        private static string Dump(Dictionary<string, string> statuses) => string.Join(", ", statuses.Select(kv => kv.Key + "=" + kv.Value));

        [Fact]
        public void The_whole_document_runs_in_order_lists_the_manual_steps_and_the_rerun_writes_nothing()
        {
            string config = Write(Configuration(_f.Certs.Good));
            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["mailboxes"] = new JsonArray(
                new JsonObject { ["Name"] = "Alice", ["Alias"] = "alice", ["PrimarySmtpAddress"] = "alice@contoso.com", ["ProhibitSendReceiveQuota"] = "Unlimited" }));
            _f.ResetCounters();
            var first = Runner.Run(_rs, "Set-ExchangeIntegration", Full(config));
            var statuses = Statuses(first);
            _out.WriteLine(Dump(statuses));
            Assert.True(first.Errors.Count == 0, string.Join(" | ", first.Errors.Select(e => e.ToString())));
            Assert.Equal(new[] { "X1", "X2", "X3", "X4", "X6", "X6c", "X5", "X7", "X8", "X9", "X10", "X11" }, statuses.Keys.ToArray());
            foreach (var applied in new[] { "X1", "X3", "X4", "X6", "X5", "X9", "X10", "X11" }) Assert.True(statuses[applied] == "Applied", applied + ": " + Dump(statuses));
            foreach (var manual in new[] { "X2", "X7", "X8" }) Assert.True(statuses[manual] == "Manual", manual + ": " + Dump(statuses));
            Assert.Equal("Converged", statuses["X6c"]);  // the PFX is already there
            long writes = _f.Counters().Writes;

            // What was done, read from the emulator: each stage's own effect.
            var org = _f.State();
            Assert.Contains("exadmin", _f.GetJson("control/state")["activeDirectory"]["groups"][0]["Members"].AsArray().Select(m => (string)m));
            Assert.Equal(1, (int)org["windowsHost"]["restarts"]);
            Assert.True(File.Exists(Path.Combine(_dir, "MyCertRequest.req")));
            Assert.NotNull(org["windowsHost"]["reverseProxy"]);
            Assert.Equal("2 GB (2,147,483,648 bytes)", (string)org["mailboxes"][0]["ProhibitSendReceiveQuota"]);
            Assert.Equal(2, _f.Requests().OfType<JsonObject>().Count(q => ((string)q["path"] ?? "").EndsWith("/process-runs", StringComparison.Ordinal)));

            // The manual ones say what to do, with the records and the ports.
            Assert.Contains(Instructions(first, "X2"), l => l.Contains("MX @ -> mail.contoso.com", StringComparison.Ordinal));
            Assert.Contains(Instructions(first, "X7"), l => l.Contains("25 (SMTP) -> 192.168.0.10:25", StringComparison.Ordinal));
            Assert.Contains(Instructions(first, "X8"), l => l.Contains("Configure Exchange Server integration", StringComparison.Ordinal));
            Assert.Contains(first.Warnings, w => w.Message.StartsWith("Manual step", StringComparison.Ordinal));
            Assert.DoesNotContain(ModuleFixture.Password, first.AllText());
            Assert.DoesNotContain(ModuleFixture.Password, _f.Requests().ToJsonString());

            // Converged: the same command again changes nothing.
            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-ExchangeIntegration", Full(config));
            var second = Statuses(again);
            _out.WriteLine(Dump(second));
            Assert.True(again.Errors.Count == 0, string.Join(" | ", again.Errors.Select(e => e.ToString())));
            Assert.Equal(0, _f.Counters().Writes);
            foreach (var stage in new[] { "X1", "X3", "X4", "X6", "X6c", "X5", "X9", "X10", "X11" }) Assert.True(second[stage] == "Converged", stage + ": " + Dump(second));
            var test = new Dictionary<string, object>(Full(config)) { ["Quiet"] = true };
            test.Remove("Confirm");
            var quiet = Runner.Run(_rs, "Test-ExchangeIntegration", test);
            Assert.True((bool)quiet.Output.Single().BaseObject, string.Join(" | ", quiet.ErrorIds));
            _f.Count(_out, "whole document: 12 stages, " + writes + " writes, re-run 0 writes");
        }

        [Fact]
        public void WhatIf_shows_each_stage_and_changes_nothing()
        {
            string config = Write(Configuration(_f.Certs.Good));
            var host = new CapturingHost();
            using (var shown = host.Open(_f))
            {
                _f.ResetCounters();
                var what = Runner.Run(shown, "Set-ExchangeIntegration", new Dictionary<string, object>(Full(config)) { ["WhatIf"] = true });
                var statuses = Statuses(what);
                _out.WriteLine(Dump(statuses));
                Assert.True(what.Errors.Count == 0, string.Join(" | ", what.Errors.Select(e => e.ToString())));
                string text = host.Take();
                Assert.Contains("What if:", text);
                Assert.Contains("Enterprise Admins", text);  // X1
                Assert.Equal("WouldChange", statuses["X1"]);
                Assert.Equal("WouldChange", statuses["X3"]);
                Assert.Equal(0, _f.Counters().Writes);
            }
            Assert.False(File.Exists(Path.Combine(_dir, "MyCertRequest.req")));
        }

        [Fact]
        public void A_stage_that_needs_the_administrator_stops_the_run_before_anything_after_it()
        {
            var configuration = Configuration(_f.Certs.Good);
            configuration["Prerequisite"]["EssentialsServer"] = Environment.MachineName;  // Exchange would go on the Essentials server
            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["windowsHost"] = new JsonObject
            {
                ["computer"] = new JsonObject { ["Name"] = Environment.MachineName, ["Domain"] = "corp.contoso.local", ["PartOfDomain"] = true, ["DomainRole"] = 3 },
            });
            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeIntegration", Full(Write(configuration)));
            var statuses = Statuses(r);
            _out.WriteLine(Dump(statuses));
            Assert.Equal("Blocked", statuses["X1"]);
            Assert.Contains("exchange.runbook.stage_blocked" + SetId, r.ErrorIds);
            Assert.Contains("exchange.runbook.stage_failed" + SetId, r.ErrorIds);
            foreach (var stage in new[] { "X3", "X4", "X6", "X5", "X9", "X10", "X11" }) Assert.Equal("NotRun", statuses[stage]);
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void Stages_that_need_the_certificate_wait_for_it_and_run_once_it_is_there()
        {
            string pfx = Path.Combine(_dir, "issued", "mail.pfx");
            Directory.CreateDirectory(Path.GetDirectoryName(pfx));
            var configuration = new JsonObject
            {
                ["CertificateRequest"] = Configuration(pfx)["CertificateRequest"].DeepClone(),
                ["Configure"] = Configuration(pfx)["Configure"].DeepClone(),
                ["SplitDns"] = Configuration(pfx)["SplitDns"].DeepClone(),
            };
            string config = Write(configuration);
            var first = Runner.Run(_rs, "Set-ExchangeIntegration", Full(config));
            var statuses = Statuses(first);
            _out.WriteLine(Dump(statuses));
            Assert.True(first.Errors.Count == 0, string.Join(" | ", first.Errors.Select(e => e.ToString())));
            Assert.Equal("Applied", statuses["X6"]);
            Assert.Equal("Manual", statuses["X6c"]);
            Assert.Contains(Instructions(first, "X6c"), l => l.Contains(Path.Combine(_dir, "MyCertRequest.req"), StringComparison.Ordinal) && l.Contains(pfx, StringComparison.Ordinal));
            Assert.Equal("Waiting", statuses["X5"]);
            Assert.Equal("Waiting", statuses["X8"]);
            Assert.Equal("Applied", statuses["X10"]);
            Assert.Equal("NotConfigured", statuses["X9"]);

            // The authority's certificate arrives, exported with its key where the file says.
            File.Copy(_f.Certs.Good, pfx);
            _f.ResetCounters();
            var second = Runner.Run(_rs, "Set-ExchangeIntegration", Full(config));
            statuses = Statuses(second);
            _out.WriteLine(Dump(statuses));
            Assert.True(second.Errors.Count == 0, string.Join(" | ", second.Errors.Select(e => e.ToString())));
            Assert.Equal("Converged", statuses["X6"]);
            Assert.Equal("Converged", statuses["X6c"]);
            Assert.Equal("Applied", statuses["X5"]);
            Assert.Equal("Manual", statuses["X8"]);
            Assert.Equal(0, _f.Requests().OfType<JsonObject>().Count(q => (string)q["cmdlet"] == "New-ExchangeCertificate"));
        }

        [Fact]
        public void Enabling_is_checked_first_postponed_when_migrating_and_disabling_says_what_stays()
        {
            // X8 needs Exchange with its management tools answering in this session.
            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["servers"] = new JsonArray());
            var none = Runner.Run(_rs, "Set-ExchangeIntegration", Full(Write(new JsonObject())));
            var statuses = Statuses(none);
            Assert.Equal("Failed", statuses["X8"]);
            Assert.Contains("exchange.integration.exchange_missing" + SetId, none.ErrorIds);
            Assert.Contains("exchange.runbook.stage_failed" + SetId, none.ErrorIds);

            _f.Reset();
            using var rs = _f.NewRunspace();
            var enable = Runner.Run(rs, "Set-ExchangeIntegration", Full(Write(new JsonObject())));
            Assert.True(enable.Errors.Count == 0, string.Join(" | ", enable.ErrorIds));
            Assert.Equal("Manual", Statuses(enable)["X8"]);
            Assert.Contains(Instructions(enable, "X8"), l => l.Contains("EX01", StringComparison.Ordinal));

            var migrating = Runner.Run(rs, "Set-ExchangeIntegration", Full(Write(new JsonObject { ["MigratingFromSmallBusinessServer"] = true })));
            Assert.True(migrating.Errors.Count == 0, string.Join(" | ", migrating.ErrorIds));
            Assert.StartsWith("Postpone", Instructions(migrating, "X8")[0], StringComparison.Ordinal);

            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["mailboxes"] = new JsonArray(
                new JsonObject { ["Name"] = "Alice", ["Alias"] = "alice", ["PrimarySmtpAddress"] = "alice@contoso.com" },
                new JsonObject { ["Name"] = "Bob", ["Alias"] = "bob", ["PrimarySmtpAddress"] = "bob@contoso.com" }));
            _f.ResetCounters();
            var disable = Runner.Run(rs, "Set-ExchangeIntegration", Full(Write(new JsonObject { ["Integration"] = "Disable" })));
            statuses = Statuses(disable);
            Assert.True(disable.Errors.Count == 0, string.Join(" | ", disable.ErrorIds));
            Assert.False(statuses.ContainsKey("X8"));
            Assert.Equal("Manual", statuses["X12"]);
            Assert.Contains(Instructions(disable, "X12"), l => l.Contains("2 mailboxes stay in Exchange", StringComparison.Ordinal));
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void Only_the_stages_asked_for_run()
        {
            var r = Runner.Run(_rs, "Set-ExchangeIntegration", new Dictionary<string, object>(Full(Write(Configuration(_f.Certs.Good)))) { ["Stage"] = new[] { "x10" } });
            var statuses = Statuses(r);
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.ErrorIds));
            Assert.Equal("Applied", statuses["X10"]);
            Assert.All(statuses.Where(kv => kv.Key != "X10"), kv => Assert.Equal("Skipped", kv.Value));
        }

        [Fact]
        public void Bad_configuration_is_refused_whole_before_a_single_read()
        {
            var cases = new List<(string id, string target, JsonObject configuration)>();
            var secret = Configuration(_f.Certs.Good);
            secret["ReverseProxy"]["CertPassword"] = ModuleFixture.Password;
            cases.Add(("exchange.runbook.secret_in_file", "ReverseProxy.CertPassword", secret));
            var typo = Configuration(_f.Certs.Good);
            typo["Setpu"] = new JsonObject();
            cases.Add(("exchange.runbook.section_unknown", "Setpu", typo));
            var lastStage = Configuration(_f.Certs.Good);
            lastStage["MailboxQuota"]["Quota"] = "lots";
            cases.Add(("exchange.quota.not_a_size", "MailboxQuota.Quota", lastStage));
            var host = Configuration(_f.Certs.Good);
            host["ReverseProxy"]["HostName"] = new JsonArray("owa.fabrikam.com");
            cases.Add(("reverse_proxy.host_not_in_certificate", "ReverseProxy.HostName", host));
            var migrating = Configuration(_f.Certs.Good);
            migrating["MigratingFromSmallBusinessServer"] = true;
            cases.Add(("exchange.runbook.target_server_missing", "ReverseProxy.TargetServer", migrating));

            _f.ResetCounters();
            foreach (var (id, target, configuration) in cases)
            {
                var r = Runner.Run(_rs, "Set-ExchangeIntegration", Full(Write(configuration, id + ".json")));
                Assert.True(r.ErrorIds.Contains(id + SetId), id + " expected, got: " + string.Join(" | ", r.ErrorIds));
                Assert.Contains(r.Errors, e => e.FullyQualifiedErrorId.StartsWith(id, StringComparison.Ordinal) && Equals(e.TargetObject, target));
                Assert.Empty(r.Output);
                Assert.DoesNotContain(ModuleFixture.Password, r.AllText());
            }
            string broken = Path.Combine(_dir, "broken.json");
            File.WriteAllText(broken, "{\n  \"Setup\": {\n    \"SetupPath\": \"D:\\Setup.EXE\"\n  }\n}\n");  // one backslash: not JSON
            var json = Runner.Run(_rs, "Set-ExchangeIntegration", Full(broken));
            Assert.Contains("exchange.runbook.json_invalid" + SetId, json.ErrorIds);
            Assert.Contains("line 3", json.AllText());
            var missing = Runner.Run(_rs, "Set-ExchangeIntegration", Full(Path.Combine(_dir, "none.json")));
            Assert.Contains("exchange.runbook.file_missing" + SetId, missing.ErrorIds);
            var stage = Runner.Run(_rs, "Set-ExchangeIntegration", new Dictionary<string, object>(Full(Write(Configuration(_f.Certs.Good)))) { ["Stage"] = new[] { "X13" } });
            Assert.Contains("exchange.runbook.stage_unknown" + SetId, stage.ErrorIds);
            var noPassword = new Dictionary<string, object>(Full(Write(Configuration(_f.Certs.Good))));
            noPassword.Remove("CertPassword");
            var password = Runner.Run(_rs, "Set-ExchangeIntegration", noPassword);
            Assert.Contains("exchange.runbook.password_missing" + SetId, password.ErrorIds);

            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
        }
    }
}
