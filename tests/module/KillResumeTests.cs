// The kill suite (issue 9): a 1,000-mailbox Set-ExchangeMailboxQuota run in a separate PowerShell
// process (mailint-pwsh on the real engine) is killed with SIGKILL at 20 points, from the first
// write to the last ones; each time Get-MailIntegrationRun finds it interrupted, and
// Resume-MailIntegrationRun, planning it again from the journal's request, converges: every
// mailbox at 2 GB and, in the emulator's request log, each mailbox written exactly once across the
// killed run and its resumption.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class KillResumeTests : OnPremisesTestBase
    {
        private const int Mailboxes = 1000;
        private const string Quota = "2 GB (2,147,483,648 bytes)";

        public KillResumeTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "kill") { }

        private static string PsHost()
        {
            string pshost = Environment.GetEnvironmentVariable("MAILINT_PSHOST");
            if (string.IsNullOrEmpty(pshost))
                pshost = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Environment.GetEnvironmentVariable("MAILINT_EMULATOR"))), "pshost", "mailint-pwsh.dll");
            Assert.True(File.Exists(pshost), "the minimal PowerShell host is built: " + pshost);
            return pshost;
        }

        private void SeedMailboxes() =>
            Cloud.Reseed(_f, state =>
            {
                var list = new JsonArray();
                for (int i = 0; i < Mailboxes; i++)
                    list.Add(new JsonObject
                    {
                        ["Name"] = "User " + i, ["Alias"] = "user" + i, ["PrimarySmtpAddress"] = "user" + i + "@contoso.com",
                        ["ProhibitSendReceiveQuota"] = "Unlimited",
                    });
                state["exchangeOnPrem"][ModuleFixture.Org]["mailboxes"] = list;
            });

        private string Script()
        {
            string path = Path.Combine(_dir, "quota.ps1");
            File.WriteAllText(path, string.Join("\n",
                "param([string] $Forwarding, [string] $Uri, [string] $Module)",
                "Import-Module $Forwarding -ErrorAction Stop",
                "Connect-ExchangeOnPremEmulator -Uri $Uri",
                "Import-Module $Module -ErrorAction Stop",
                "Set-ExchangeMailboxQuota -All -Quota 2GB -Confirm:$false",
                ""));
            return path;
        }

        /// <summary>Starts the run in its own process and kills it (SIGKILL) once the emulator has
        /// counted <paramref name="writes"/> writes; false when it finished first.</summary>
        private bool RunAndKill(string journalHome, long writes)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { PsHost(), "-NoProfile", "-NonInteractive", "-File", Script(), "-Forwarding", _f.ForwardingModule,
                                      "-Uri", _f.EmulatorUri, "-Module", _f.ModuleManifest })
                start.ArgumentList.Add(a);
            start.Environment["XDG_STATE_HOME"] = journalHome;
            using var p = Process.Start(start);
            p.OutputDataReceived += (_, e) => { };
            p.ErrorDataReceived += (_, e) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!p.HasExited && DateTime.UtcNow < deadline)
            {
                if (_f.Counters().Writes >= writes)
                {
                    p.Kill(true);  // SIGKILL: no handler, no finally, no journal end record
                    p.WaitForExit();
                    return true;
                }
                Thread.Sleep(5);
            }
            p.WaitForExit();
            return false;
        }

        /// <summary>A MailIntegration.RunInfo's properties, read through PowerShell's view of it.</summary>
        private static (string RunId, string Status, bool Resumable, int Unknown, string Resumes, string ResumedBy) Run(PSObject o) =>
            ((string)o.Properties["RunId"].Value, (string)o.Properties["Status"].Value, (bool)o.Properties["Resumable"].Value,
             ((string[])o.Properties["UnknownSteps"].Value).Length, (string)o.Properties["Resumes"].Value, (string)o.Properties["ResumedBy"].Value);

        private Dictionary<string, int> SetMailboxCounts() =>
            _f.Requests().OfType<JsonObject>().Where(q => (string)q["cmdlet"] == "Set-Mailbox")
                .GroupBy(q => (string)q["parameters"]["Identity"]).ToDictionary(g => g.Key, g => g.Count());

        [Fact]
        public void A_killed_run_is_resumed_to_the_end_at_twenty_points_without_a_write_twice()
        {
            // 1 … 951: from the first write to near the end (a kill after the last write could land
            // after the run has ended, which is no interruption).
            var points = Enumerable.Range(0, 20).Select(i => 1L + i * 50).ToArray();
            var clock = Stopwatch.StartNew();
            long killMs = 0, resumeMs = 0;
            var unknownSeen = 0;
            foreach (var point in points)
            {
                _f.Reset();
                SeedMailboxes();
                _f.ResetCounters();
                string home = NewFolder("state");
                string journals = Path.Combine(home, "MailIntegration", "runs");
                var phase = Stopwatch.StartNew();
                bool killed = RunAndKill(home, point);
                killMs += phase.ElapsedMilliseconds;
                Assert.True(killed, "the run ended before " + point + " writes");

                var runs = Runner.Run(_rs, "Get-MailIntegrationRun", new Dictionary<string, object> { ["JournalDirectory"] = journals });
                Assert.True(runs.Errors.Count == 0, string.Join(" | ", runs.ErrorIds));
                var first = Run(runs.Output.Single());
                Assert.Equal("interrupted", first.Status);
                Assert.True(first.Resumable);
                unknownSeen += first.Unknown;

                phase.Restart();
                var resume = Runner.Run(_rs, "Resume-MailIntegrationRun", new Dictionary<string, object>
                {
                    ["RunId"] = first.RunId, ["JournalDirectory"] = journals, ["Confirm"] = false,
                });
                resumeMs += phase.ElapsedMilliseconds;
                Assert.True(resume.Errors.Count == 0 && resume.Terminating == null, "point " + point + ": " + string.Join(" | ", resume.Errors.Select(e => e.ToString())));

                // Converged: every mailbox at the quota, each written exactly once in all.
                var mailboxes = _f.State()["mailboxes"].AsArray().OfType<JsonObject>().ToList();
                Assert.Equal(Mailboxes, mailboxes.Count(m => (string)m["ProhibitSendReceiveQuota"] == Quota));
                var counts = SetMailboxCounts();
                Assert.Equal(Mailboxes, counts.Count);
                Assert.True(counts.Values.All(c => c == 1), "point " + point + ": written twice: " +
                    string.Join(", ", counts.Where(kv => kv.Value > 1).Select(kv => kv.Key + "×" + kv.Value).Take(5)));

                {
                    var after = Runner.Run(_rs, "Get-MailIntegrationRun", new Dictionary<string, object> { ["JournalDirectory"] = journals });
                    var byId = after.Output.Select(Run).ToDictionary(r => r.RunId);
                    Assert.Equal(2, byId.Count);
                    Assert.Equal("resumed", byId[first.RunId].Status);
                    var second = byId[byId[first.RunId].ResumedBy];
                    Assert.Equal("completed", second.Status);
                    Assert.Equal(first.RunId, second.Resumes);
                }
            }
            _f.Count(_out, "kill suite: 20 SIGKILLs of a 1000-mailbox run, each resumed to 1000/1000 with every mailbox written once; " +
                           unknownSeen + " writes were in flight at a kill; " + clock.ElapsedMilliseconds + " ms (runs until the kill " + killMs +
                           " ms, resumes " + resumeMs + " ms)");
        }
    }
}
