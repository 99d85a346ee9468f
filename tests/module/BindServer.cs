// A real authoritative DNS server for the module tests: BIND's named in the foreground on
// 127.0.0.1 at a free high port, serving zones the tests write, in a folder of its own. The
// emulator's domain verification (--dns-server) and the module's own DNS lookups (-DnsServer) both
// ask it, so "public DNS shows the record" is decided by real DNS answers.
// (tests/native and tests/emulator have their own helpers in their languages; the layers share no
// test code.)
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MailIntegration.Module.Tests
{
    public sealed class BindServer : IDisposable
    {
        private const string Named = "/usr/sbin/named";
        private readonly string _dir;
        private readonly Dictionary<string, uint> _serials = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
        private readonly StringBuilder _log = new StringBuilder();
        private Process _named;
        private uint _nextSerial = 1;

        public int Port { get; private set; }
        /// <summary>"127.0.0.1:PORT", as -DnsServer and the emulator's --dns-server take it.</summary>
        public string Address => "127.0.0.1:" + Port;

        /// <summary>Starts named serving each zone (origin → master-file lines relative to it) and
        /// returns once every zone is loaded. A missing named is an error, never a skipped test:
        /// bind9 is a declared dependency (dev.sh).</summary>
        public BindServer(string directory, IDictionary<string, string> zones)
        {
            if (!File.Exists(Named))
                throw new InvalidOperationException(Named + " is missing: install the bind9 package (./dev.sh does).");
            _dir = directory;
            Directory.CreateDirectory(_dir);
            foreach (var z in zones) WriteZone(z.Key, z.Value);
            for (int attempt = 0; attempt < 5; ++attempt)
            {
                Port = FreePort();
                WriteConfig(zones.Keys);
                if (Start(zones.Keys)) return;
            }
            throw new InvalidOperationException("named could not bind a port:\n" + Log);
        }

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        /// <summary>Rewrites the zone with these records and a higher serial, reloads named
        /// (SIGHUP) and waits until it has loaded that serial.</summary>
        public void SetRecords(string zone, string records)
        {
            int from;
            lock (_log) from = _log.Length;
            uint serial = WriteZone(zone, records);
            Process.Start("kill", new[] { "-HUP", _named.Id.ToString() })?.WaitForExit();
            if (!WaitForLog("zone " + zone + "/IN: loaded serial " + serial, from, 15000))
                throw new TimeoutException("named did not reload " + zone + ":\n" + Log);
        }

        private uint WriteZone(string zone, string records)
        {
            uint serial = _nextSerial++;
            _serials[zone] = serial;
            string path = Path.Combine(_dir, zone + ".zone");
            File.WriteAllText(path,
                "$ORIGIN " + zone + ".\n$TTL 60\n" +
                "@ IN SOA ns." + zone + ". hostmaster." + zone + ". " + serial + " 3600 600 86400 60\n" +
                "@ IN NS localhost.\n" + records + "\n");
            // named reloads only a file newer than the version it has: a rewrite in the same clock
            // tick as the last load must still count as newer.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(1 + serial));
            return serial;
        }

        private void WriteConfig(IEnumerable<string> zones)
        {
            var conf = new StringBuilder();
            conf.Append("options {\n")
                .Append("  directory \"").Append(_dir).Append("\";\n")
                .Append("  pid-file \"").Append(_dir).Append("/named.pid\";\n")
                .Append("  session-keyfile \"").Append(_dir).Append("/session.key\";\n")
                .Append("  managed-keys-directory \"").Append(_dir).Append("\";\n")
                .Append("  listen-on port ").Append(Port).Append(" { 127.0.0.1; };\n")
                .Append("  listen-on-v6 { none; };\n")
                .Append("  recursion no;\n  dnssec-validation no;\n  notify no;\n  allow-transfer { none; };\n")
                .Append("};\n")
                // No control channel: no rndc key, no port 953 shared with other servers.
                .Append("controls { };\n");
            foreach (var z in zones)
                conf.Append("zone \"").Append(z).Append("\" { type primary; file \"").Append(z).Append(".zone\"; };\n");
            File.WriteAllText(Path.Combine(_dir, "named.conf"), conf.ToString());
        }

        private bool Start(IEnumerable<string> zones)
        {
            var psi = new ProcessStartInfo(Named)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // -g: foreground, log to stderr; -n 1: one worker (the build shares two cores).
            foreach (var a in new[] { "-g", "-n", "1", "-c", Path.Combine(_dir, "named.conf") }) psi.ArgumentList.Add(a);
            int from;
            lock (_log) from = _log.Length;
            _named = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Named);
            var named = _named;
            named.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
            named.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
            named.BeginErrorReadLine();
            named.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                string text = Log.Substring(from);
                if (text.Contains("address in use", StringComparison.OrdinalIgnoreCase) ||
                    text.Contains("could not listen", StringComparison.OrdinalIgnoreCase) || named.HasExited)
                {
                    Stop();
                    return false;
                }
                // Its last start-up line is "<time> running"; "running on Linux …" and "running as: …"
                // come before the zones load.
                if (text.Split('\n').Any(l => l.TrimEnd().EndsWith(" running", StringComparison.Ordinal)))
                {
                    foreach (var z in zones)
                        if (!text.Contains("zone " + z + "/IN: loaded serial " + _serials[z], StringComparison.Ordinal))
                            throw new InvalidOperationException("named did not load " + z + ":\n" + Log);
                    return true;
                }
                Thread.Sleep(20);
            }
            Stop();
            throw new TimeoutException("named did not start within 30 s:\n" + Log);
        }

        private bool WaitForLog(string text, int from, int milliseconds)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(milliseconds);
            while (DateTime.UtcNow < deadline)
            {
                if (Log.IndexOf(text, from, StringComparison.Ordinal) >= 0) return true;
                if (_named.HasExited) return false;
                Thread.Sleep(20);
            }
            return false;
        }

        private static int FreePort()
        {
            // Free for both UDP and TCP right now; named binds it a moment later.
            for (int i = 0; i < 50; ++i)
            {
                var tcp = new TcpListener(IPAddress.Loopback, 0);
                tcp.Start();
                int port = ((IPEndPoint)tcp.LocalEndpoint).Port;
                try
                {
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                    return port;
                }
                catch (SocketException) { }
                finally { tcp.Stop(); }
            }
            throw new InvalidOperationException("no free 127.0.0.1 port for the test DNS server");
        }

        private void Stop()
        {
            try
            {
                if (_named != null && !_named.HasExited)
                {
                    _named.Kill(true);
                    _named.WaitForExit(5000);
                }
            }
            catch (Exception) { }
            _named?.Dispose();
            _named = null;
        }

        public void Dispose() => Stop();
    }
}
