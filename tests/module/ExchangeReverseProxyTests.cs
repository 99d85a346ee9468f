// Set-ExchangeReverseProxy (seed X9) through the real engine: ARRConfig is the recorded process,
// which hands its argv and standard input to the emulator, so the test sees what ARRConfig would
// have received (the PFX read with the password it was given) and that the password went nowhere
// else. The Remote Desktop Gateway is started again when ARR stopped it, /owa must answer, the
// re-run writes nothing, and host names the certificate does not cover are refused.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangeReverseProxyTests : OnPremisesTestBase
    {
        private const string Id = ",MailIntegration.Commands.SetExchangeReverseProxyCommand";

        public ExchangeReverseProxyTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "arr")
        {
            RecordedPrograms(_dir, "ARRConfig.exe");
        }

        private Dictionary<string, object> Args(string cert, params string[] hosts) => new Dictionary<string, object>
        {
            ["CertPath"] = cert,
            ["CertPassword"] = ModuleFixture.Secure(ModuleFixture.Password),
            ["HostName"] = hosts,
            ["ArrConfigPath"] = Path.Combine(_dir, "ARRConfig.exe"),
            ["VerifyUri"] = new Uri(Org("owa")),
            ["StateDirectory"] = Path.Combine(_dir, "state"),
        };

        private JsonObject Host() => _f.State()["windowsHost"]?.AsObject();

        private JsonObject[] ArrRuns() =>
            _f.Requests().OfType<JsonObject>().Where(q => ((string)q["path"] ?? "").EndsWith("/process-runs", StringComparison.Ordinal)).ToArray();

        [Fact]
        public void Reverse_proxy_is_configured_the_gateway_restarted_and_the_rerun_writes_nothing()
        {
            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["windowsHost"] = new JsonObject { ["arrStopsGateway"] = true });
            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeReverseProxy", new Dictionary<string, object>(Args(_f.Certs.Good, "mail.contoso.com")) { ["PassThru"] = true });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
            var proxy = Host()["reverseProxy"].AsObject();
            Assert.Equal(new[] { "mail.contoso.com" }, proxy["hostNames"].AsArray().Select(h => (string)h));
            var gateway = Host()["services"].AsArray().OfType<JsonObject>().Single(s => (string)s["Name"] == "TSGateway");
            Assert.Equal("Running", (string)gateway["Status"]);  // ARR stopped it; the run started it again
            var run = ArrRuns().Single();
            Assert.Equal(new[] { "config", "-cert", _f.Certs.Good, "-hostnames", "mail.contoso.com" },
                         run["parameters"]["arguments"].AsArray().Select(a => (string)a));
            Assert.Equal(ModuleFixture.Password.Length + 2, (int)run["parameters"]["standardInputLength"]);  // the password and CR LF
            Assert.Equal(2, _f.Counters().Writes);  // ARRConfig, Start-Service
            Assert.True(File.Exists(Path.Combine(_dir, "state", "reverse-proxy.json")));

            // The password went to ARRConfig's input only.
            Assert.DoesNotContain(ModuleFixture.Password, r.AllText());
            Assert.DoesNotContain(ModuleFixture.Password, _f.Requests().ToJsonString());
            Assert.DoesNotContain(ModuleFixture.Password, _f.EmulatorLog);
            Assert.DoesNotContain(ModuleFixture.Password, File.ReadAllText(Path.Combine(_dir, "state", "reverse-proxy.json")));

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-ExchangeReverseProxy", Args(_f.Certs.Good, "mail.contoso.com"));
            Assert.True(again.Errors.Count == 0, string.Join(" | ", again.ErrorIds));
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Empty(ArrRuns());
            _f.Count(_out, "reverse proxy: ARRConfig + Start-Service = 2 writes, re-run 0 writes");

            // Someone stopped the gateway: only it is started again.
            Cloud.Reseed(_f, state =>
            {
                foreach (var s in state["exchangeOnPrem"][ModuleFixture.Org]["windowsHost"]["services"].AsArray().OfType<JsonObject>())
                    if ((string)s["Name"] == "TSGateway") s["Status"] = "Stopped";
            });
            _f.ResetCounters();
            var gatewayOnly = Runner.Run(_rs, "Set-ExchangeReverseProxy", Args(_f.Certs.Good, "mail.contoso.com"));
            Assert.Empty(gatewayOnly.Errors);
            Assert.Equal(1, _f.Counters().Writes);
            Assert.Empty(ArrRuns());
        }

        [Fact]
        public void Reverse_proxy_refuses_host_names_the_certificate_does_not_cover()
        {
            _f.ResetCounters();
            var r = Runner.Run(_rs, "Set-ExchangeReverseProxy", Args(_f.Certs.Good, "mail.contoso.com", "owa.fabrikam.com"));
            Assert.Contains("reverse_proxy.host_not_in_certificate" + Id, r.ErrorIds);
            Assert.Contains("owa.fabrikam.com", r.Errors.First(e => e.FullyQualifiedErrorId.StartsWith("reverse_proxy.host_not_in_certificate", StringComparison.Ordinal)).ToString());
            Assert.Equal(0, _f.Counters().Reads + _f.Counters().Writes);
            Assert.Null(Host()?["reverseProxy"]);

            var wrong = Runner.Run(_rs, "Set-ExchangeReverseProxy", new Dictionary<string, object>(Args(_f.Certs.Good, "mail.contoso.com"))
            {
                ["CertPassword"] = ModuleFixture.Secure("not-the-password"),
            });
            Assert.NotEmpty(wrong.Errors);
            Assert.DoesNotContain("not-the-password", wrong.AllText());

            var noKey = Runner.Run(_rs, "Set-ExchangeReverseProxy", Args(_f.Certs.NoKey, "mail.contoso.com"));
            Assert.NotEmpty(noKey.Errors);
            var noArr = Runner.Run(_rs, "Set-ExchangeReverseProxy", new Dictionary<string, object>(Args(_f.Certs.Good, "mail.contoso.com"))
            {
                ["ArrConfigPath"] = Path.Combine(_dir, "missing", "ARRConfig.exe"),
            });
            Assert.Contains("reverse_proxy.arrconfig_missing" + Id, noArr.ErrorIds);
            var target = Runner.Run(_rs, "Set-ExchangeReverseProxy", new Dictionary<string, object>(Args(_f.Certs.Good, "mail.contoso.com"))
            {
                ["TargetServer"] = "ex01; Restart-Computer",
            });
            Assert.Contains("reverse_proxy.target_invalid" + Id, target.ErrorIds);
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Empty(ArrRuns());
        }

        [Fact]
        public void Reverse_proxy_for_a_migration_passes_the_target_server()
        {
            var r = Runner.Run(_rs, "Set-ExchangeReverseProxy", new Dictionary<string, object>(Args(_f.Certs.Good, "mail.contoso.com"))
            {
                ["TargetServer"] = "EX01.corp.contoso.local",
            });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.ErrorIds));
            Assert.Equal("EX01.corp.contoso.local", (string)Host()["reverseProxy"]["targetServer"]);
            Assert.Equal(new[] { "config", "-cert", _f.Certs.Good, "-hostnames", "mail.contoso.com", "-targetserver", "EX01.corp.contoso.local" },
                         ArrRuns().Single()["parameters"]["arguments"].AsArray().Select(a => (string)a));
        }
    }
}
