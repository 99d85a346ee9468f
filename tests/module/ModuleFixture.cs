// Shared by every module test: the real emulator (one process for the run, state reset per test),
// PFX files made with the openssl CLI, and runspaces of the NuGet PowerShell engine with the
// emulator's forwarding module and the built MailIntegration module imported.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MailIntegration.Module.Tests
{
    [CollectionDefinition("module")]
    public sealed class ModuleCollection : ICollectionFixture<ModuleFixture> { }

    public sealed class ModuleFixture : IDisposable
    {
        /// <summary>Distinctive, so that any leak is found by a plain search.</summary>
        public const string Password = "Xq9#Leak-Canary-P@ss-7731";
        public const string Org = "First Organization";

        private readonly Process _emulator;
        private readonly StringBuilder _emulatorLog = new StringBuilder();

        public string Repo { get; }
        public string ModuleDir { get; }
        public string ModuleManifest => Path.Combine(ModuleDir, "MailIntegration.psd1");
        public string ForwardingModule { get; }
        public string EmulatorUri { get; }
        public HttpClient Http { get; }
        public string TempDir { get; }
        public Certificates Certs { get; }
        /// <summary>The authoritative DNS server the emulator's domain verification asks, serving
        /// <see cref="DnsZone"/>; tests set its records with SetRecords.</summary>
        public BindServer Dns { get; }
        public const string DnsZone = "northwind-module.com";

        public ModuleFixture()
        {
            Repo = Environment.GetEnvironmentVariable("MAILINT_REPO") ?? FindRepo();
            ModuleDir = Environment.GetEnvironmentVariable("MAILINT_MODULE_DIR") ?? Path.Combine(Repo, "out", "MailIntegration");
            string emulator = Environment.GetEnvironmentVariable("MAILINT_EMULATOR");
            if (string.IsNullOrEmpty(emulator) || !File.Exists(emulator))
                throw new InvalidOperationException("MAILINT_EMULATOR must name the mailint-emulator binary (ctest sets it); got '" + emulator + "'.");
            if (!File.Exists(ModuleManifest))
                throw new InvalidOperationException("The module is not built: " + ModuleManifest + " is missing (cmake --build <dir> --target module).");
            string psd1 = Path.Combine(Repo, "emulator", "powershell", "ExchangeOnPremEmulator.psd1");
            ForwardingModule = File.Exists(psd1) ? psd1 : Path.ChangeExtension(psd1, ".psm1");

            TempDir = Path.Combine(Path.GetTempPath(), "mailint-module-tests-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(TempDir);
            Certs = new Certificates(Path.Combine(TempDir, "certs"), Password);

            CountsFile = Environment.GetEnvironmentVariable("MAILINT_COUNTS_FILE");
            if (!string.IsNullOrEmpty(CountsFile)) File.WriteAllText(CountsFile, string.Empty);

            Dns = new BindServer(Path.Combine(TempDir, "dns"), new Dictionary<string, string> { [DnsZone] = string.Empty });
            _emulator = StartEmulator(emulator, out var uri);
            EmulatorUri = uri;
            Http = new HttpClient { BaseAddress = new Uri(uri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        }

        private static string FindRepo()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "cabi", "include", "mailint.h"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("MAILINT_REPO is not set and the repository was not found.");
        }

        /// <summary>Another emulator of the same build, for a test that stops it (the caller kills it).</summary>
        public Process StartExtraEmulator(out string uri) => StartEmulator(Environment.GetEnvironmentVariable("MAILINT_EMULATOR"), out uri);

        private Process StartEmulator(string path, out string uri)
        {
            var psi = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("--port");
            psi.ArgumentList.Add("0");
            psi.ArgumentList.Add("--stdin-lifetime");
            psi.ArgumentList.Add("--dns-server");
            psi.ArgumentList.Add(Dns.Address);
            var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + path);
            var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Task.Run(() =>
            {
                string line;
                while ((line = process.StandardOutput.ReadLine()) != null)
                {
                    lock (_emulatorLog) _emulatorLog.AppendLine(line);
                    const string marker = "MAILINT_EMULATOR_LISTENING ";
                    if (line.StartsWith(marker, StringComparison.Ordinal)) listening.TrySetResult(line.Substring(marker.Length).Trim());
                }
                listening.TrySetException(new InvalidOperationException("The emulator exited before listening:\n" + EmulatorLog));
            });
            _ = Task.Run(() =>
            {
                string line;
                while ((line = process.StandardError.ReadLine()) != null)
                {
                    lock (_emulatorLog) _emulatorLog.AppendLine(line);
                }
            });
            if (!listening.Task.Wait(TimeSpan.FromSeconds(30)))
            {
                try { process.Kill(true); } catch (Exception) { }
                throw new TimeoutException("The emulator did not print MAILINT_EMULATOR_LISTENING within 30 s:\n" + EmulatorLog);
            }
            uri = listening.Task.Result;
            return process;
        }

        /// <summary>Where the counts the tests measure are also written (MAILINT_COUNTS_FILE), so a
        /// wrapper can print them after ctest; null when not set.</summary>
        public string CountsFile { get; }

        public void Count(Xunit.Abstractions.ITestOutputHelper output, string line)
        {
            output.WriteLine(line);
            if (string.IsNullOrEmpty(CountsFile)) return;
            lock (this) File.AppendAllText(CountsFile, line + Environment.NewLine);
        }

        public string EmulatorLog
        {
            get { lock (_emulatorLog) return _emulatorLog.ToString(); }
        }

        // ---- emulator control --------------------------------------------------------------------

        public void Reset() => Post("control/reset");

        public void ResetCounters() => Post("control/counters/reset");

        private void Post(string path)
        {
            using var response = Http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }

        /// <summary>POSTs a body (JSON unless told otherwise) and returns the status and the answer.</summary>
        public (int Status, string Body) PostText(string path, string body, string contentType = "application/json")
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            using var response = Http.PostAsync(path, content).GetAwaiter().GetResult();
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }

        public string GetText(string path)
        {
            using var response = Http.GetAsync(path).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        public JsonNode GetJson(string path) => JsonNode.Parse(GetText(path));

        public JsonNode State() => GetJson("control/state")["exchangeOnPrem"][Org];

        public (long Reads, long Writes, JsonNode Raw) Counters()
        {
            var c = GetJson("control/counters");
            return ((long)c["reads"], (long)c["writes"], c);
        }

        public JsonArray Requests() => GetJson("control/requests")["requests"].AsArray();

        // ---- runspaces ----------------------------------------------------------------------------

        /// <summary>A runspace from CreateDefault2 with the forwarding module (connected to the
        /// emulator) and, unless told otherwise, MailIntegration imported.</summary>
        public Runspace NewRunspace(bool importModule = true)
        {
            var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            using (var ps = PowerShell.Create())
            {
                ps.Runspace = runspace;
                ps.AddCommand("Import-Module").AddParameter("Name", ForwardingModule).AddParameter("ErrorAction", "Stop");
                ps.AddStatement().AddCommand("Connect-ExchangeOnPremEmulator").AddParameter("Uri", EmulatorUri);
                if (importModule)
                    ps.AddStatement().AddCommand("Import-Module").AddParameter("Name", ModuleManifest).AddParameter("ErrorAction", "Stop");
                ps.Invoke();
                if (ps.HadErrors)
                    throw new InvalidOperationException("Runspace setup failed: " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            }
            return runspace;
        }

        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        public void Dispose()
        {
            Http.Dispose();
            try
            {
                _emulator.StandardInput.Close();
                if (!_emulator.WaitForExit(5000)) _emulator.Kill(true);
            }
            catch (Exception) { }
            _emulator.Dispose();
            Dns.Dispose();
            try { Directory.Delete(TempDir, true); } catch (Exception) { }
        }
    }

    /// <summary>Everything one command wrote, stream by stream.</summary>
    public sealed class RunResult
    {
        public List<PSObject> Output = new List<PSObject>();
        public List<ErrorRecord> Errors = new List<ErrorRecord>();
        public List<WarningRecord> Warnings = new List<WarningRecord>();
        public List<VerboseRecord> Verbose = new List<VerboseRecord>();
        public List<DebugRecord> Debug = new List<DebugRecord>();
        public List<InformationRecord> Information = new List<InformationRecord>();
        public List<ProgressRecord> Progress = new List<ProgressRecord>();
        public Exception Terminating;

        public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId)
            .Concat(Terminating is IContainsErrorRecord c && c.ErrorRecord != null ? new[] { c.ErrorRecord.FullyQualifiedErrorId } : new string[0]);

        /// <summary>Every text any stream carried, for leak searches.</summary>
        public string AllText()
        {
            var sb = new StringBuilder();
            foreach (var o in Output) AppendObject(sb, o);
            foreach (var e in Errors) AppendError(sb, e);
            if (Terminating != null)
            {
                sb.AppendLine(Terminating.ToString());
                if (Terminating is IContainsErrorRecord c && c.ErrorRecord != null) AppendError(sb, c.ErrorRecord);
            }
            foreach (var w in Warnings) sb.AppendLine(w.Message);
            foreach (var v in Verbose) sb.AppendLine(v.Message);
            foreach (var d in Debug) sb.AppendLine(d.Message);
            foreach (var i in Information) sb.AppendLine(Convert.ToString(i.MessageData)).AppendLine(string.Join(",", i.Tags));
            foreach (var p in Progress) sb.AppendLine(p.Activity + "|" + p.StatusDescription + "|" + p.CurrentOperation);
            return sb.ToString();
        }

        private static void AppendError(StringBuilder sb, ErrorRecord e)
        {
            sb.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(Convert.ToString(e.TargetObject));
            sb.AppendLine(e.Exception?.ToString());
            if (e.Exception is Exception ex)
            {
                foreach (var p in ex.GetType().GetProperties())
                {
                    try { sb.AppendLine(Convert.ToString(p.GetValue(ex))); } catch (Exception) { }
                }
            }
            sb.AppendLine(e.ErrorDetails?.Message).AppendLine(e.CategoryInfo.ToString());
        }

        private static void AppendObject(StringBuilder sb, PSObject o)
        {
            sb.AppendLine(o?.ToString());
            if (o == null) return;
            foreach (var p in o.Properties)
            {
                object v;
                try { v = p.Value; } catch (Exception) { continue; }
                if (v is IEnumerable e && !(v is string)) foreach (var i in e) sb.AppendLine(Convert.ToString(i));
                else sb.AppendLine(Convert.ToString(v));
            }
        }
    }

    public static class Runner
    {
        /// <summary>Runs one command with named parameters and collects every stream.</summary>
        public static RunResult Run(Runspace runspace, string command, IDictionary<string, object> parameters)
        {
            var result = new RunResult();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand(command);
            if (parameters != null)
            {
                foreach (var kv in parameters) ps.AddParameter(kv.Key, kv.Value);
            }
            try
            {
                result.Output.AddRange(ps.Invoke());
            }
            catch (RuntimeException ex)
            {
                result.Terminating = ex;
            }
            result.Errors.AddRange(ps.Streams.Error);
            result.Warnings.AddRange(ps.Streams.Warning);
            result.Verbose.AddRange(ps.Streams.Verbose);
            result.Debug.AddRange(ps.Streams.Debug);
            result.Information.AddRange(ps.Streams.Information);
            result.Progress.AddRange(ps.Streams.Progress);
            return result;
        }
    }

    /// <summary>PFX files made with the openssl CLI.</summary>
    public sealed class Certificates
    {
        public string Dir { get; }
        public string Good { get; }
        public string Legacy { get; }
        public string NoKey { get; }
        public string Expired { get; }
        public string OtherHost { get; }
        public string Missing { get; }

        public Certificates(string dir, string password)
        {
            Dir = dir;
            Directory.CreateDirectory(dir);
            string pass = "pass:" + password;
            string P(string name) => Path.Combine(dir, name);

            // mail.contoso.com, the current default PKCS#12 encryption (PBES2/AES-256).
            OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("good.key"), "-out", P("good.crt"),
                "-days", "365", "-subj", "/CN=mail.contoso.com", "-addext", "subjectAltName=DNS:mail.contoso.com");
            Good = P("good.pfx");
            OpenSsl("pkcs12", "-export", "-inkey", P("good.key"), "-in", P("good.crt"), "-out", Good, "-passout", pass);

            // The same names in a legacy RC2-40 file, as Windows exported them for years (another key,
            // so its thumbprint differs).
            OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("legacy.key"), "-out", P("legacy.crt"),
                "-days", "365", "-subj", "/CN=mail.contoso.com", "-addext", "subjectAltName=DNS:mail.contoso.com");
            Legacy = P("legacy.pfx");
            OpenSsl("pkcs12", "-export", "-legacy", "-keypbe", "PBE-SHA1-RC2-40", "-certpbe", "PBE-SHA1-RC2-40",
                "-inkey", P("legacy.key"), "-in", P("legacy.crt"), "-out", Legacy, "-passout", pass);

            // Certificate only, no private key.
            NoKey = P("nokey.pfx");
            OpenSsl("pkcs12", "-export", "-nokeys", "-in", P("good.crt"), "-out", NoKey, "-passout", pass);

            // Another host name.
            OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("other.key"), "-out", P("other.crt"),
                "-days", "365", "-subj", "/CN=mail.fabrikam.com", "-addext", "subjectAltName=DNS:mail.fabrikam.com");
            OtherHost = P("other.pfx");
            OpenSsl("pkcs12", "-export", "-inkey", P("other.key"), "-in", P("other.crt"), "-out", OtherHost, "-passout", pass);

            // Expired: valid 2020-01-01 to 2021-01-01, self-signed through `openssl ca` (OpenSSL 3.0's
            // req and x509 cannot back-date).
            string ca = P("ca");
            Directory.CreateDirectory(ca);
            File.WriteAllText(Path.Combine(ca, "index.txt"), string.Empty);
            File.WriteAllText(Path.Combine(ca, "serial"), "01\n");
            File.WriteAllText(P("ca.cnf"),
                "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = " + ca + "\ndatabase = $dir/index.txt\n" +
                "new_certs_dir = $dir\nserial = $dir/serial\ndefault_md = sha256\npolicy = policy_any\n" +
                "copy_extensions = copy\nunique_subject = no\n[ policy_any ]\ncommonName = supplied\n");
            OpenSsl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", P("expired.key"), "-out", P("expired.csr"),
                "-subj", "/CN=mail.contoso.com", "-addext", "subjectAltName=DNS:mail.contoso.com");
            OpenSsl("ca", "-batch", "-config", P("ca.cnf"), "-selfsign", "-keyfile", P("expired.key"), "-in", P("expired.csr"),
                "-out", P("expired.crt"), "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-notext");
            Expired = P("expired.pfx");
            OpenSsl("pkcs12", "-export", "-inkey", P("expired.key"), "-in", P("expired.crt"), "-out", Expired, "-passout", pass);

            Missing = P("does-not-exist.pfx");
        }

        private static void OpenSsl(params string[] args)
        {
            var psi = new ProcessStartInfo("openssl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException("openssl " + string.Join(" ", args.Where(a => !a.StartsWith("pass:", StringComparison.Ordinal))) + " failed: " + stderr);
            _ = stdout.Result;
        }
    }
}
