// Invoke-MailIntegrationExchangeCommand against the emulator's Exchange Online personality: single
// calls, a piped Set-Mailbox batch, -WhatIf, and two runspaces connected to two tenants at once.
// Effects are read from /control/state, never from the module's own output.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangeCommandTests : IDisposable
    {
        private const string Tenant2 = "22222222-3333-4444-5555-666666666666";
        private const string Client2 = "5b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
        private const string Secret2 = "Fabrikam-Secret-Canary-0042-xyz";

        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public ExchangeCommandTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
            _f.ResetCounters();
        }

        public void Dispose() => _rs.Dispose();

        private static RunResult Invoke(Runspace rs, string name, IDictionary parameters = null, IEnumerable<object> input = null,
                                        Dictionary<string, object> extra = null)
        {
            var result = new RunResult();
            using var ps = PowerShell.Create();
            ps.Runspace = rs;
            ps.AddCommand("Invoke-MailIntegrationExchangeCommand").AddParameter("Name", name);
            if (parameters != null) ps.AddParameter("Parameters", parameters);
            if (extra != null) foreach (var kv in extra) ps.AddParameter(kv.Key, kv.Value);
            try
            {
                result.Output.AddRange(input == null ? ps.Invoke() : ps.Invoke(input));
            }
            catch (RuntimeException ex)
            {
                result.Terminating = ex;
            }
            result.Errors.AddRange(ps.Streams.Error);
            result.Warnings.AddRange(ps.Streams.Warning);
            result.Verbose.AddRange(ps.Streams.Verbose);
            result.Information.AddRange(ps.Streams.Information);
            result.Progress.AddRange(ps.Streams.Progress);
            return result;
        }

        private JsonArray Mailboxes(string tenant) => _f.GetJson("control/state")["exchangeOnline"][tenant]["mailboxes"].AsArray();

        private static string Forwarding(JsonArray mailboxes, string name) =>
            mailboxes.OfType<JsonObject>().Where(m => string.Equals((string)m["Name"], name, StringComparison.OrdinalIgnoreCase))
                     .Select(m => m["ForwardingSmtpAddress"]?.ToString()).Single();

        /// <summary>No token (a JWT starts "eyJ"), no client secret anywhere.</summary>
        private void AssertNothingSecret(string text)
        {
            Cloud.AssertNoLeak(text, Cloud.Secret, Secret2);
            Assert.DoesNotContain("eyJ", text);
        }

        [Fact]
        public void Get_commands_return_objects_with_nested_values()
        {
            Cloud.Connect(_f, _rs);
            var domains = Invoke(_rs, "Get-AcceptedDomain");
            Assert.True(domains.Terminating == null && domains.Errors.Count == 0, string.Join(" | ", domains.ErrorIds) + " " + domains.Terminating);
            Assert.Contains(domains.Output, d => string.Equals(Convert.ToString(d.Properties["DomainName"]?.Value), "contoso.onmicrosoft.com", StringComparison.OrdinalIgnoreCase));
            Assert.All(domains.Output, d => Assert.IsType<PSCustomObject>(d.BaseObject));

            var mailboxes = Invoke(_rs, "Get-Mailbox", new Hashtable { ["ResultSize"] = "Unlimited" });
            Assert.Null(mailboxes.Terminating);
            Assert.Equal(Mailboxes(Cloud.Tenant).Count, mailboxes.Output.Count);
            var adele = mailboxes.Output.Single(m => (string)m.Properties["Name"].Value == "AdeleV");
            Assert.IsType<object[]>(adele.Properties["EmailAddresses"].Value);
            Assert.DoesNotContain(adele.Properties, p => p.Name.Contains("@odata."));
            AssertNothingSecret(domains.AllText() + mailboxes.AllText() + Cloud.RequestLog(_f));
            _f.Count(_out, "Get-Mailbox: " + mailboxes.Output.Count + " mailboxes");
        }

        [Fact]
        public void A_missing_identity_is_a_terminating_error_with_the_core_id()
        {
            Cloud.Connect(_f, _rs);
            var r = Invoke(_rs, "Get-Mailbox", new Hashtable { ["Identity"] = "nobody-here" });
            var record = (r.Terminating as IContainsErrorRecord)?.ErrorRecord;
            Assert.NotNull(record);
            Assert.StartsWith("exchange.", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        }

        [Fact]
        public void Piped_Set_Mailbox_runs_as_one_batch_in_input_order_with_progress()
        {
            Cloud.Connect(_f, _rs);
            _f.ResetCounters();
            var names = new[] { "AdeleV", "AlexW", "MeganB", "LeeG" };
            var input = names.Select(n => (object)new Hashtable { ["Identity"] = n, ["ForwardingSmtpAddress"] = n.ToLowerInvariant() + "@fabrikam.com" }).ToList();
            input.Insert(2, new Hashtable { ["Identity"] = "Nobody-Here", ["ForwardingSmtpAddress"] = "x@fabrikam.com" });
            var r = Invoke(_rs, "Set-Mailbox", input: input, extra: new Dictionary<string, object> { ["MaxConcurrency"] = 3 });
            Assert.Null(r.Terminating);
            // One failure, as a non-terminating error naming its item; the others applied.
            var error = Assert.Single(r.Errors);
            Assert.Equal("Nobody-Here", error.TargetObject);
            var state = Mailboxes(Cloud.Tenant);
            foreach (var n in names) Assert.Equal("smtp:" + n.ToLowerInvariant() + "@fabrikam.com", Forwarding(state, n));
            Assert.Contains(r.Progress, p => p.Activity.Contains("Set-Mailbox"));
            Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
            AssertNothingSecret(r.AllText() + Cloud.RequestLog(_f));
            _f.Count(_out, "Set-Mailbox batch: " + input.Count + " items, " + r.Progress.Count + " progress records");
        }

        [Fact]
        public void WhatIf_sends_no_write()
        {
            Cloud.Connect(_f, _rs);
            _f.ResetCounters();
            var r = Invoke(_rs, "Set-Mailbox", new Hashtable { ["Identity"] = "AdeleV", ["ForwardingSmtpAddress"] = "w@fabrikam.com" },
                           extra: new Dictionary<string, object> { ["WhatIf"] = true });
            Assert.Null(r.Terminating);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Null(Forwarding(Mailboxes(Cloud.Tenant), "AdeleV"));
        }

        /// <summary>A second tenant with its own app and mailboxes, beside the demo tenant.</summary>
        private void SeedSecondTenant()
        {
            var app = new JsonObject
            {
                ["tenantId"] = Tenant2, ["tenantDisplayName"] = "Fabrikam", ["domains"] = new JsonArray("fabrikam.onmicrosoft.com"),
                ["clientId"] = Client2, ["displayName"] = "Fabrikam automation", ["secrets"] = new JsonArray(Secret2),
                ["roles"] = new JsonObject { ["https://outlook.office365.com"] = new JsonArray("Exchange.ManageAsApp") },
            };
            Assert.Equal(201, _f.PostText("control/entra/apps", app.ToJsonString()).Status);
            var state = _f.GetJson("control/state").AsObject();
            // The state shows secret hints only; a seed takes plain secrets.
            foreach (var t in state["entra"]["tenants"].AsObject())
                foreach (var a in t.Value["apps"].AsArray().OfType<JsonObject>())
                {
                    string id = (string)a["clientId"];
                    if (id == Cloud.Client) a["secrets"] = new JsonArray(Cloud.Secret);
                    else if (id == Client2) a["secrets"] = new JsonArray(Secret2);
                }
            var mailboxes = new JsonArray();
            foreach (var n in new[] { "Fab1", "Fab2", "Fab3" })
                mailboxes.Add(new JsonObject { ["Name"] = n, ["PrimarySmtpAddress"] = n.ToLowerInvariant() + "@fabrikam.onmicrosoft.com" });
            state["exchangeOnline"].AsObject()[Tenant2] = new JsonObject { ["mailboxes"] = mailboxes };
            var (status, body) = _f.PostText("control/seed", state.ToJsonString());
            Assert.True(status == 200, "seed refused: " + body);
        }

        [Fact]
        public void Two_runspaces_in_parallel_work_on_their_own_tenants_only()
        {
            SeedSecondTenant();
            using var other = _f.NewRunspace();
            var contoso = new[] { "AdeleV", "AlexW", "MeganB" };
            var fabrikam = new[] { "Fab1", "Fab2", "Fab3" };
            RunResult a = null, b = null;
            string ca = null, cb = null;
            Parallel.Invoke(
                () =>
                {
                    Cloud.Connect(_f, _rs);
                    a = Invoke(_rs, "Set-Mailbox", input: contoso.Select(n => (object)new Hashtable { ["Identity"] = n, ["ForwardingSmtpAddress"] = "a@contoso.example" }));
                    ca = (string)Runner.Run(_rs, "Get-MailIntegrationConnection", null).Output.Single().Properties["TenantId"].Value;
                },
                () =>
                {
                    Cloud.Connect(_f, other, Tenant2, Client2, Secret2);
                    b = Invoke(other, "Set-Mailbox", input: fabrikam.Select(n => (object)new Hashtable { ["Identity"] = n, ["ForwardingSmtpAddress"] = "b@fabrikam.example" }));
                    cb = (string)Runner.Run(other, "Get-MailIntegrationConnection", null).Output.Single().Properties["TenantId"].Value;
                });
            Assert.True(a.Terminating == null && a.Errors.Count == 0, string.Join(" | ", a.ErrorIds));
            Assert.True(b.Terminating == null && b.Errors.Count == 0, string.Join(" | ", b.ErrorIds));
            Assert.Equal(Cloud.Tenant, ca);
            Assert.Equal(Tenant2, cb);

            var one = Mailboxes(Cloud.Tenant);
            var two = Mailboxes(Tenant2);
            foreach (var n in contoso) Assert.Equal("smtp:a@contoso.example", Forwarding(one, n));
            foreach (var n in fabrikam) Assert.Equal("smtp:b@fabrikam.example", Forwarding(two, n));
            Assert.DoesNotContain(one.OfType<JsonObject>(), m => m["ForwardingSmtpAddress"]?.ToString() == "smtp:b@fabrikam.example");
            Assert.DoesNotContain(two.OfType<JsonObject>(), m => m["ForwardingSmtpAddress"]?.ToString() == "smtp:a@contoso.example");
            // Every Exchange request went to the tenant of the runspace that sent it.
            foreach (var req in _f.Requests().OfType<JsonObject>().Where(r => ((string)r["path"]).Contains("/adminapi/")))
            {
                string path = (string)req["path"];
                Assert.True(path.Contains(Cloud.Tenant) || path.Contains(Tenant2), path);
            }
            AssertNothingSecret(a.AllText() + b.AllText() + Cloud.RequestLog(_f));
        }
    }
}
