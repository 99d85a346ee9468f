// What the on-premises module tests (seed X) share: a fresh emulator state and runspace per test,
// a folder of their own, the organization's URLs, and programs the process transport starts,
// which are the recorded process (it reports argv and standard input to the emulator) under the
// name the cmdlet runs (Setup.EXE, ARRConfig.exe).
using System;
using System.IO;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    public abstract class OnPremisesTestBase : IDisposable
    {
        protected readonly ModuleFixture _f;
        protected readonly ITestOutputHelper _out;
        protected readonly Runspace _rs;
        protected readonly string _dir;

        protected OnPremisesTestBase(ModuleFixture fixture, ITestOutputHelper output, string folder)
        {
            _f = fixture;
            _out = output;
            _f.Reset();
            _rs = _f.NewRunspace();
            _dir = NewFolder(folder);
        }

        public void Dispose() => _rs.Dispose();

        /// <summary>A new folder under the fixture's temporary one.</summary>
        protected string NewFolder(string prefix)
        {
            string dir = Path.Combine(_f.TempDir, prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            return dir;
        }

        /// <summary>An endpoint of the on-premises organization: process-runs, owa.</summary>
        protected string Org(string leaf) => _f.EmulatorUri.TrimEnd('/') + "/exchange-onprem/" + Uri.EscapeDataString(ModuleFixture.Org) + "/" + leaf;

        /// <summary>The document's 26 Windows features (X3), installed, as the emulator's host state has them.</summary>
        protected static JsonArray DocumentFeaturesInstalled()
        {
            var features = new JsonArray();
            foreach (var name in new[] { "NET-Framework", "RSAT-ADDS", "Web-Server", "Web-Basic-Auth", "Web-Windows-Auth", "Web-Metabase", "Web-Net-Ext",
                                         "Web-Lgcy-Mgmt-Console", "WAS-Process-Model", "RSAT-Web-Server", "Web-ISAPI-Ext", "Web-Digest-Auth",
                                         "Web-Dyn-Compression", "NET-HTTP-Activation", "Web-Asp-Net", "Web-Client-Auth", "Web-Dir-Browsing",
                                         "Web-Http-Errors", "Web-Http-Logging", "Web-Http-Redirect", "Web-Http-Tracing", "Web-ISAPI-Filter",
                                         "Web-Request-Monitor", "Web-Static-Content", "Web-WMI", "RPC-Over-HTTP-Proxy" })
                features.Add(new JsonObject { ["Name"] = name, ["DisplayName"] = name, ["InstallState"] = "Installed" });
            return features;
        }

        /// <summary>Links the recorded process as each program in <paramref name="dir"/>, with the
        /// file that tells it where to report; returns the first program's path.</summary>
        protected string RecordedPrograms(string dir, params string[] programs)
        {
            string recorded = Environment.GetEnvironmentVariable("MAILINT_RECORDED_PROCESS");
            Assert.False(string.IsNullOrEmpty(recorded), "MAILINT_RECORDED_PROCESS names the recorded process");
            foreach (var program in programs) File.CreateSymbolicLink(Path.Combine(dir, program), recorded);
            File.WriteAllText(Path.Combine(dir, "recorded-process.url"), Org("process-runs"));
            return Path.Combine(dir, programs[0]);
        }
    }
}
