// Set-/Test-/Get-/Remove-TeamsEssentialsRouting -Mode Gmail (T11) and -Mode ExchangeHybrid (T12)
// through the real engine against the emulator: from the tenant as seeded to the documented end
// state (asserted through the emulator's state), the converged re-run, Remove back to the start,
// the hybrid checks, and parameters of another mode refused before any request.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class TeamsEssentialsRoutingModesTests : IDisposable
    {
        private const string InitialDomain = "contoso.onmicrosoft.com";
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public TeamsEssentialsRoutingModesTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;

        private static void AssertNoErrors(RunResult r) =>
            Assert.True(r.Terminating == null && r.Errors.Count == 0, string.Join(" | ", r.ErrorIds) + " " + r.Terminating);

        // One folder per test: a record one test leaves must not be seen by another.
        private readonly string _stateDir = "modes-state-" + Guid.NewGuid().ToString("N");
        private string StateDir => Path.Combine(_f.TempDir, _stateDir);

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        /// <summary>The state with `edit` applied, seeded back, then the runspace connected.</summary>
        private void SeedAndConnect(Action<JsonObject> edit)
        {
            Cloud.Reseed(_f, edit);
            Cloud.Connect(_f, _rs);
        }

        private RunResult Run(string cmdlet, string mode, params (string Name, object Value)[] extra)
        {
            var args = new Dictionary<string, object> { ["Mode"] = mode, ["StateDirectory"] = StateDir };
            foreach (var (name, value) in extra) args[name] = value;
            return Runner.Run(_rs, cmdlet, args);
        }

        private JsonNode Snapshot()
        {
            var state = _f.GetJson("control/state");
            return new JsonObject
            {
                ["casMailboxes"] = state["exchangeOnline"][Cloud.Tenant]["casMailboxes"].DeepClone(),
                ["transportRules"] = state["exchangeOnline"][Cloud.Tenant]["transportRules"].DeepClone(),
                ["securityDefaults"] = state["graph"][Cloud.Tenant]["securityDefaults"].DeepClone(),
            };
        }

        [Fact]
        public void Gmail_mode_from_the_seeded_tenant_to_the_end_state_and_back()
        {
            SeedAndConnect(state =>
            {
                var exo = state["exchangeOnline"][Cloud.Tenant];
                // POP off for two mailboxes, and a rule the module did not make.
                foreach (var cas in exo["casMailboxes"].AsArray())
                    if ((string)cas["Name"] == "AdeleV" || (string)cas["Name"] == "AlexW") cas["PopEnabled"] = false;
                exo["transportRules"] = new JsonArray(new JsonObject { ["Name"] = "Disclaimer (not ours)", ["SetHeaderName"] = "X-Disclaimer", ["SetHeaderValue"] = "1" });
                state["graph"][Cloud.Tenant]["conditionalAccessPolicies"] = JsonNode.Parse(
                    "[{\"id\":\"9a1b0000-0000-4000-8000-000000000001\",\"displayName\":\"Block legacy authentication\",\"state\":\"enabled\"," +
                    "\"conditions\":{\"clientAppTypes\":[\"exchangeActiveSync\",\"other\"],\"users\":{\"includeUsers\":[\"All\"]}," +
                    "\"applications\":{\"includeApplications\":[\"All\"]}},\"grantControls\":{\"operator\":\"OR\",\"builtInControls\":[\"block\"]}}]");
            });
            var before = Snapshot();
            Assert.True((bool)before["securityDefaults"]["isEnabled"]);
            // T3 as in Google Workspace mode: three users on the onmicrosoft.com domain, licensed.
            var (skuStatus, _) = _f.PostText("control/graph/" + Cloud.Tenant + "/skus",
                "{\"skuId\":\"3ab6abff-666f-4424-bfb7-f0bc274ec7bc\",\"skuPartNumber\":\"Teams_Ess\",\"prepaidUnits\":5}");
            Assert.Equal(201, skuStatus);
            string csv = Path.Combine(_f.TempDir, "gmail-users.csv");
            File.WriteAllText(csv, "UserPrincipalName,DisplayName,UsageLocation\r\n" +
                string.Join("", Enumerable.Range(1, 3).Select(i => "gmailuser" + i + "@" + InitialDomain + ",Gmail user " + i + ",FR\r\n")));
            const string password = "Gmail-Initial-Canary-Pw-9924";
            var users = new (string, object)[] { ("UsersCsvPath", csv), ("InitialPassword", ModuleFixture.Secure(password)) };
            _f.ResetCounters();

            var test = Run("Test-TeamsEssentialsRouting", "Gmail", users);
            AssertNoErrors(test);
            var actions = test.Output.Select(o => (string)P(o, "Action") + " " + (string)P(o, "ResourceType")).ToList();
            Assert.Contains("update SecurityDefaults", actions);
            Assert.Contains("update CASMailbox", actions);
            Assert.False((bool)Run("Test-TeamsEssentialsRouting", "Gmail", ("Quiet", true)).Output.Single().BaseObject);

            var whatIf = Run("Set-TeamsEssentialsRouting", "Gmail", users.Append(("WhatIf", (object)true)).ToArray());
            AssertNoErrors(whatIf);
            Assert.Equal(0, Writes());

            var set = Run("Set-TeamsEssentialsRouting", "Gmail", users.Append(("Confirm", (object)false)).ToArray());
            AssertNoErrors(set);
            int writes = Writes();
            Assert.True(writes == 9, writes + " writes: " + string.Join(" ", _f.Requests().Where(r => (bool?)r["write"] == true).Select(r => (string)r["method"] + " " + (string)r["path"] + " " + (string)r["cmdlet"])));  // three users, their licences, security defaults, POP on two mailboxes
            var made = _f.GetJson("control/state")["graph"][Cloud.Tenant]["users"].AsArray()
                .Where(u => ((string)u["userPrincipalName"]).StartsWith("gmailuser", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, made.Count);
            Assert.All(made, u => Assert.Single(u["assignedLicenses"].AsArray()));
            var after = Snapshot();
            Assert.False((bool)after["securityDefaults"]["isEnabled"]);
            Assert.All(after["casMailboxes"].AsArray(), c => Assert.True((bool)c["PopEnabled"]));
            Assert.True(JsonNode.DeepEquals(before["transportRules"], after["transportRules"]));
            Assert.Contains(set.Warnings, w => w.Message.StartsWith("Manual step entra.conditional-access-pop", StringComparison.Ordinal) &&
                                               w.Message.Contains("'Block legacy authentication'", StringComparison.Ordinal));
            Assert.Contains(set.Warnings, w => w.Message.StartsWith("Manual step gmail.pop-fetch", StringComparison.Ordinal) &&
                                               w.Message.Contains("outlook.office365.com, port 995", StringComparison.Ordinal));

            var get = Run("Get-TeamsEssentialsRouting", "Gmail");
            AssertNoErrors(get);
            var status = get.Output.Single();
            Assert.Equal("Gmail", (string)P(status, "mode"));
            Assert.False((bool)P(status, "securityDefaultsEnabled"));
            Assert.Equal(Convert.ToInt64(P(status, "userMailboxes")), Convert.ToInt64(P(status, "popEnabled")));
            Assert.Equal(0L, Convert.ToInt64(P(status, "pendingSteps")));
            Assert.NotNull(P(status, "undoRecord"));

            // Converged: reads only; with the checklist marked done, in the desired state.
            _f.ResetCounters();
            AssertNoErrors(Run("Set-TeamsEssentialsRouting", "Gmail", users.Append(("Confirm", (object)false)).ToArray()));
            Assert.Equal(0, Writes());
            var done = Run("Test-TeamsEssentialsRouting", "Gmail", ("Quiet", true),
                ("ManualStepDone", new[] { "entra.mfa", "entra.conditional-access-pop", "gmail.pop-fetch", "gmail.teams-calendar-addon" }));
            Assert.True((bool)done.Output.Single().BaseObject);
            _f.Count(_out, "Set-TeamsEssentialsRouting -Mode Gmail: " + writes + " writes on the first run, 0 on the re-run (" + _f.Requests().Count + " reads)");

            // Remove: security defaults on again, POP off again on the two; the rule not ours stays.
            _f.ResetCounters();
            var remove = Runner.Run(_rs, "Remove-TeamsEssentialsRouting", new Dictionary<string, object>
            {
                ["Mode"] = "Gmail", ["StateDirectory"] = StateDir, ["Confirm"] = false,
            });
            AssertNoErrors(remove);
            Assert.True(JsonNode.DeepEquals(before, Snapshot()), "the tenant differs after Remove-TeamsEssentialsRouting -Mode Gmail");
            Assert.Empty(Directory.GetFiles(StateDir, "*.json", SearchOption.AllDirectories));
            _f.Count(_out, "Remove-TeamsEssentialsRouting -Mode Gmail: " + Writes() + " writes to put the tenant back");
            Cloud.AssertNoLeak(set.AllText() + remove.AllText() + Cloud.RequestLog(_f), Cloud.Secret, password);
        }

        [Fact]
        public void Exchange_hybrid_mode_checks_the_prerequisites_and_writes_nothing()
        {
            SeedAndConnect(_ => { });
            _f.ResetCounters();
            var test = Run("Test-TeamsEssentialsRouting", "ExchangeHybrid", ("DomainName", InitialDomain));
            AssertNoErrors(test);
            var manual = test.Output.Where(o => (string)P(o, "Action") == "manual").Select(o => (string)P(o, "Identity")).ToList();
            Assert.Contains("hybrid.oauth", manual);
            Assert.Contains("hybrid.organization-relationship", manual);

            // What the Hybrid Configuration Wizard leaves in Exchange Online.
            SeedAndConnect(state =>
            {
                var exo = state["exchangeOnline"][Cloud.Tenant];
                exo["intraOrganizationConnectors"] = JsonNode.Parse("[{\"Name\":\"HybridIOC - 7b2f\",\"TargetAddressDomains\":[\"" + InitialDomain +
                    "\"],\"DiscoveryEndpoint\":\"https://mail.contoso.com/autodiscover/autodiscover.svc\"}]");
                exo["organizationRelationships"] = JsonNode.Parse("[{\"Name\":\"O365 to On-premises - 7b2f\",\"DomainNames\":[\"" + InitialDomain +
                    "\"],\"FreeBusyAccessEnabled\":true,\"FreeBusyAccessLevel\":\"LimitedDetails\"}]");
            });
            _f.ResetCounters();
            var set = Run("Set-TeamsEssentialsRouting", "ExchangeHybrid", ("DomainName", InitialDomain), ("Confirm", false));
            AssertNoErrors(set);
            Assert.Equal(0, Writes());
            Assert.DoesNotContain(set.Warnings, w => w.Message.Contains("hybrid.oauth", StringComparison.Ordinal));
            Assert.Contains(set.Warnings, w => w.Message.StartsWith("Manual step hybrid.teams-rooms", StringComparison.Ordinal));
            var quiet = Run("Test-TeamsEssentialsRouting", "ExchangeHybrid", ("DomainName", InitialDomain), ("Quiet", true),
                ("ManualStepDone", new[] { "hybrid.teams-calendar-onprem", "hybrid.teams-rooms" }));
            Assert.True((bool)quiet.Output.Single().BaseObject);
            var get = Run("Get-TeamsEssentialsRouting", "ExchangeHybrid", ("DomainName", InitialDomain)).Output.Single();
            Assert.Equal("HybridIOC - 7b2f", (string)P((PSObject)P(get, "intraOrganizationConnector"), "name"));
            Assert.Empty(Directory.Exists(StateDir) ? Directory.GetFiles(StateDir, "*.json", SearchOption.AllDirectories) : new string[0]);
        }

        [Fact]
        public void Another_modes_parameters_are_refused_before_any_request()
        {
            SeedAndConnect(_ => { });
            _f.ResetCounters();
            var cases = new (string Mode, string Name, object Value, string Id)[]
            {
                ("Gmail", "ForwardingDomain", "g.contoso.com", "teams.parameter.not_for_mode"),
                ("Gmail", "ManualStepDone", new[] { "google.spam-bypass" }, "teams.manual_step.unknown"),
                ("ExchangeHybrid", "KeepPopDisabled", true, "teams.parameter.not_for_mode"),
                ("ExchangeHybrid", "UsageLocation", "FR", "teams.parameter.not_for_mode"),
            };
            foreach (var (mode, name, value, id) in cases)
            {
                var r = Run("Set-TeamsEssentialsRouting", mode, ("DomainName", InitialDomain), (name, value), ("Confirm", false));
                Assert.True(r.ErrorIds.Any(e => e.StartsWith(id, StringComparison.Ordinal)), mode + " " + name + ": got " + string.Join(" | ", r.ErrorIds));
            }
            var noDomain = Run("Set-TeamsEssentialsRouting", "ExchangeHybrid", ("Confirm", false));
            Assert.Contains(noDomain.ErrorIds, e => e.StartsWith("validation.domain.empty", StringComparison.Ordinal));
            Assert.Empty(_f.Requests());
        }
    }
}
