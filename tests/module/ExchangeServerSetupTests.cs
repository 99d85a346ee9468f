// The document's road to an Exchange server (seed X1, X3, X4) through the real engine: the
// checks of Test-ExchangeIntegrationPrerequisite, Grant-ExchangeSetupPermission,
// Install-ExchangePrerequisite (ServerManager answered by the emulator's Windows host) and
// Install-ExchangeServer running setup, a recorded process that reports its argv to the emulator.
// Each applies, re-runs with zero writes, and refuses its bad input with an error id.
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
    public sealed class ExchangeServerSetupTests : OnPremisesTestBase
    {
        private const string Command = "MailIntegration.Commands.";

        public ExchangeServerSetupTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "setup") { }

        private static string Prop(PSObject o, string name) => Convert.ToString(o.Properties[name]?.Value);

        private JsonObject Host() => _f.State()["windowsHost"]?.AsObject();

        private void SeedDirectory(params string[] enterpriseAdmins) =>
            Cloud.Reseed(_f, state =>
            {
                state["activeDirectory"] = new JsonObject
                {
                    ["users"] = new JsonArray(new JsonObject { ["SamAccountName"] = "exadmin", ["Name"] = "Exchange Admin" },
                                              new JsonObject { ["SamAccountName"] = "root", ["Name"] = "Forest Root" }),
                    ["groups"] = new JsonArray(
                        new JsonObject { ["Name"] = "Enterprise Admins", ["SamAccountName"] = "Enterprise Admins", ["Members"] = new JsonArray(enterpriseAdmins.Select(m => (JsonNode)m).ToArray()) },
                        new JsonObject { ["Name"] = "Forest Owners", ["SamAccountName"] = "Forest Owners", ["Members"] = new JsonArray("root") }),
                };
            });

        private void SeedHost(Action<JsonObject> edit) =>
            Cloud.Reseed(_f, state =>
            {
                var org = state["exchangeOnPrem"][ModuleFixture.Org].AsObject();
                if (org["windowsHost"] is not JsonObject host)
                {
                    host = new JsonObject();
                    org["windowsHost"] = host;
                }
                edit(host);
            });

        [Fact]
        public void Prerequisites_are_checked_and_the_admin_is_added_to_Enterprise_Admins_once()
        {
            SeedDirectory("Forest Owners");  // nested: root is an Enterprise Admin, exadmin not yet
            var args = new Dictionary<string, object> { ["UserName"] = "exadmin", ["EssentialsServer"] = "ESS01" };
            _f.ResetCounters();
            var test = Runner.Run(_rs, "Test-ExchangeIntegrationPrerequisite", args);
            Assert.True(test.Errors.Count == 0, string.Join(" | ", test.ErrorIds));
            var byCheck = test.Output.ToDictionary(o => Prop(o, "Check"), o => o);
            Assert.Equal(new[] { "Domain", "EnterpriseAdmins", "Exchange", "OperatingSystem", "Server" }, byCheck.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var pass in new[] { "Domain", "Server", "OperatingSystem", "Exchange" }) Assert.Equal("Passed", Prop(byCheck[pass], "Status"));
            Assert.Equal("Failed", Prop(byCheck["EnterpriseAdmins"], "Status"));
            Assert.Equal("exchange.prereq.not_enterprise_admin", Prop(byCheck["EnterpriseAdmins"], "ErrorId"));
            Assert.Equal(0, _f.Counters().Writes);
            var quiet = Runner.Run(_rs, "Test-ExchangeIntegrationPrerequisite", new Dictionary<string, object>(args) { ["Quiet"] = true });
            Assert.False((bool)quiet.Output.Single().BaseObject);

            // The one fix: ConfirmImpact High, so -WhatIf shows it and changes nothing.
            var host = new CapturingHost();
            using (var shown = host.Open(_f))
            {
                var what = Runner.Run(shown, "Grant-ExchangeSetupPermission", new Dictionary<string, object> { ["UserName"] = "exadmin", ["WhatIf"] = true });
                Assert.Empty(what.Errors);
                string text = host.Take();
                Assert.Contains("What if:", text);
                Assert.Contains("exadmin", text);
            }
            Assert.Equal(0, _f.Counters().Writes);

            _f.ResetCounters();
            var grant = Runner.Run(_rs, "Grant-ExchangeSetupPermission", new Dictionary<string, object> { ["UserName"] = "exadmin", ["Confirm"] = false, ["PassThru"] = true });
            Assert.True(grant.Errors.Count == 0, string.Join(" | ", grant.ErrorIds));
            Assert.Equal(1, _f.Counters().Writes);
            var members = _f.GetJson("control/state")["activeDirectory"]["groups"].AsArray().OfType<JsonObject>()
                .Single(g => (string)g["Name"] == "Enterprise Admins")["Members"].AsArray().Select(m => (string)m).ToList();
            Assert.Equal(new[] { "Forest Owners", "exadmin" }, members);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Grant-ExchangeSetupPermission", new Dictionary<string, object> { ["UserName"] = "exadmin", ["Confirm"] = false });
            Assert.Empty(again.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            var ok = Runner.Run(_rs, "Test-ExchangeIntegrationPrerequisite", new Dictionary<string, object>(args) { ["Quiet"] = true });
            Assert.True((bool)ok.Output.Single().BaseObject);
            // A nested member counts: root is in Enterprise Admins through Forest Owners.
            var root = Runner.Run(_rs, "Test-ExchangeIntegrationPrerequisite", new Dictionary<string, object> { ["UserName"] = "CORP\\root", ["Quiet"] = true });
            Assert.True((bool)root.Output.Single().BaseObject);
            _f.Count(_out, "prerequisites: 5 checks, Enterprise Admins granted with 1 write, re-run 0 writes");
        }

        [Fact]
        public void Prerequisites_fail_on_the_Essentials_server_off_the_domain_and_on_old_Exchange()
        {
            SeedDirectory("exadmin");
            SeedHost(h =>
            {
                h["computer"] = new JsonObject { ["Name"] = "ESS01", ["Domain"] = "WORKGROUP", ["PartOfDomain"] = false, ["DomainRole"] = 2 };
                h["operatingSystem"] = new JsonObject { ["Caption"] = "Microsoft Windows Server 2012 R2 Essentials", ["Version"] = "6.3.9600" };
                h["registry"] = new JsonObject
                {
                    ["HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v14\\Setup"] = new JsonObject
                    {
                        ["MsiProductMajor"] = 14, ["MsiProductMinor"] = 0, ["MsiBuildMajor"] = 639, ["MsiInstallPath"] = "C:\\Program Files\\Microsoft\\Exchange Server\\V14\\",
                    },
                };
            });
            var r = Runner.Run(_rs, "Test-ExchangeIntegrationPrerequisite", new Dictionary<string, object> { ["UserName"] = "exadmin", ["EssentialsServer"] = "ess01" });
            Assert.Empty(r.Errors);
            var ids = r.Output.ToDictionary(o => Prop(o, "Check"), o => Prop(o, "ErrorId"));
            Assert.Equal("exchange.prereq.not_domain_joined", ids["Domain"]);
            Assert.Equal("exchange.prereq.on_essentials_server", ids["Server"]);
            Assert.Equal("exchange.prereq.on_essentials_server", ids["OperatingSystem"]);
            Assert.Equal("exchange.prereq.version_unsupported", ids["Exchange"]);
            Assert.Equal("exchange.prereq.tools_missing", ids["ManagementTools"]);
            Assert.Equal("Passed", Prop(r.Output.Single(o => Prop(o, "Check") == "EnterpriseAdmins"), "Status"));
            Assert.Contains(r.Output, o => Prop(o, "Check") == "Server" && Prop(o, "Message").Contains("second server", StringComparison.Ordinal));
        }

        [Fact]
        public void Windows_features_are_added_once_and_restarted_only_when_asked()
        {
            _f.ResetCounters();
            var first = Runner.Run(_rs, "Install-ExchangePrerequisite", null);
            Assert.True(first.Errors.Count == 0, string.Join(" | ", first.ErrorIds));
            var added = first.Output.Where(o => Prop(o, "Status") == "Added").Select(o => Prop(o, "Name")).ToList();
            Assert.Equal(26, added.Count);  // the document's list; Telnet-Client is not on it
            Assert.DoesNotContain("Telnet-Client", added);
            Assert.Equal(1, _f.Counters().Writes);  // one Install-WindowsFeature with every missing name
            Assert.Contains(first.Warnings, w => w.Message.Contains("restart", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, (int)Host()["restarts"]);

            _f.ResetCounters();
            var pending = Runner.Run(_rs, "Install-ExchangePrerequisite", null);
            Assert.Empty(pending.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(new[] { "NET-Framework", "RPC-Over-HTTP-Proxy" },
                         pending.Output.Where(o => Prop(o, "Status") == "PendingRestart").Select(o => Prop(o, "Name")).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(24, pending.Output.Count(o => Prop(o, "Status") == "AlreadyInstalled"));

            _f.ResetCounters();
            var restart = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Restart"] = true });
            Assert.Empty(restart.Errors);
            Assert.Equal(1, (int)Host()["restarts"]);
            Assert.Equal(1, _f.Counters().Writes);  // Restart-Computer

            _f.ResetCounters();
            var done = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Restart"] = true });
            Assert.Empty(done.Errors);
            Assert.Empty(done.Warnings);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(26, done.Output.Count(o => Prop(o, "Status") == "AlreadyInstalled"));
            Assert.Equal(1, (int)Host()["restarts"]);
            _f.Count(_out, "Windows features: 26 added in 1 write, 1 restart with -Restart, re-run 0 writes");
        }

        [Fact]
        public void InstallDependencies_drop_in_installs_the_features_and_restarts_as_the_original()
        {
            string script = Path.Combine(_f.ModuleDir, "InstallDependencies.ps1");
            _f.ResetCounters();
            var what = Runner.Run(_rs, script, new Dictionary<string, object> { ["WhatIf"] = true });
            Assert.True(what.Errors.Count == 0, string.Join(" | ", what.ErrorIds));
            Assert.Equal(0, _f.Counters().Writes);

            var run = Runner.Run(_rs, script, null);
            Assert.True(run.Errors.Count == 0, string.Join(" | ", run.Errors.Select(e => e.ToString())));
            Assert.Equal(26, run.Output.Count(o => Prop(o, "Status") == "Added"));
            Assert.Equal(1, (int)Host()["restarts"]);  // the original's Add-WindowsFeature … -Restart
            Assert.Equal(1, _f.Counters().Writes);     // Install-WindowsFeature -Restart, as the original

            _f.ResetCounters();
            var again = Runner.Run(_rs, script, new Dictionary<string, object> { ["NoRestart"] = true });
            Assert.Empty(again.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(26, again.Output.Count(o => Prop(o, "Status") == "AlreadyInstalled"));
        }

        [Fact]
        public void Windows_features_refuse_bad_names_and_removed_files_without_a_source()
        {
            _f.ResetCounters();
            var bad = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Feature"] = new[] { "Web Server;Restart-Computer" } });
            Assert.Contains("exchange.features.name_invalid," + Command + "InstallExchangePrerequisiteCommand", bad.ErrorIds);
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
            var unknown = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Feature"] = new[] { "Web-Server", "Web-Nonexistent" } });
            Assert.Contains("exchange.features.unknown," + Command + "InstallExchangePrerequisiteCommand", unknown.ErrorIds);
            Assert.Equal(0, _f.Counters().Writes);

            SeedHost(h =>
            {
                h["features"] = new JsonArray(new JsonObject { ["Name"] = "NET-Framework", ["DisplayName"] = ".NET Framework 3.5", ["InstallState"] = "Removed" });
            });
            var removed = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Feature"] = new[] { "NET-Framework" } });
            Assert.Contains(removed.Warnings, w => w.Message.Contains("exchange.features.source_needed", StringComparison.Ordinal) || w.Message.Contains("-Source", StringComparison.Ordinal));
            Assert.Equal(0, _f.Counters().Writes);
            var source = Path.Combine(_f.TempDir, "sxs");
            Directory.CreateDirectory(source);
            var withSource = Runner.Run(_rs, "Install-ExchangePrerequisite", new Dictionary<string, object> { ["Feature"] = new[] { "NET-Framework" }, ["Source"] = source });
            Assert.True(withSource.Errors.Count == 0, string.Join(" | ", withSource.ErrorIds));
            Assert.Equal("Added", Prop(withSource.Output.Single(), "Status"));
        }

        /// <summary>A folder standing for the Exchange media: Setup.EXE is the recorded process,
        /// which reports what it was started with to the emulator.</summary>
        private string Media(string program = "Setup.EXE") => RecordedPrograms(NewFolder("media"), program);

        private void AllFeaturesInstalled() => SeedHost(h => h["features"] = DocumentFeaturesInstalled());

        private JsonObject[] ProcessRuns() =>
            _f.Requests().OfType<JsonObject>().Where(q => ((string)q["path"] ?? "").EndsWith("/process-runs", StringComparison.Ordinal)).ToArray();

        [Fact]
        public void Exchange_setup_runs_with_an_argument_array_once()
        {
            AllFeaturesInstalled();
            string setup = Media();
            var args = new Dictionary<string, object>
            {
                ["SetupPath"] = setup, ["OrganizationName"] = "Contoso Mail", ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false,
            };

            // -WhatIf prints the exact command line an administrator would type.
            var host = new CapturingHost();
            using (var shown = host.Open(_f))
            {
                _f.ResetCounters();
                var what = Runner.Run(shown, "Install-ExchangeServer", new Dictionary<string, object>(args) { ["WhatIf"] = true });
                Assert.True(what.Errors.Count == 0, string.Join(" | ", what.ErrorIds));
                string text = host.Take();
                Assert.Contains(setup + " /mode:Install /roles:mb,ca \"/OrganizationName:Contoso Mail\" /IAcceptExchangeServerLicenseTerms", text);
                Assert.Equal(0, _f.Counters().Writes);
            }
            Assert.Empty(ProcessRuns());

            _f.ResetCounters();
            var run = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object>(args) { ["PassThru"] = true, ["Verbose"] = true });
            Assert.True(run.Errors.Count == 0, string.Join(" | ", run.Errors.Select(e => e.ToString())));
            Assert.Equal(1, _f.Counters().Writes);
            var recorded = ProcessRuns().Single();
            Assert.Equal(new[] { "/mode:Install", "/roles:mb,ca", "/OrganizationName:Contoso Mail", "/IAcceptExchangeServerLicenseTerms" },
                         recorded["parameters"]["arguments"].AsArray().Select(a => (string)a));
            Assert.Contains(run.Verbose, v => v.Message.Contains("completed successfully", StringComparison.Ordinal));
            var registry = Host()["registry"].AsObject();
            Assert.True(registry.ContainsKey("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\MailboxRole"));
            Assert.True(registry.ContainsKey("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\AdminTools"));
            Assert.Equal("Contoso Mail", (string)_f.State()["organizationName"]);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Install-ExchangeServer", args);
            Assert.Empty(again.Errors);
            Assert.Equal(0, _f.Counters().Writes);
            _f.Count(_out, "Exchange setup: 1 process run with 4 arguments, re-run 0 writes");
        }

        [Fact]
        public void Exchange_setup_that_fails_is_an_error_with_its_exit_code()
        {
            // The features are missing, so setup's own prerequisite check fails.
            string setup = Media();
            var r = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object>
            {
                ["SetupPath"] = setup, ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false,
            });
            Assert.NotEmpty(r.ErrorIds);
            Assert.Contains("host.command_failed,MailIntegration.Commands.InstallExchangeServerCommand", r.ErrorIds);
            Assert.Contains("exited with code 1", r.AllText());
            Assert.Contains("Windows features must be installed", r.AllText());
            Assert.False(Host()["registry"].AsObject().ContainsKey("HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup"));
        }

        [Fact]
        public void Exchange_setup_refuses_a_missing_path_other_programs_and_unaccepted_terms()
        {
            _f.ResetCounters();
            string missing = Path.Combine(_f.TempDir, "no-media", "Setup.EXE");
            var r = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object> { ["SetupPath"] = missing, ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false });
            Assert.Contains("exchange.setup.path_missing," + Command + "InstallExchangeServerCommand", r.ErrorIds);
            string notSetup = Media("install.exe");
            var other = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object> { ["SetupPath"] = notSetup, ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false });
            Assert.Contains("exchange.setup.path_not_setup," + Command + "InstallExchangeServerCommand", other.ErrorIds);
            var terms = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object> { ["SetupPath"] = Media(), ["Confirm"] = false });
            Assert.Contains("exchange.setup.license_not_accepted," + Command + "InstallExchangeServerCommand", terms.ErrorIds);
            var org = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object>
            {
                ["SetupPath"] = Media(), ["OrganizationName"] = "Bad\"Org", ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false,
            });
            Assert.Contains("exchange.setup.organization_invalid," + Command + "InstallExchangeServerCommand", org.ErrorIds);
            var edge = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object>
            {
                ["SetupPath"] = Media(), ["Role"] = new[] { "EdgeTransport" }, ["IAcceptExchangeServerLicenseTerms"] = true, ["Confirm"] = false,
            });
            Assert.Contains(edge.ErrorIds, id => id.StartsWith("exchange.setup.role_", StringComparison.Ordinal));
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
            Assert.Empty(ProcessRuns());
        }
    }
}
