// Set-/Test-CrmServerSideSync (seeds C1–C9) and the drop-in ConfigureCrmServerSideSync.ps1 through the
// real engine: the Dynamics 365 deployment's cmdlets and CertificateReconfiguration.ps1 are the
// emulator's stand-ins (emulator/powershell), run by the module's host session in this runspace;
// Graph and Dataverse are the emulator's. Effects are asserted through the emulator's state.
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
    public sealed class CrmServerSideSyncTests : IDisposable
    {
        private const string DynamicsApp = "00000007-0000-0000-c000-000000000000";
        private const string OrgId = "5d1b4b8e-3c0a-4a51-9b7e-0f6f2d1e9a10";
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public CrmServerSideSyncTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
        }

        public void Dispose() => _rs.Dispose();

        private static object P(PSObject o, string name) => o.Properties[name]?.Value;

        private static void AssertNoErrors(RunResult r) =>
            Assert.True(r.Terminating == null && r.Errors.Count == 0, string.Join(" | ", r.ErrorIds) + " " + r.Terminating +
                        " " + string.Join(" | ", r.Errors.Select(e => e.Exception.Message)));

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        private static string Address(int i) => "crmuser" + i.ToString("D2") + "@contoso.onmicrosoft.com";

        /// <summary>The deployment (organization Contoso) and `count` Dataverse mailboxes, nothing
        /// configured, with the mailbox test answering at once (the fault suite seeds it too).</summary>
        internal static void SeedDeployment(ModuleFixture f, int count)
        {
            Cloud.Reseed(f, state =>
            {
                state["crmDeployment"] = JsonNode.Parse("{\"organizations\":[{\"Id\":\"" + OrgId + "\",\"UniqueName\":\"contoso\",\"FriendlyName\":\"Contoso\"}]}");
                var org = state["dataverse"][Cloud.Tenant]["contoso"];
                var users = new JsonArray();
                var mailboxes = new JsonArray();
                for (int i = 1; i <= count; i++)
                {
                    string user = "aaaaaaaa-0000-4000-8000-" + i.ToString("D12"), mailbox = "bbbbbbbb-0000-4000-8000-" + i.ToString("D12");
                    users.Add(new JsonObject { ["systemuserid"] = user, ["fullname"] = "CRM user " + i, ["internalemailaddress"] = Address(i), ["_defaultmailbox_value"] = mailbox });
                    mailboxes.Add(new JsonObject { ["mailboxid"] = mailbox, ["name"] = "CRM user " + i, ["emailaddress"] = Address(i), ["_regardingobjectid_value"] = user });
                }
                org["systemusers"] = users;
                org["mailboxes"] = mailboxes;
            });
            var (settings, _) = f.PostText("control/dataverse/settings", "{\"testEnableDelaySeconds\":0}");
            Assert.Equal(200, settings);
        }

        private void Seed(int count)
        {
            SeedDeployment(_f, count);
            Cloud.Connect(_f, _rs);
            _f.ResetCounters();
        }

        /// <summary>Set-CrmServerSideSync's parameters for the seeded deployment, every mailbox.</summary>
        internal static Dictionary<string, object> BaseArgs(ModuleFixture f)
        {
            return new Dictionary<string, object>
            {
                ["OrganizationName"] = "Contoso",
                ["PfxFilePath"] = f.Certs.Good,
                ["CerFilePath"] = Path.Combine(f.Certs.Dir, "good.crt"),
                ["PrivateKeyPassword"] = ModuleFixture.Secure(ModuleFixture.Password),
                ["AllowSelfSignedCertificate"] = true,
                ["ServiceAccount"] = "CONTOSO\\CRMAsyncService",
                ["CrmToolsPath"] = Path.Combine(f.Repo, "emulator", "powershell"),
                ["RootDomainName"] = "contoso.com",
                ["AllMailboxes"] = true,
                ["PollIntervalSeconds"] = 0.1,
                ["IfdUrl"] = f.EmulatorUri,  // C2: answers (any status counts)
            };
        }

        private Dictionary<string, object> Args(params (string Name, object Value)[] extra)
        {
            var args = BaseArgs(_f);
            foreach (var (name, value) in extra) args[name] = value;
            return args;
        }

        private JsonObject Principal() =>
            _f.GetJson("control/state")["graph"][Cloud.Tenant]["servicePrincipals"].AsArray().OfType<JsonObject>().Single(p => (string)p["appId"] == DynamicsApp);

        [Fact]
        public void Set_from_nothing_to_enabled_mailboxes_then_a_rerun_without_writes()
        {
            Seed(20);
            var test = Runner.Run(_rs, "Test-CrmServerSideSync", Args());
            AssertNoErrors(test);
            var planned = test.Output.Select(o => (string)P(o, "Action") + " " + (string)P(o, "ResourceType")).ToList();
            Assert.Contains("update CrmCertificate", planned);
            Assert.Contains("update ServicePrincipalKey", planned);
            Assert.Contains("create EmailServerProfile", planned);
            Assert.Contains("check CrmMailbox", planned);
            Assert.Contains(test.Warnings, w => w.Message.Contains("April 2027", StringComparison.Ordinal));
            Assert.Equal(0, Writes());

            var whatIf = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("WhatIf", true)));
            AssertNoErrors(whatIf);
            Assert.Equal(0, Writes());

            var set = Runner.Run(_rs, "Configure-CrmServerSideSync", Args(("Confirm", false)));
            AssertNoErrors(set);
            var results = set.Output.Where(o => o.BaseObject.GetType().Name == "CrmMailboxTestResult").ToList();
            Assert.Equal(20, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal("Success", (string)P(r, "Status"));
                Assert.Equal("Success", (string)P(r, "IncomingEmailStatus"));
                Assert.Equal("Success", (string)P(r, "OutgoingEmailStatus"));
                Assert.Equal("Success", (string)P(r, "AppointmentsContactsTasksStatus"));
            });
            int writes = Writes();
            _out.WriteLine("first run: " + writes + " writes");
            Assert.Equal(1 + 2 + 3 + 1 + 1 + 60, writes);  // certificate; key + names; 3 settings; profile; defaults; 20 × (configure, approve, test)

            var state = _f.GetJson("control/state");
            var deployment = state["crmDeployment"];
            Assert.Equal("S2STokenIssuer", (string)deployment["certificates"][0]["CertificateType"]);
            Assert.Equal("CONTOSO\\CRMAsyncService", (string)deployment["certificateStore"][0]["PrivateKeyReaders"][0]);
            Assert.Equal(Cloud.Tenant, (string)deployment["organizations"][0]["S2STenantId"]);
            var principal = Principal();
            Assert.Equal((string)deployment["certificates"][0]["Data"], (string)principal["keyCredentials"].AsArray().Last()["key"]);
            Assert.Contains(principal["servicePrincipalNames"].AsArray(), n => (string)n == DynamicsApp);
            var profile = state["dataverse"][Cloud.Tenant]["contoso"]["emailserverprofiles"][0];
            Assert.Equal(3, (int)profile["servertype"]);
            Assert.Equal(2, (int)profile["incomingcredentialretrieval"]);
            foreach (var m in state["dataverse"][Cloud.Tenant]["contoso"]["mailboxes"].AsArray())
            {
                Assert.Equal(1, (int)m["emailrouteraccessapproval"]);
                Assert.Equal(1, (int)m["mailboxstatus"]);
            }
            Cloud.AssertNoLeak(test.AllText() + whatIf.AllText() + set.AllText() + Cloud.RequestLog(_f) + state.ToJsonString(),
                ModuleFixture.Password, Cloud.Secret);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("Confirm", false)));
            AssertNoErrors(again);
            Assert.Equal(0, Writes());
            Assert.Empty(again.Output);
            Assert.True((bool)Runner.Run(_rs, "Test-CrmServerSideSync", Args(("Quiet", true))).Output.Single().BaseObject);
        }

        [Fact]
        public void Authentication_failed_without_the_certificate_is_an_error_per_mailbox_with_its_id()
        {
            Seed(4);
            var first = Runner.Run(_rs, "Set-CrmServerSideSync",
                Args(("Step", new[] { "Profile", "Defaults", "Mailboxes" }), ("Confirm", false)));
            Assert.Null(first.Terminating);
            Assert.Contains("crm.mailbox.authentication_failed,MailIntegration.Commands.SetCrmServerSideSyncCommand", first.ErrorIds);
            var results = first.Output.Where(o => o.BaseObject.GetType().Name == "CrmMailboxTestResult").ToList();
            Assert.Equal(4, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal("Failure", (string)P(r, "Status"));
                Assert.Equal("crm.mailbox.authentication_failed", (string)P(r, "ErrorId"));
                Assert.StartsWith("Authentication failed.", (string)P(r, "Error"));
            });
            Assert.Contains(first.Warnings, w => w.Message.Contains("crm.mailbox.authentication_failed", StringComparison.Ordinal));

            // The fix: the certificate steps; the same mailboxes are tested again and pass.
            var fixedRun = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("Confirm", false)));
            AssertNoErrors(fixedRun);
            Assert.All(fixedRun.Output.Where(o => o.BaseObject.GetType().Name == "CrmMailboxTestResult"), r => Assert.Equal("Success", (string)P(r, "Status")));
        }

        [Fact]
        public void Bad_certificate_input_is_refused_with_ids_and_sends_nothing()
        {
            Seed(1);
            var wrong = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("PrivateKeyPassword", ModuleFixture.Secure("not-the-password-3318")), ("Confirm", false)));
            Assert.Contains("validation.certificate.bad_password,MailIntegration.Commands.SetCrmServerSideSyncCommand", wrong.ErrorIds);
            var selfSigned = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("AllowSelfSignedCertificate", false), ("Confirm", false)));
            Assert.Contains("crm.certificate.self_signed,MailIntegration.Commands.SetCrmServerSideSyncCommand", selfSigned.ErrorIds);
            var mismatch = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("CerFilePath", Path.Combine(_f.Certs.Dir, "legacy.crt")), ("Confirm", false)));
            Assert.Contains("validation.certificate.cer_mismatch,MailIntegration.Commands.SetCrmServerSideSyncCommand", mismatch.ErrorIds);
            Assert.Empty(_f.Requests());
            // C2: an Internet-facing deployment that does not answer stops the plan before any read.
            var ifd = Runner.Run(_rs, "Set-CrmServerSideSync", Args(("IfdUrl", "http://127.0.0.1:9/"), ("Confirm", false)));
            Assert.Contains("crm.ifd.unreachable,MailIntegration.Commands.SetCrmServerSideSyncCommand", ifd.ErrorIds);
            Assert.Empty(_f.Requests());
            Cloud.AssertNoLeak(wrong.AllText() + selfSigned.AllText() + mismatch.AllText(), ModuleFixture.Password, "not-the-password-3318");
        }

        [Fact]
        public void DropIn_script_takes_the_original_parameters_and_registers_the_certificate()
        {
            Seed(1);
            string script = Path.Combine(_f.ModuleDir, "ConfigureCrmServerSideSync.ps1");
            var info = Assert.IsType<ExternalScriptInfo>(Runner.Run(_rs, "Get-Command", new Dictionary<string, object> { ["Name"] = script }).Output.Single().BaseObject);
            foreach (var name in new[] { "rootDomainName", "privateKeyPassword", "cerFilePath", "pfxFilePath", "organizationName", "O365AdminEmail" })
                Assert.True(info.Parameters.ContainsKey(name), name);
            Assert.Equal(typeof(System.Security.SecureString), info.Parameters["privateKeyPassword"].ParameterType);
            var original = new Dictionary<string, object>
            {
                ["rootDomainName"] = "contoso.com",
                ["privateKeyPassword"] = ModuleFixture.Secure(ModuleFixture.Password),
                ["cerFilePath"] = Path.Combine(_f.Certs.Dir, "good.crt"),
                ["pfxFilePath"] = _f.Certs.Good,
                ["organizationName"] = "Contoso",
                ["O365AdminEmail"] = "admin@contoso.onmicrosoft.com",
                ["AllowSelfSignedCertificate"] = true,
            };
            var r = Runner.Run(_rs, script, original);
            AssertNoErrors(r);
            var principal = Principal();
            Assert.Single(principal["keyCredentials"].AsArray());
            Assert.Contains(principal["servicePrincipalNames"].AsArray(), n => (string)n == DynamicsApp + "/*.contoso.com");
            var deployment = _f.GetJson("control/state")["crmDeployment"];
            Assert.Equal(Cloud.Tenant, (string)deployment["organizations"][0]["S2STenantId"]);
            Assert.Empty(deployment["certificates"].AsArray());  // C3 is CertificateReconfiguration.ps1's, as in the document
            _f.ResetCounters();
            AssertNoErrors(Runner.Run(_rs, script, original));
            Assert.Equal(0, Writes());
        }
    }
}
