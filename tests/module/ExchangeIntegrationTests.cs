// Seed X5 (ConfigureExchange.ps1) through the module, against the emulator. Effects are asserted
// through the emulator's /control endpoints, never through the module's own output.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangeIntegrationTests : IDisposable
    {
        private const string Domain = "contoso.com";
        private const string Host = "mail.contoso.com";
        private const string ServerIp = "192.168.0.10";
        private const string Range = "192.168.0.0-192.168.0.255";
        private const string Server = "EX01";

        private readonly ModuleFixture _f;
        private readonly ITestOutputHelper _out;
        private readonly Runspace _rs;

        public ExchangeIntegrationTests(ModuleFixture fixture, ITestOutputHelper output)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
            _f.ResetCounters();
        }

        public void Dispose() => _rs.Dispose();

        private void Count(string line) => _f.Count(_out, line);

        private Dictionary<string, object> Args(string certPath = null, string password = ModuleFixture.Password)
        {
            return new Dictionary<string, object>
            {
                ["CertPath"] = certPath ?? _f.Certs.Good,
                ["CertPassword"] = ModuleFixture.Secure(password),
                ["DomainName"] = Domain,
                ["ServerIpAddress"] = ServerIp,
                ["InternalIpRange"] = Range,
                ["Server"] = Server,
            };
        }

        private RunResult Set(Dictionary<string, object> args) => Runner.Run(_rs, "Set-ExchangeIntegration", args);

        private void AssertNoErrors(RunResult r)
        {
            Assert.True(r.Terminating == null && r.Errors.Count == 0,
                "unexpected errors: " + string.Join(" | ", r.ErrorIds) + " " + string.Join(" | ", r.Errors.Select(e => e.ToString())) + " " + r.Terminating);
        }

        private static string S(JsonNode n) => n?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)n : n?.ToJsonString();

        private static bool B(JsonNode n) => n != null && n.GetValueKind() == System.Text.Json.JsonValueKind.True;

        private static string[] Strings(JsonNode n) =>
            n is JsonArray a ? a.Select(S).ToArray() : n == null ? new string[0] : new[] { S(n) };

        private static string[] Flags(JsonNode n) =>
            Strings(n).SelectMany(s => s.Split(',')).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

        private static JsonObject Find(JsonNode list, Func<JsonObject, bool> predicate) =>
            (list as JsonArray)?.OfType<JsonObject>().FirstOrDefault(predicate);

        // ---- the X5 end state -----------------------------------------------------------------------

        private void AssertX5State(string certPath)
        {
            var state = _f.State();

            // Certificate imported and enabled for POP, IIS, IMAP, SMTP.
            var cert = Find(state["certificates"], c => Strings(c["CertificateDomains"]).Contains(Host, StringComparer.OrdinalIgnoreCase));
            Assert.True(cert != null, "no certificate for " + Host + ": " + state["certificates"]?.ToJsonString());
            var services = Flags(cert["Services"]);
            foreach (var s in new[] { "POP", "IIS", "IMAP", "SMTP" }) Assert.Contains(s, services);
            Assert.True(B(cert["HasPrivateKey"]), "certificate imported without its private key");
            string thumbprint = ThumbprintOf(certPath);
            Assert.Equal(thumbprint, S(cert["Thumbprint"]), StringComparer.OrdinalIgnoreCase);

            // Accepted domain, default.
            var domain = Find(state["acceptedDomains"], d => string.Equals(S(d["DomainName"]), Domain, StringComparison.OrdinalIgnoreCase));
            Assert.NotNull(domain);
            Assert.True(B(domain["Default"]), "accepted domain is not the default");
            Assert.Single((state["acceptedDomains"] as JsonArray).OfType<JsonObject>(), d => B(d["Default"]));

            // Address policy %m@contoso.com for all recipients.
            var policy = Find(state["emailAddressPolicies"], p =>
                (S(p["EnabledPrimarySMTPAddressTemplate"]) ?? string.Empty).EndsWith("%m@" + Domain, StringComparison.OrdinalIgnoreCase));
            Assert.True(policy != null, "no %m@contoso.com policy: " + state["emailAddressPolicies"]?.ToJsonString());
            Assert.Equal("AllRecipients", S(policy["IncludedRecipients"]));

            // Virtual directories: internal = external = https://mail.contoso.com/...
            var vdirs = state["virtualDirectories"];
            AssertVdir(vdirs["owa"], "https://mail.contoso.com/owa");
            AssertVdir(vdirs["ecp"], "https://mail.contoso.com/ecp");
            AssertVdir(vdirs["activeSync"], "https://mail.contoso.com/Microsoft-Server-ActiveSync");
            var oab = AssertVdir(vdirs["oab"], "https://mail.contoso.com/OAB");
            Assert.True(B(oab["RequireSSL"]), "OAB RequireSSL");
            var ews = AssertVdir(vdirs["webServices"], "https://mail.contoso.com/EWS/Exchange.asmx");
            Assert.True(B(ews["BasicAuthentication"]), "EWS BasicAuthentication");

            // Outlook Anywhere: Basic, mail.contoso.com, no SSL offloading.
            var oa = Find(state["outlookAnywhere"], o => string.Equals(S(o["Server"]), Server, StringComparison.OrdinalIgnoreCase));
            Assert.True(oa != null, "Outlook Anywhere not enabled on EX01: " + state["outlookAnywhere"]?.ToJsonString());
            Assert.Equal(Host, S(oa["ExternalHostname"]), StringComparer.OrdinalIgnoreCase);
            Assert.Equal("Basic", S(oa["ExternalClientAuthenticationMethod"]));
            Assert.False(B(oa["SSLOffloading"]), "SSLOffloading");

            // Default receive connector limited to the internal range.
            var receive = state["receiveConnectors"];
            var def = Find(receive, c => string.Equals(S(c["Name"]), "Default " + Server, StringComparison.OrdinalIgnoreCase));
            Assert.NotNull(def);
            Assert.Equal(new[] { Range }, Strings(def["RemoteIPRanges"]));

            // Internet receive connector: ip:25, mail.contoso.com, Tls, BasicAuth, BasicAuthRequireTLS, Integrated.
            var internet = Find(receive, c => Strings(c["Bindings"]).Contains(ServerIp + ":25"));
            Assert.True(internet != null, "no receive connector bound to " + ServerIp + ":25: " + receive?.ToJsonString());
            Assert.Equal(Host, S(internet["Fqdn"]), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(Server, S(internet["Server"]), StringComparer.OrdinalIgnoreCase);
            var auth = Flags(internet["AuthMechanism"]);
            foreach (var m in new[] { "Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated" }) Assert.Contains(m, auth);
            Assert.True(B(internet["Enabled"]), "Internet receive connector disabled");

            // Internet send connector: SMTP:*;1, DNS routing, external DNS.
            var send = Find(state["sendConnectors"], c => Strings(c["AddressSpaces"]).Any(a => a.StartsWith("SMTP:*", StringComparison.OrdinalIgnoreCase)));
            Assert.True(send != null, "no SMTP:* send connector: " + state["sendConnectors"]?.ToJsonString());
            Assert.Contains("SMTP:*;1", Strings(send["AddressSpaces"]));
            Assert.True(B(send["DNSRoutingEnabled"]), "DNSRoutingEnabled");
            Assert.True(B(send["UseExternalDNSServersEnabled"]), "UseExternalDNSServersEnabled");
            Assert.False(B(send["IsScopedConnector"]), "IsScopedConnector");
            Assert.Contains(Server, Strings(send["SourceTransportServers"]), StringComparer.OrdinalIgnoreCase);
        }

        private static JsonObject AssertVdir(JsonNode list, string url)
        {
            var items = (list as JsonArray)?.OfType<JsonObject>().ToList() ?? new List<JsonObject>();
            Assert.NotEmpty(items);
            foreach (var v in items)
            {
                Assert.Equal(url, S(v["InternalUrl"]), StringComparer.OrdinalIgnoreCase);
                Assert.Equal(url, S(v["ExternalUrl"]), StringComparer.OrdinalIgnoreCase);
            }
            return items[0];
        }

        // The PEM certificate the PFX was made from lies beside it (x.pfx, x.crt).
        private static string ThumbprintOf(string pfx)
        {
            using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(Path.ChangeExtension(pfx, ".crt"));
            return cert.Thumbprint;
        }

        // ---- tests ------------------------------------------------------------------------------------

        [Fact]
        public void WhatIf_SendsNoWrite()
        {
            var args = Args();
            args["WhatIf"] = true;
            var r = Set(args);
            AssertNoErrors(r);
            var (reads, writes, raw) = _f.Counters();
            Count("writes under -WhatIf = " + writes + " (reads " + reads + ")");
            Assert.Equal(0, writes);
            Assert.True(reads > 0, "the plan was built without reading anything");
            Assert.DoesNotContain(_f.Requests().OfType<JsonObject>(), q => B(q["write"]));
        }

        [Fact]
        public void Apply_ReachesX5State_ThenRerunWritesNothing()
        {
            var args = Args();
            args["PassThru"] = true;
            var first = Set(args);
            AssertNoErrors(first);
            var (reads1, writes1, _) = _f.Counters();
            Count("writes on first run = " + writes1 + " (reads " + reads1 + ")");
            Assert.True(writes1 > 0);
            AssertX5State(_f.Certs.Good);
            Assert.NotEmpty(first.Output);
            Assert.All(first.Output, o => Assert.Equal("MailIntegration.StepResult", o.BaseObject.GetType().FullName));

            _f.ResetCounters();
            var again = Set(Args());
            AssertNoErrors(again);
            var (reads2, writes2, raw2) = _f.Counters();
            Count("writes on re-run = " + writes2 + " (reads " + reads2 + ")");
            Assert.True(writes2 == 0, "the re-run wrote: " + raw2.ToJsonString());
            AssertX5State(_f.Certs.Good);

            _f.ResetCounters();
            var drift = Runner.Run(_rs, "Test-ExchangeIntegration", Args());
            AssertNoErrors(drift);
            Count("drift steps after apply = " + drift.Output.Count);
            Assert.Empty(drift.Output);
            var quietArgs = Args();
            quietArgs["Quiet"] = true;
            var quiet = Runner.Run(_rs, "Test-ExchangeIntegration", quietArgs);
            AssertNoErrors(quiet);
            Assert.True(quiet.Output.Single().BaseObject is bool converged && converged, "Test-ExchangeIntegration -Quiet is not $true");
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void Test_ReportsDriftBeforeApply_AndWritesNothing()
        {
            var r = Runner.Run(_rs, "Test-ExchangeIntegration", Args());
            AssertNoErrors(r);
            Assert.NotEmpty(r.Output);
            Assert.All(r.Output, o => Assert.Equal("MailIntegration.PlanStep", o.BaseObject.GetType().FullName));
            Assert.All(r.Output, o => Assert.NotEqual("noop", (string)o.Properties["Action"].Value));
            var detailedArgs = Args();
            detailedArgs["Detailed"] = true;
            var detailed = Runner.Run(_rs, "Test-ExchangeIntegration", detailedArgs);
            Assert.True(detailed.Output.Count >= r.Output.Count);
            var (reads, writes, _) = _f.Counters();
            Count("Test-ExchangeIntegration: " + r.Output.Count + " steps to change, " + detailed.Output.Count + " in all; writes = " + writes);
            Assert.Equal(0, writes);
        }

        public static IEnumerable<object[]> BadInputs()
        {
            // name, parameter, value (a certificate key names a file of the fixture), expected id
            yield return new object[] { "malformed domain", "DomainName", "contoso..com", "validation.domain.malformed" };
            yield return new object[] { "third-level domain", "DomainName", "marketing.contoso.com", "validation.domain.third_level" };
            yield return new object[] { "IPv6 server address", "ServerIpAddress", "fe80::1", "validation.ipv4.malformed" };
            yield return new object[] { "garbage server address", "ServerIpAddress", "not-an-ip", "validation.ipv4.malformed" };
            yield return new object[] { "reversed range", "InternalIpRange", "192.168.0.255-192.168.0.0", "validation.ip_range.reversed" };
            yield return new object[] { "range without the server", "InternalIpRange", "10.0.0.0-10.0.0.255", "validation.ip_range.excludes_server" };
            yield return new object[] { "missing PFX", "CertPath", "cert:missing", "validation.certificate.not_found" };
            yield return new object[] { "wrong password", "CertPassword", "not-the-password", "validation.certificate.bad_password" };
            yield return new object[] { "no private key", "CertPath", "cert:nokey", "validation.certificate.no_private_key" };
            yield return new object[] { "expired certificate", "CertPath", "cert:expired", "validation.certificate.expired" };
            yield return new object[] { "certificate for another host", "CertPath", "cert:other", "validation.certificate.name_mismatch" };
        }

        [Theory]
        [MemberData(nameof(BadInputs))]
        public void BadInput_YieldsItsId_AndNoRequest(string name, string parameter, string value, string expectedId)
        {
            var args = Args();
            object v = value;
            if (value.StartsWith("cert:", StringComparison.Ordinal))
            {
                v = value.Substring(5) switch
                {
                    "missing" => _f.Certs.Missing,
                    "nokey" => _f.Certs.NoKey,
                    "expired" => _f.Certs.Expired,
                    "other" => _f.Certs.OtherHost,
                    _ => throw new ArgumentException(value),
                };
            }
            else if (parameter == "CertPassword")
            {
                v = ModuleFixture.Secure(value);
            }
            args[parameter] = v;

            var r = Set(args);
            var ids = r.ErrorIds.ToList();
            Count(name + ": " + string.Join(" | ", ids));
            Assert.Contains(ids, id => id.StartsWith(expectedId + ",", StringComparison.Ordinal) || id == expectedId);
            var matching = r.Errors.First(e => e.FullyQualifiedErrorId.StartsWith(expectedId, StringComparison.Ordinal));
            Assert.Equal(ErrorCategory.InvalidArgument, matching.CategoryInfo.Category);

            var (reads, writes, raw) = _f.Counters();
            int requests = _f.Requests().Count;
            Count(name + ": requests = " + requests + ", reads = " + reads + ", writes = " + writes);
            Assert.True(reads == 0 && writes == 0 && requests == 0, name + " reached the emulator: " + raw.ToJsonString());
            Assert.DoesNotContain(ModuleFixture.Password, r.AllText());
        }

        [Fact]
        public void LegacyRc2Pfx_WorksEndToEnd()
        {
            var r = Set(Args(_f.Certs.Legacy));
            AssertNoErrors(r);
            AssertX5State(_f.Certs.Legacy);
            _f.ResetCounters();
            AssertNoErrors(Set(Args(_f.Certs.Legacy)));
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void Password_NeverLeaves()
        {
            string journal = Path.Combine(_f.TempDir, "journal-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            Directory.CreateDirectory(journal);
            string pw = ModuleFixture.Password;
            string pwBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(pw));

            // -Debug on a compiled cmdlet means Inquire; the preference variable gives Continue.
            _rs.SessionStateProxy.SetVariable("DebugPreference", ActionPreference.Continue);
            var runs = new List<RunResult>();
            foreach (var extra in new[] { "WhatIf", "apply", "rerun", "bad_password", "test" })
            {
                var args = Args(password: extra == "bad_password" ? pw + "-wrong" : pw);
                args["JournalDirectory"] = journal;
                args["Verbose"] = true;
                args["InformationAction"] = ActionPreference.Continue;
                if (extra == "WhatIf") args["WhatIf"] = true;
                if (extra == "apply") args["PassThru"] = true;
                string cmd = "Set-ExchangeIntegration";
                if (extra == "test")
                {
                    cmd = "Test-ExchangeIntegration";
                    args["Detailed"] = true;
                }
                runs.Add(Runner.Run(_rs, cmd, args));
            }
            AssertNoErrors(runs[1]);
            Assert.True(runs[1].Verbose.Count > 0 && runs[1].Progress.Count > 0 && runs[1].Debug.Count > 0 && runs[1].Information.Count > 0,
                "verbose, debug, information and progress should have been exercised");
            Assert.Contains(runs[3].ErrorIds, id => id.StartsWith("validation.certificate.bad_password", StringComparison.Ordinal));

            foreach (var r in runs)
            {
                string text = r.AllText();
                Assert.DoesNotContain(pw, text);
                Assert.DoesNotContain(pwBase64, text);
            }

            var files = Directory.GetFiles(journal, "*", SearchOption.AllDirectories);
            Count("journal files = " + files.Length);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                string utf8 = Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(pw, utf8);
                Assert.DoesNotContain(pwBase64, utf8);
                Assert.DoesNotContain(pw, Encoding.Unicode.GetString(bytes));
            }

            string requests = _f.GetText("control/requests");
            Assert.Contains("Import-ExchangeCertificate", requests, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(pw, requests);
            Assert.DoesNotContain(pwBase64, requests);
            Assert.DoesNotContain(pw, _f.EmulatorLog);
        }

        [Fact]
        public void ImportModule_WarnsAboutNothing()
        {
            using var rs = _f.NewRunspace(importModule: false);
            var r = Runner.Run(rs, "Import-Module", new Dictionary<string, object> { ["Name"] = _f.ModuleManifest, ["Verbose"] = true, ["PassThru"] = true });
            AssertNoErrors(r);
            Assert.True(r.Warnings.Count == 0, "Import-Module warned: " + string.Join(" | ", r.Warnings.Select(w => w.Message)));
            Assert.Contains(r.Verbose, v => v.Message.Contains("Set-ExchangeIntegration", StringComparison.Ordinal));

            var module = (PSModuleInfo)r.Output.Single().BaseObject;
            Assert.Equal(new[] { "Add-M365Domain", "Clear-M365MobileDevice", "Connect-MailIntegration", "Disable-M365Integration", "Disconnect-MailIntegration", "Enable-M365DkimSigning", "Get-ExchangeDnsRecord", "Get-ExchangePortForward",
                                 "Get-MailDnsRecord", "Get-MailIntegrationConnection", "Get-MailIntegrationRun", "Get-TeamsEssentialsRouting", "Grant-ExchangeSetupPermission", "Import-M365OnlineAccount",
                                 "Install-ExchangePrerequisite", "Install-ExchangeServer", "Invoke-MailIntegrationExchangeCommand",
                                 "New-ExchangeCertificateRequest", "New-M365OnlineAccount", "Publish-MailDnsRecord", "Remove-TeamsEssentialsRouting", "Resume-MailIntegrationRun", "Set-CrmServerSideSync", "Set-ExchangeIntegration", "Set-ExchangeMailboxQuota",
                                 "Set-ExchangeReverseProxy", "Set-ExchangeSplitDns", "Set-M365DistributionGroup", "Set-M365MobileDevicePolicy", "Set-TeamsEssentialsRouting",
                                 "Sync-M365OnlineAccount", "Test-CrmServerSideSync", "Test-ExchangeIntegration", "Test-ExchangeIntegrationPrerequisite", "Test-ExchangePortForward", "Test-MailDnsRecord", "Test-TeamsEssentialsRouting" },
                module.ExportedCmdlets.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
            // The approved verbs are the constants of the Verbs* classes (Get-Verb is a Utility cmdlet).
            var approved = new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic),
                                   typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
                .SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in module.ExportedCmdlets.Keys) Assert.Contains(name.Split('-')[0], approved);
        }

        [Fact]
        public void Alias_ConfigureExchangeIntegration_ResolvesToSet()
        {
            var r = Runner.Run(_rs, "Get-Command", new Dictionary<string, object> { ["Name"] = "Configure-ExchangeIntegration" });
            AssertNoErrors(r);
            var alias = Assert.IsType<AliasInfo>(r.Output.Single().BaseObject);
            Assert.Equal("Set-ExchangeIntegration", alias.ResolvedCommand.Name);

            var args = Args();
            args["WhatIf"] = true;
            AssertNoErrors(Runner.Run(_rs, "Configure-ExchangeIntegration", args));
            Assert.Equal(0, _f.Counters().Writes);
        }

        [Fact]
        public void DropInScript_RunsWithTheOriginalParameters()
        {
            string script = Path.Combine(_f.ModuleDir, "ConfigureExchange.ps1");
            string previous = Environment.GetEnvironmentVariable("COMPUTERNAME");
            Environment.SetEnvironmentVariable("COMPUTERNAME", Server);
            try
            {
                var original = new Dictionary<string, object>
                {
                    ["CertPath"] = _f.Certs.Good,
                    ["CertPassword"] = ModuleFixture.Secure(ModuleFixture.Password),
                    ["DomainName"] = Domain,
                    ["ServerIpAddress"] = ServerIp,
                    ["InternalIpRange"] = Range,
                };
                var whatIf = new Dictionary<string, object>(original) { ["WhatIf"] = true };
                AssertNoErrors(Runner.Run(_rs, script, whatIf));
                var (_, writesWhatIf, _) = _f.Counters();
                Count("drop-in writes under -WhatIf = " + writesWhatIf);
                Assert.Equal(0, writesWhatIf);

                var r = Runner.Run(_rs, script, original);
                AssertNoErrors(r);
                AssertX5State(_f.Certs.Good);
            }
            finally
            {
                Environment.SetEnvironmentVariable("COMPUTERNAME", previous);
            }
        }

        [Fact]
        public void DropInScript_KeepsTheOriginalParamBlock()
        {
            string script = Path.Combine(_f.ModuleDir, "ConfigureExchange.ps1");
            var r = Runner.Run(_rs, "Get-Command", new Dictionary<string, object> { ["Name"] = script });
            AssertNoErrors(r);
            var info = Assert.IsType<ExternalScriptInfo>(r.Output.Single().BaseObject);
            var expected = new (string Name, Type Type, string Help)[]
            {
                ("CertPath", typeof(string), "The path to your Certificate file, must be a *.pfx format"),
                ("CertPassword", typeof(System.Security.SecureString), "The password of your cert"),
                ("DomainName", typeof(string), "Domain Name, eg. contoso.com"),
                ("ServerIpAddress", typeof(string), "Server IP Address, eg. 192.168.0.1"),
                ("InternalIpRange", typeof(string), "Internal Ip Range, eg. 192.168.0.0-192.168.0.255"),
            };
            foreach (var (name, type, help) in expected)
            {
                var p = info.Parameters[name];
                Assert.Equal(type, p.ParameterType);
                var attr = p.Attributes.OfType<ParameterAttribute>().Single();
                Assert.True(attr.Mandatory, name + " is mandatory");
                Assert.Equal(help, attr.HelpMessage);
            }
            Assert.True(info.Parameters.ContainsKey("WhatIf") && info.Parameters.ContainsKey("Confirm"));
        }

        [Fact]
        public void DnsRecords_ZonePassesNamedCheckzone_AndCsvParses()
        {
            var common = new Dictionary<string, object> { ["DomainName"] = Domain, ["PublicIpAddress"] = "203.0.113.10" };

            var objects = Runner.Run(_rs, "Get-ExchangeDnsRecord", common);
            AssertNoErrors(objects);
            var types = objects.Output.Select(o => (string)o.Properties["Type"].Value).ToList();
            foreach (var t in new[] { "A", "MX", "TXT", "SRV" }) Assert.Contains(t, types);
            var a = objects.Output.First(o => (string)o.Properties["Type"].Value == "A");
            Assert.Equal("203.0.113.10", (string)a.Properties["Value"].Value);

            var zoneArgs = new Dictionary<string, object>(common) { ["As"] = "Zone" };
            var zone = Runner.Run(_rs, "Get-ExchangeDnsRecord", zoneArgs);
            AssertNoErrors(zone);
            string fragment = (string)zone.Output.Single().BaseObject;
            string file = Path.Combine(_f.TempDir, "contoso.com.zone");
            File.WriteAllText(file,
                "$ORIGIN contoso.com.\n$TTL 3600\n" +
                "@ IN SOA ns1.contoso.com. hostmaster.contoso.com. 1 3600 600 86400 3600\n" +
                "@ IN NS ns1.contoso.com.\nns1 IN A 203.0.113.53\n" + fragment + "\n");
            var psi = new ProcessStartInfo("named-checkzone") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("contoso.com");
            psi.ArgumentList.Add(file);
            using (var p = Process.Start(psi))
            {
                string stdout = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                Count("named-checkzone: " + stdout.Trim());
                Assert.True(p.ExitCode == 0, "named-checkzone failed:\n" + stdout + "\n--- zone:\n" + File.ReadAllText(file));
            }

            var csvArgs = new Dictionary<string, object>(common) { ["As"] = "Csv" };
            var csv = Runner.Run(_rs, "Get-ExchangeDnsRecord", csvArgs);
            AssertNoErrors(csv);
            var rows = ParseCsv((string)csv.Output.Single().BaseObject);
            Assert.True(rows.Count >= 5, "CSV: header and at least four records");
            int columns = rows[0].Count;
            Assert.All(rows, row => Assert.Equal(columns, row.Count));
            int typeColumn = rows[0].FindIndex(h => string.Equals(h, "type", StringComparison.OrdinalIgnoreCase));
            Assert.True(typeColumn >= 0, "CSV has no type column: " + string.Join(",", rows[0]));
            Assert.Equal(types.Count, rows.Count - 1);
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
        }

        /// <summary>RFC 4180: commas, quotes doubled inside quoted fields, CRLF or LF.</summary>
        private static List<List<string>> ParseCsv(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            bool quoted = false, any = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                    continue;
                }
                if (c == '"') { quoted = true; any = true; }
                else if (c == ',') { row.Add(field.ToString()); field.Clear(); any = true; }
                else if (c == '\r') { }
                else if (c == '\n')
                {
                    if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
                    row = new List<string>(); field.Clear(); any = false;
                }
                else { field.Append(c); any = true; }
            }
            Assert.False(quoted, "unterminated quoted CSV field");
            if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
            return rows;
        }
    }
}
