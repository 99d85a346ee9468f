// New-M365OnlineAccount (seeds M4, M5) through the real engine against the emulator: accounts for
// the local users of a CSV, matched ones left alone, conflicts and licence exhaustion returned as
// objects and written to the results file, the re-run creating nothing, nothing sent for bad input.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class M365OnlineAccountTests : IDisposable
    {
        private const string Domain = "contoso.onmicrosoft.com";
        private const string Password = "Online-Account-Canary-Pw-4471";
        private readonly ModuleFixture _f;
        private readonly Runspace _rs;

        public M365OnlineAccountTests(ModuleFixture fixture)
        {
            _f = fixture;
            _f.Reset();
            _rs = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;
        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        private string Csv(int count)
        {
            var text = new StringBuilder("\"SamAccountName\",\"DisplayName\",\"Mail\",\"Enabled\"\r\n");
            for (int i = 1; i <= count; i++) text.Append("\"local" + i + "\",\"Local " + i + "\",\"local" + i + "@corp.contoso.local\",\"True\"\r\n");
            text.Append("\"gone\",\"Disabled user\",\"gone@corp.contoso.local\",\"False\"\r\n");
            string path = Path.Combine(_f.TempDir, "accounts-" + Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, text.ToString());
            return path;
        }

        private void Online(string upn, string name, string otherMail)
        {
            var body = new JsonObject
            {
                ["accountEnabled"] = true, ["displayName"] = name, ["mailNickname"] = upn.Split('@')[0], ["userPrincipalName"] = upn,
                ["passwordProfile"] = new JsonObject { ["password"] = "Seeded-Pw-1!", ["forceChangePasswordNextSignIn"] = true },
            };
            if (otherMail != null) body["otherMails"] = new JsonArray(otherMail);
            using var http = new System.Net.Http.HttpClient();
            using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Post, _f.EmulatorUri.TrimEnd('/') + "/v1.0/users")
            {
                Content = new System.Net.Http.StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Cloud.Token(_f, "https://graph.microsoft.com"));
            using var response = http.Send(request);
            Assert.True((int)response.StatusCode == 201, response.Content.ReadAsStringAsync().Result);
        }

        [Fact]
        public void Accounts_made_matched_and_reported_then_a_rerun_without_writes()
        {
            Online("local1@" + Domain, "Local 1", "local1@corp.contoso.local");     // the same person
            Online("local2@" + Domain, "Somebody else", null);                      // a conflict
            var (sku, _) = _f.PostText("control/graph/" + Cloud.Tenant + "/skus",
                "{\"skuId\":\"3b555118-da6a-4418-894f-7df1e2096870\",\"skuPartNumber\":\"O365_BUSINESS_ESSENTIALS\",\"prepaidUnits\":6}");
            Assert.Equal(201, sku);
            string csv = Csv(10), results = Path.Combine(_f.TempDir, "accounts-results-" + Guid.NewGuid().ToString("N") + ".csv");
            _f.ResetCounters();
            var args = new Dictionary<string, object>
            {
                ["DomainName"] = Domain, ["UsersCsvPath"] = csv, ["UsageLocation"] = "FR", ["LicenseSku"] = "O365_BUSINESS_ESSENTIALS",
                ["InitialPassword"] = ModuleFixture.Secure(Password), ["ResultsPath"] = results,
                ["StateDirectory"] = Path.Combine(_f.TempDir, "accounts-state-" + Guid.NewGuid().ToString("N")),
            };
            var whatIf = Runner.Run(_rs, "New-M365OnlineAccount", new Dictionary<string, object>(args) { ["WhatIf"] = true });
            Assert.Null(whatIf.Terminating);
            Assert.Equal(0, Writes());

            var made = Runner.Run(_rs, "New-M365OnlineAccount", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Null(made.Terminating);
            var failed = made.Output.Where(o => o.BaseObject.GetType().Name == "AccountResult").ToList();
            // local2 is someone else's; 8 made, 6 licences: local1 (matched) and 5 of the new take them, 3 go without.
            Assert.Single(failed, o => (string)P(o, "ErrorId") == "m365.account.upn_taken" && (string)P(o, "Item") == "local2@" + Domain);
            Assert.Equal(3, failed.Count(o => (string)P(o, "ErrorId") == "graph.license.exhausted"));
            Assert.All(failed, o => Assert.False(string.IsNullOrEmpty((string)P(o, "RecommendedAction"))));
            Assert.Contains("m365.account.upn_taken,MailIntegration.Commands.NewM365OnlineAccountCommand", made.ErrorIds);
            var users = _f.GetJson("control/state")["graph"][Cloud.Tenant]["users"].AsArray();
            Assert.Equal(10, users.Count(u => ((string)u["userPrincipalName"]).StartsWith("local", StringComparison.Ordinal)));  // 8 made + the 2 seeded
            Assert.DoesNotContain(users, u => ((string)u["userPrincipalName"]).StartsWith("gone", StringComparison.Ordinal));
            var lines = File.ReadAllLines(results);
            Assert.Equal(1 + 4, lines.Length);
            Cloud.AssertNoLeak(made.AllText() + whatIf.AllText() + string.Join("\n", lines) + Cloud.RequestLog(_f), Password);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "New-M365OnlineAccount", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Null(again.Terminating);
            Assert.Equal(3, again.Output.Count(o => (string)P(o, "ErrorId") == "graph.license.exhausted"));  // still none free: tried again, reported
            Assert.Equal(0, _f.Requests().Count(r => (bool?)r["write"] == true && (string)r["method"] == "POST" && ((string)r["path"]).EndsWith("/users", StringComparison.Ordinal)));
        }

        [Fact]
        public void Bad_input_is_refused_with_ids_and_sends_nothing()
        {
            string csv = Path.Combine(_f.TempDir, "bad-accounts.csv");
            File.WriteAllText(csv, "SamAccountName,DisplayName\r\nal ice,Alice\r\nbob,\r\n");
            _f.ResetCounters();
            var r = Runner.Run(_rs, "New-M365OnlineAccount", new Dictionary<string, object> { ["DomainName"] = Domain, ["UsersCsvPath"] = csv, ["UsageLocation"] = "FR" });
            Assert.Contains("m365.accounts.csv.name_malformed,MailIntegration.Commands.NewM365OnlineAccountCommand", r.ErrorIds);
            Assert.Contains("m365.accounts.csv.display_name_missing,MailIntegration.Commands.NewM365OnlineAccountCommand", r.ErrorIds);
            Assert.Empty(_f.Requests());
        }
        [Fact]
        public void Sync_follows_the_local_users_and_Disable_works_with_the_emulator_stopped()
        {
            string state = Path.Combine(_f.TempDir, "accounts-state-" + Guid.NewGuid().ToString("N"));
            var emulator = _f.StartExtraEmulator(out string uri);
            try
            {
                using var rs = _f.NewRunspace();
                var connect = Runner.Run(rs, "Connect-MailIntegration", new Dictionary<string, object>
                {
                    ["TenantId"] = Cloud.Tenant, ["ClientId"] = Cloud.Client, ["ClientSecret"] = ModuleFixture.Secure(Cloud.Secret), ["Endpoint"] = new Uri(uri),
                });
                Assert.Empty(connect.Errors);
                string csv = Csv(6);
                var made = Runner.Run(rs, "New-M365OnlineAccount", new Dictionary<string, object>
                {
                    ["DomainName"] = Domain, ["UsersCsvPath"] = csv, ["UsageLocation"] = "FR", ["InitialPassword"] = ModuleFixture.Secure(Password),
                    ["StateDirectory"] = state, ["Confirm"] = false,
                });
                Assert.Null(made.Terminating);
                Assert.Empty(made.Errors);
                Assert.True(File.Exists(Path.Combine(state, "m365-accounts", Cloud.Tenant + ".json")));

                // local2 disabled, local6 deleted: -WhatIf names them and changes nothing; then applied.
                File.WriteAllText(csv, "SamAccountName,DisplayName,Enabled\r\nlocal1,Local 1,True\r\nlocal2,Local 2,False\r\n" +
                    "local3,Local 3,True\r\nlocal4,Local 4,True\r\nlocal5,Local 5,True\r\n");
                var sync = new Dictionary<string, object> { ["DomainName"] = Domain, ["UsersCsvPath"] = csv, ["StateDirectory"] = state };
                var whatIf = Runner.Run(rs, "Sync-M365OnlineAccount", new Dictionary<string, object>(sync) { ["WhatIf"] = true });
                Assert.Empty(whatIf.Errors);

                var applied = Runner.Run(rs, "Sync-M365OnlineAccount", new Dictionary<string, object>(sync) { ["Confirm"] = false, ["PassThru"] = true });
                Assert.Empty(applied.Errors);
                var steps = applied.Output.Where(o => o.BaseObject.GetType().Name == "StepResult").Select(o => (string)P(o, "Action") + " " + (string)P(o, "Status")).ToList();
                Assert.Contains("update succeeded", steps);
                Assert.Contains("delete succeeded", steps);
                // One step per account, so -WhatIf and -Confirm name each one.
                var targets = applied.Output.Where(o => o.BaseObject.GetType().Name == "StepResult").Select(o => (string)P(o, "Identity")).ToList();
                Assert.Contains("local2@" + Domain, targets);
                Assert.Contains("local6@" + Domain, targets);
                var again = Runner.Run(rs, "Sync-M365OnlineAccount", new Dictionary<string, object>(sync) { ["Confirm"] = false, ["PassThru"] = true });
                Assert.All(again.Output.Where(o => o.BaseObject.GetType().Name == "StepResult"), o => Assert.Equal("unchanged", (string)P(o, "Status")));

                // Microsoft 365 out of reach: Disable still stops the integration.
                emulator.Kill(true);
                emulator.WaitForExit(10000);
                var disabled = Runner.Run(rs, "Disable-M365Integration", new Dictionary<string, object> { ["StateDirectory"] = state, ["Confirm"] = false });
                Assert.Null(disabled.Terminating);
                Assert.Empty(disabled.Errors);
                Assert.Single(disabled.Output);
                Assert.False(File.Exists(Path.Combine(state, "m365-accounts", Cloud.Tenant + ".json")));
                var after = Runner.Run(rs, "Sync-M365OnlineAccount", new Dictionary<string, object>(sync) { ["Confirm"] = false });
                Assert.Contains("m365.accounts.not_integrated,MailIntegration.Commands.SyncM365OnlineAccountCommand", after.ErrorIds);
            }
            finally
            {
                if (!emulator.HasExited) emulator.Kill(true);
                emulator.Dispose();
            }
        }
        private void SeedDirectory(Action<System.Text.Json.Nodes.JsonArray> edit)
        {
            Cloud.Reseed(_f, state => edit(state["activeDirectory"]["users"].AsArray()));
        }

        [Fact]
        public void Accounts_from_Active_Directory_through_the_host_session_then_the_lifecycle()
        {
            SeedDirectory(users =>
            {
                for (int i = 1; i <= 5; i++)
                    users.Add(new JsonObject
                    {
                        ["SamAccountName"] = "sales" + i, ["UserPrincipalName"] = "sales" + i + "@corp.contoso.local", ["DisplayName"] = "Sales " + i,
                        ["mail"] = "sales" + i + "@corp.contoso.local", ["DistinguishedName"] = "CN=Sales " + i + ",OU=Sales,DC=corp,DC=contoso,DC=local",
                    });
                users.Add(new JsonObject { ["SamAccountName"] = "admin1", ["DisplayName"] = "IT admin", ["DistinguishedName"] = "CN=IT admin,OU=IT,DC=corp,DC=contoso,DC=local" });
            });
            using var rs = _f.NewRunspace();
            Cloud.Connect(_f, rs);
            string state = Path.Combine(_f.TempDir, "ad-accounts-" + Guid.NewGuid().ToString("N"));
            var args = new Dictionary<string, object>
            {
                ["DomainName"] = Domain, ["FromActiveDirectory"] = true, ["SearchBase"] = "OU=Sales,DC=corp,DC=contoso,DC=local",
                ["UsageLocation"] = "FR", ["InitialPassword"] = ModuleFixture.Secure(Password), ["StateDirectory"] = state,
            };
            _f.ResetCounters();
            var made = Runner.Run(rs, "New-M365OnlineAccount", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Null(made.Terminating);
            Assert.Empty(made.Errors);
            Assert.Contains(_f.Requests(), r => (string)r["cmdlet"] == "Get-ADUser");
            var users = _f.GetJson("control/state")["graph"][Cloud.Tenant]["users"].AsArray();
            Assert.Equal(5, users.Count(u => ((string)u["userPrincipalName"]).StartsWith("sales", StringComparison.Ordinal)));
            Assert.DoesNotContain(users, u => ((string)u["userPrincipalName"]).StartsWith("admin1", StringComparison.Ordinal));
            _f.ResetCounters();
            Runner.Run(rs, "New-M365OnlineAccount", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Equal(0, Writes());

            // sales2 disabled in Active Directory, sales5 deleted: followed online.
            SeedDirectory(list =>
            {
                foreach (var u in list.OfType<JsonObject>()) if ((string)u["SamAccountName"] == "sales2") u["Enabled"] = false;
                list.Remove(list.OfType<JsonObject>().Single(u => (string)u["SamAccountName"] == "sales5"));
            });
            using var later = _f.NewRunspace();
            Cloud.Connect(_f, later);
            var sync = Runner.Run(later, "Sync-M365OnlineAccount", new Dictionary<string, object>
            {
                ["DomainName"] = Domain, ["FromActiveDirectory"] = true, ["SearchBase"] = "OU=Sales,DC=corp,DC=contoso,DC=local",
                ["StateDirectory"] = state, ["Confirm"] = false,
            });
            Assert.Empty(sync.Errors);
            var online = _f.GetJson("control/state")["graph"][Cloud.Tenant]["users"].AsArray().OfType<JsonObject>().ToList();
            Assert.False((bool)online.Single(u => ((string)u["userPrincipalName"]).StartsWith("sales2@", StringComparison.Ordinal))["accountEnabled"]);
            Assert.DoesNotContain(online, u => ((string)u["userPrincipalName"]).StartsWith("sales5@", StringComparison.Ordinal));
            Cloud.AssertNoLeak(made.AllText() + sync.AllText() + Cloud.RequestLog(_f), Password);
        }
        [Fact]
        public void Online_accounts_imported_as_local_users_once()
        {
            SeedDirectory(users => users.Add(new JsonObject
            {
                ["SamAccountName"] = "AlexW", ["DisplayName"] = "Alex Wilber", ["DistinguishedName"] = "CN=Alex Wilber,OU=Staff,DC=corp,DC=contoso,DC=local",
            }));
            using var rs = _f.NewRunspace();
            Cloud.Connect(_f, rs);
            string state = Path.Combine(_f.TempDir, "import-" + Guid.NewGuid().ToString("N"));
            var args = new Dictionary<string, object>
            {
                ["DomainName"] = Domain, ["Path"] = "OU=Staff,DC=corp,DC=contoso,DC=local", ["LocalUpnSuffix"] = "corp.contoso.local",
                ["InitialPassword"] = ModuleFixture.Secure(Password), ["StateDirectory"] = state, ["Confirm"] = false,
            };
            _f.ResetCounters();
            var imported = Runner.Run(rs, "Import-M365OnlineAccount", args);
            Assert.Null(imported.Terminating);
            Assert.Empty(imported.Errors);
            var local = _f.GetJson("control/state")["activeDirectory"]["users"].AsArray().OfType<JsonObject>().ToList();
            // The seed's admin and Megan Bowen are made; Alex Wilber was there already (matched).
            Assert.Equal(3, local.Count);
            var megan = local.Single(u => (string)u["SamAccountName"] == "meganb");
            Assert.Equal("meganb@corp.contoso.local", (string)megan["UserPrincipalName"]);
            Assert.EndsWith(",OU=Staff,DC=corp,DC=contoso,DC=local", (string)megan["DistinguishedName"]);
            Assert.True(File.Exists(Path.Combine(state, "m365-accounts", Cloud.Tenant + ".json")));
            Assert.Contains("\"alexw\"", File.ReadAllText(Path.Combine(state, "m365-accounts", Cloud.Tenant + ".json")));
            Cloud.AssertNoLeak(imported.AllText() + Cloud.RequestLog(_f) + _f.GetText("control/state"), Password);
            _f.ResetCounters();
            Assert.Empty(Runner.Run(rs, "Import-M365OnlineAccount", args).Errors);
            Assert.Equal(0, Writes());

            // Megan's local user deleted, and an OU that does not exist: that user fails, as an
            // object and a results line.
            string results = Path.Combine(_f.TempDir, "import-results-" + Guid.NewGuid().ToString("N") + ".csv");
            SeedDirectory(users =>
            {
                foreach (var u in users.OfType<JsonObject>().ToList()) if ((string)u["SamAccountName"] == "meganb") users.Remove(u);
            });
            using var again = _f.NewRunspace();
            Cloud.Connect(_f, again);
            var clash = Runner.Run(again, "Import-M365OnlineAccount", new Dictionary<string, object>(args)
            {
                ["ResultsPath"] = results, ["StateDirectory"] = state + "-2", ["Path"] = "OU=Gone,DC=corp,DC=contoso,DC=local",
            });
            Assert.NotEmpty(clash.Errors);
            var failed = clash.Output.Where(o => o.BaseObject.GetType().Name == "AccountResult").ToList();
            Assert.Single(failed);
            Assert.Equal("meganb@corp.contoso.local", (string)failed[0].Properties["Item"].Value);
            Assert.Equal(2, File.ReadAllLines(results).Length);
        }
    }
}
