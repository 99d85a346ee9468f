// Connect-MailIntegration, Get-MailIntegrationConnection and Disconnect-MailIntegration against the
// emulator's Entra ID: every way to sign in, bad input reported by id with nothing sent, and no
// secret, certificate password or token in any stream, error record, connection object or request.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    /// <summary>The emulator's demo tenant and app (emulator/PROTOCOL.md) and helpers the cloud tests share.</summary>
    public static class Cloud
    {
        public const string Tenant = "11111111-2222-3333-4444-555555555555";
        public const string Client = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
        public const string Secret = "demo-client-secret-not-for-production";
        public const string DeviceClient = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

        public static Dictionary<string, object> SecretArgs(ModuleFixture f, string tenant = Tenant, string client = Client, string secret = Secret) =>
            new Dictionary<string, object>
            {
                ["TenantId"] = tenant,
                ["ClientId"] = client,
                ["ClientSecret"] = ModuleFixture.Secure(secret),
                ["Endpoint"] = new Uri(f.EmulatorUri),
            };

        /// <summary>Connects the runspace with the demo app's secret, or fails the test.</summary>
        public static void Connect(ModuleFixture f, Runspace rs, string tenant = Tenant, string client = Client, string secret = Secret)
        {
            var r = Runner.Run(rs, "Connect-MailIntegration", SecretArgs(f, tenant, client, secret));
            Assert.True(r.Terminating == null && r.Errors.Count == 0, "connect failed: " + string.Join(" | ", r.ErrorIds) + " " + r.Terminating);
        }

        public static string Token(ModuleFixture f, string resource = "https://outlook.office365.com")
        {
            string form = "grant_type=client_credentials&client_id=" + Client + "&client_secret=" + Uri.EscapeDataString(Secret) +
                          "&scope=" + Uri.EscapeDataString(resource + "/.default");
            var (status, body) = f.PostText(Tenant + "/oauth2/v2.0/token", form, "application/x-www-form-urlencoded");
            Assert.Equal(200, status);
            return (string)JsonNode.Parse(body)["access_token"];
        }

        /// <summary>The emulator's state with `edit` applied, seeded back. The state shows the apps'
        /// secrets as hints only, so the demo app's is given again.</summary>
        public static void Reseed(ModuleFixture f, Action<JsonObject> edit)
        {
            var state = f.GetJson("control/state").AsObject();
            foreach (var a in state["entra"]["tenants"][Tenant]["apps"].AsArray().OfType<JsonObject>())
                if ((string)a["clientId"] == Client) a["secrets"] = new JsonArray(Secret);
            edit(state);
            var (status, body) = f.PostText("control/seed", state.ToJsonString());
            Assert.True(status == 200, "seed refused: " + body);
        }

        /// <summary>Adds `domain` to the tenant and verifies it: the first Add-M365Domain shows the
        /// MS= code, which is published in the test DNS server beside `zone`, the second verifies.</summary>
        public static void LinkDomain(ModuleFixture f, Runspace rs, string domain, string zone)
        {
            var args = new Dictionary<string, object> { ["DomainName"] = domain, ["DnsServer"] = new[] { f.Dns.Address } };
            var add = Runner.Run(rs, "Add-M365Domain", args);
            var code = Regex.Match(add.AllText(), @"MS=ms[0-9]+");
            Assert.True(code.Success, add.AllText());
            f.Dns.SetRecords(domain, zone + "@ IN TXT \"" + code.Value + "\"");
            var verified = Runner.Run(rs, "Add-M365Domain", args);
            Assert.True(verified.Terminating == null && verified.Errors.Count == 0, string.Join(" | ", verified.ErrorIds) + " " + verified.Terminating);
        }

        /// <summary>Every request the emulator logged, as text, for leak searches.</summary>
        public static string RequestLog(ModuleFixture f) => f.GetText("control/requests");

        public static void AssertNoLeak(string text, params string[] secrets)
        {
            foreach (var s in secrets) Assert.False(text.Contains(s, StringComparison.Ordinal), "a secret leaked: …" + s.Substring(0, Math.Min(6, s.Length)));
        }
    }

    [Collection("module")]
    public sealed class ConnectionTests : IDisposable
    {
        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public ConnectionTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
            _f.ResetCounters();
        }

        public void Dispose() => _rs.Dispose();

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

        /// <summary>How many runspaces hold a native connection, read from the module's registry.</summary>
        private static int HeldConnections()
        {
            var assembly = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "MailIntegration.Commands");
            var registry = assembly.GetType("MailIntegration.ConnectionRegistry", true);
            return (int)registry.GetProperty("Count", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic).GetValue(null);
        }

        private RunResult Connect(Dictionary<string, object> args) => Runner.Run(_rs, "Connect-MailIntegration", args);

        private PSObject CurrentConnection()
        {
            var r = Runner.Run(_rs, "Get-MailIntegrationConnection", null);
            Assert.Null(r.Terminating);
            return r.Output.SingleOrDefault();
        }

        private void AssertConnected(RunResult r)
        {
            Assert.True(r.Terminating == null && r.Errors.Count == 0, "unexpected errors: " + string.Join(" | ", r.ErrorIds) + " " + r.Terminating);
        }

        [Fact]
        public void ClientSecret_connects_describes_and_disconnects()
        {
            var args = Cloud.SecretArgs(_f);
            args["PassThru"] = true;
            var r = Connect(args);
            AssertConnected(r);
            var passed = Assert.Single(r.Output);
            Assert.Equal("MailIntegration.Connection", passed.BaseObject.GetType().FullName);

            var c = CurrentConnection();
            Assert.NotNull(c);
            Assert.Equal(Cloud.Tenant, (string)c.Properties["TenantId"].Value);
            Assert.Equal(Cloud.Client, (string)c.Properties["ClientId"].Value);
            Assert.Equal("Custom", (string)c.Properties["Environment"].Value);
            Assert.Equal(new Uri(_f.EmulatorUri), (Uri)c.Properties["Endpoint"].Value);
            Assert.Equal("ClientSecret", (string)c.Properties["AuthenticationKind"].Value);
            Assert.Null(c.Properties["Account"].Value);
            Assert.True(Math.Abs(((DateTime)c.Properties["ConnectedAt"].Value - DateTime.UtcNow).TotalMinutes) < 5);

            // One token request, for Exchange Online; the secret is in no stream and not in the log.
            var log = _f.Requests();
            Assert.Single(log);
            Assert.Contains("/oauth2/v2.0/token", (string)log[0]["path"]);
            var leakText = r.AllText() + Runner.Run(_rs, "Get-MailIntegrationConnection", null).AllText() + Cloud.RequestLog(_f);
            Cloud.AssertNoLeak(leakText, Cloud.Secret);
            // The process now holds the secret and a token: the core made it non-dumpable, so no
            // core file can hold them (native secret/dump_protection; the crash itself is checked
            // with the kernel in tests/native/secret/dump_protection_test.cpp).
            if (OperatingSystem.IsLinux()) Assert.Equal(0, prctl(3 /* PR_GET_DUMPABLE */, 0, 0, 0, 0));

            var d = Runner.Run(_rs, "Disconnect-MailIntegration", null);
            Assert.Null(d.Terminating);
            Assert.Null(CurrentConnection());
        }

        [Fact]
        public void Credential_carries_client_id_and_secret()
        {
            var r = Connect(new Dictionary<string, object>
            {
                ["TenantId"] = Cloud.Tenant,
                ["Credential"] = new PSCredential(Cloud.Client, ModuleFixture.Secure(Cloud.Secret)),
                ["Endpoint"] = new Uri(_f.EmulatorUri),
            });
            AssertConnected(r);
            Assert.Equal(Cloud.Client, (string)CurrentConnection().Properties["ClientId"].Value);
            Cloud.AssertNoLeak(r.AllText() + Cloud.RequestLog(_f), Cloud.Secret);
        }

        [Fact]
        public void Certificate_from_a_pfx_registered_on_the_app_connects()
        {
            const string client = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
            string password = ModuleFixture.Password;
            string pfx = Path.Combine(_f.TempDir, "app-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".pfx");
            string pem;
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=MailIntegration module test app", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
                File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pfx, password));
                pem = cert.ExportCertificatePem();
            }
            var app = new JsonObject
            {
                ["tenantId"] = Cloud.Tenant,
                ["clientId"] = client,
                ["displayName"] = "Module test certificate app",
                ["certificates"] = new JsonArray(pem),
                ["roles"] = new JsonObject { ["https://outlook.office365.com"] = new JsonArray("Exchange.ManageAsApp") },
            };
            Assert.Equal(201, _f.PostText("control/entra/apps", app.ToJsonString()).Status);
            _f.ResetCounters();

            var args = new Dictionary<string, object>
            {
                ["TenantId"] = Cloud.Tenant,
                ["ClientId"] = client,
                ["CertificatePath"] = pfx,
                ["CertificatePassword"] = ModuleFixture.Secure(password),
                ["Endpoint"] = new Uri(_f.EmulatorUri),
            };
            var r = Connect(args);
            AssertConnected(r);
            Assert.Equal("Certificate", (string)CurrentConnection().Properties["AuthenticationKind"].Value);
            Assert.Single(_f.Requests());

            // A wrong password is found before anything is sent, and is not repeated back.
            _f.ResetCounters();
            const string wrong = "Wrong-Pfx-Password-Canary-9917";
            args["CertificatePassword"] = ModuleFixture.Secure(wrong);
            var bad = Connect(args);
            Assert.Contains(bad.ErrorIds, id => id.StartsWith("connection.auth.certificate.bad_password,", StringComparison.Ordinal));
            Assert.Empty(_f.Requests());
            Assert.Null(CurrentConnection());  // a failed connect leaves the runspace disconnected
            Cloud.AssertNoLeak(r.AllText() + bad.AllText() + Cloud.RequestLog(_f), password, wrong);
        }

        [Fact]
        public void DeviceCode_prompt_is_in_the_information_stream_and_approval_signs_in()
        {
            Assert.Equal(200, _f.PostText("control/entra/settings", "{\"deviceCodeIntervalSeconds\":1}").Status);
            using var ps = PowerShell.Create();
            ps.Runspace = _rs;
            ps.AddCommand("Connect-MailIntegration")
              .AddParameter("TenantId", Cloud.Tenant)
              .AddParameter("UseDeviceCode")
              .AddParameter("Endpoint", new Uri(_f.EmulatorUri))
              .AddParameter("PassThru");
            string userCode = null;
            InformationRecord prompt = null;
            using var seen = new ManualResetEventSlim();
            ps.Streams.Information.DataAdded += (s, e) =>
            {
                var record = ps.Streams.Information[e.Index];
                if (!record.Tags.Contains("DeviceCode")) return;
                prompt = record;
                var m = Regex.Match(Convert.ToString(record.MessageData), @"code ([A-Z0-9]{9})");
                if (m.Success) userCode = m.Groups[1].Value;
                seen.Set();
            };
            var running = ps.BeginInvoke();
            // Another thread than the pipeline's: a person reading the host and typing the code.
            Assert.True(seen.Wait(TimeSpan.FromSeconds(30)), "no device code prompt in the information stream");
            Assert.NotNull(userCode);
            var approve = new JsonObject { ["user_code"] = userCode, ["upn"] = "admin@contoso.onmicrosoft.com" };
            Assert.Equal(200, _f.PostText("control/entra/devicecode/approve", approve.ToJsonString()).Status);
            var output = ps.EndInvoke(running);
            Assert.False(ps.HadErrors, string.Join(" | ", ps.Streams.Error.Select(e => e.FullyQualifiedErrorId)));
            Assert.Contains("PSHOST", prompt.Tags);  // shown on the host like Write-Host
            var c = Assert.Single(output);
            Assert.Equal("DeviceCode", (string)c.Properties["AuthenticationKind"].Value);
            Assert.Equal(Cloud.DeviceClient, (string)c.Properties["ClientId"].Value);
            Assert.Equal("admin@contoso.onmicrosoft.com", (string)c.Properties["Account"].Value);
            _f.Count(_out, "device code sign-in: " + _f.Requests().Count + " requests to the token service");
        }

        [Fact]
        public void AccessToken_is_used_as_handed_in_and_never_shown()
        {
            string token = Cloud.Token(_f);
            _f.ResetCounters();
            var r = Connect(new Dictionary<string, object>
            {
                ["TenantId"] = Cloud.Tenant,
                ["AccessToken"] = ModuleFixture.Secure(token),
                ["Endpoint"] = new Uri(_f.EmulatorUri),
                ["PassThru"] = true,
            });
            AssertConnected(r);
            var c = Assert.Single(r.Output);
            Assert.Equal("AccessToken", (string)c.Properties["AuthenticationKind"].Value);
            Assert.Empty(_f.Requests());
            Cloud.AssertNoLeak(r.AllText() + Runner.Run(_rs, "Get-MailIntegrationConnection", null).AllText() + Cloud.RequestLog(_f), token);
        }

        public static IEnumerable<object[]> BadInputs()
        {
            // (description, parameters to change, expected id, expected category)
            yield return new object[] { "tenant", new Hashtable { ["TenantId"] = "not a tenant!" }, "connection.tenant_id.invalid", ErrorCategory.InvalidArgument };
            yield return new object[] { "client", new Hashtable { ["ClientId"] = "my-app" }, "connection.client_id.invalid", ErrorCategory.InvalidArgument };
            yield return new object[] { "endpoint+Global", new Hashtable { ["Environment"] = "Global" }, "connection.endpoint.unexpected", ErrorCategory.InvalidArgument };
            yield return new object[] { "Custom without endpoint", new Hashtable { ["Environment"] = "Custom", ["Endpoint"] = null }, "connection.endpoint.required", ErrorCategory.InvalidArgument };
            yield return new object[] { "skip check on Global", new Hashtable { ["Endpoint"] = null, ["SkipCertificateCheck"] = true }, "connection.allow_insecure_tls.unexpected", ErrorCategory.InvalidArgument };
            yield return new object[] { "skip check for Microsoft", new Hashtable { ["Endpoint"] = new Uri("https://outlook.office365.com"), ["SkipCertificateCheck"] = true }, "transport.tls.insecure_refused", ErrorCategory.InvalidArgument };
        }

        [Theory]
        [MemberData(nameof(BadInputs))]
        public void Bad_input_is_reported_by_id_and_nothing_is_sent(string what, Hashtable change, string id, ErrorCategory category)
        {
            var args = Cloud.SecretArgs(_f);
            foreach (DictionaryEntry e in change)
            {
                if (e.Value == null) args.Remove((string)e.Key);
                else args[(string)e.Key] = e.Value;
            }
            var r = Connect(args);
            var record = (r.Terminating as IContainsErrorRecord)?.ErrorRecord ?? r.Errors.FirstOrDefault();
            Assert.True(record != null, what + ": no error");
            Assert.StartsWith(id + ",", record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Empty(_f.Requests());
            Assert.Null(CurrentConnection());
            Cloud.AssertNoLeak(r.AllText(), Cloud.Secret);
        }

        [Fact]
        public void Missing_certificate_file_and_unknown_thumbprint_send_nothing()
        {
            var r = Connect(new Dictionary<string, object>
            {
                ["TenantId"] = Cloud.Tenant, ["ClientId"] = Cloud.Client, ["CertificatePath"] = _f.Certs.Missing,
                ["Endpoint"] = new Uri(_f.EmulatorUri),
            });
            Assert.Contains(r.ErrorIds, id => id.StartsWith("connection.auth.certificate_path.not_found,", StringComparison.Ordinal));
            var t = Connect(new Dictionary<string, object>
            {
                ["TenantId"] = Cloud.Tenant, ["ClientId"] = Cloud.Client, ["CertificateThumbprint"] = "0123456789ABCDEF0123456789ABCDEF01234567",
                ["Endpoint"] = new Uri(_f.EmulatorUri),
            });
            var record = (t.Terminating as IContainsErrorRecord)?.ErrorRecord;
            Assert.NotNull(record);
            Assert.StartsWith("connection.certificate_store.not_found,", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Empty(_f.Requests());
        }

        [Fact]
        public void Certificate_by_thumbprint_from_the_user_store_connects()
        {
            // The app's certificate lives in the user's store (on Linux, .NET's own CurrentUser\My),
            // imported with an exportable key, as an administrator's would be; no file is involved.
            const string client = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98";
            string pem;
            X509Certificate2 stored;
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=MailIntegration store test app", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
                pem = cert.ExportCertificatePem();
                const string transfer = "store-transfer";
                stored = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx, transfer), transfer,
                    X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.UserKeySet);
            }
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadWrite);
            store.Add(stored);
            try
            {
                var app = new JsonObject
                {
                    ["tenantId"] = Cloud.Tenant,
                    ["clientId"] = client,
                    ["displayName"] = "Module test store app",
                    ["certificates"] = new JsonArray(pem),
                    ["roles"] = new JsonObject { ["https://outlook.office365.com"] = new JsonArray("Exchange.ManageAsApp") },
                };
                Assert.Equal(201, _f.PostText("control/entra/apps", app.ToJsonString()).Status);
                _f.ResetCounters();
                var r = Connect(new Dictionary<string, object>
                {
                    // Lower case with spaces, as copied from a certificate dialog.
                    ["TenantId"] = Cloud.Tenant, ["ClientId"] = client,
                    ["CertificateThumbprint"] = string.Join(" ", SplitPairs(stored.Thumbprint.ToLowerInvariant())),
                    ["Endpoint"] = new Uri(_f.EmulatorUri),
                });
                AssertConnected(r);
                Assert.Equal("Certificate", (string)CurrentConnection().Properties["AuthenticationKind"].Value);
                Assert.Single(_f.Requests());  // the token request, signed with the store's key
            }
            finally
            {
                store.Remove(stored);
                stored.Dispose();
            }
        }

        private static IEnumerable<string> SplitPairs(string hex)
        {
            for (int i = 0; i < hex.Length; i += 2) yield return hex.Substring(i, Math.Min(2, hex.Length - i));
        }

        [Fact]
        public void A_refused_secret_keeps_the_services_reason_and_not_the_secret()
        {
            const string wrong = "Wrong-Client-Secret-Canary-5521";
            var r = Connect(Cloud.SecretArgs(_f, secret: wrong));
            var record = (r.Terminating as IContainsErrorRecord)?.ErrorRecord;
            Assert.NotNull(record);
            Assert.StartsWith("auth.invalid_secret,", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
            Cloud.AssertNoLeak(r.AllText() + Cloud.RequestLog(_f), wrong);
        }

        [Fact]
        public void Commands_without_a_connection_say_so()
        {
            var r = Runner.Run(_rs, "Invoke-MailIntegrationExchangeCommand", new Dictionary<string, object> { ["Name"] = "Get-Mailbox" });
            Assert.Contains(r.ErrorIds, id => id.StartsWith("connection.not_connected,", StringComparison.Ordinal));
            Assert.Empty(_f.Requests());
        }

        [Fact]
        public void Closing_the_runspace_frees_its_connection_and_others_keep_theirs()
        {
            using var other = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
            Cloud.Connect(_f, other);
            int before = HeldConnections();
            other.Close();
            // The registry frees on the runspace's Closed event; allow it a moment.
            for (int i = 0; i < 40 && HeldConnections() != before - 1; i++) Thread.Sleep(50);
            Assert.Equal(before - 1, HeldConnections());
            Assert.NotNull(CurrentConnection());
            using var fresh = _f.NewRunspace();
            Assert.Empty(Runner.Run(fresh, "Get-MailIntegrationConnection", null).Output);
        }
    }
}
