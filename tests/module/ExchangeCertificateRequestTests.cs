// New-ExchangeCertificateRequest (seed X6) through the real engine: the emulator's
// New-ExchangeCertificate makes a real PKCS#10 request with OpenSSL, the cmdlet writes it, and the
// test reads the file back with the openssl command line (subject, SANs, key size, signature).
// Re-runs write nothing; a request Exchange already holds is written out again instead of a second
// one being made; bad input is refused with its id before anything is read or written.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangeCertificateRequestTests : OnPremisesTestBase
    {
        private const string Id = ",MailIntegration.Commands.NewExchangeCertificateRequestCommand";

        public ExchangeCertificateRequestTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "csr") { }

        private Dictionary<string, object> Args(string file) => new Dictionary<string, object>
        {
            ["HostName"] = new[] { "mail.contoso.com", "autodiscover.contoso.com" },
            ["Country"] = "us",
            ["State"] = "Washington",
            ["City"] = "Redmond",
            ["Organization"] = "Contoso",
            ["OrganizationalUnit"] = "IT",
            ["RequestFile"] = file,
        };

        private JsonObject[] Pending() =>
            (_f.State()["certificates"]?.AsArray() ?? new JsonArray()).OfType<JsonObject>()
                .Where(c => (string)c["Status"] == "PendingRequest").ToArray();

        private int NewCertificateCalls() =>
            _f.Requests().OfType<JsonObject>().Count(q => (string)q["cmdlet"] == "New-ExchangeCertificate");

        private static (int code, string stdout, string stderr) OpenSsl(params string[] args)
        {
            var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start);
            string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout, stderr);
        }

        private static string Der(string pemFile)
        {
            var lines = File.ReadAllLines(pemFile).Where(l => !l.StartsWith("-----", StringComparison.Ordinal));
            return string.Concat(lines.Select(l => l.Trim()));
        }

        [Fact]
        public void Request_is_made_written_and_valid_and_the_rerun_writes_nothing()
        {
            string file = Path.Combine(_dir, "MyCertRequest.req");
            _f.ResetCounters();
            var r = Runner.Run(_rs, "New-ExchangeCertificateRequest", Args(file));
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
            var written = Assert.IsType<FileInfo>(r.Output.Single().BaseObject);
            Assert.Equal(file, written.FullName);
            Assert.Equal(1, _f.Counters().Writes);
            Assert.Equal(1, NewCertificateCalls());

            // What the administrator sends to the authority, read by another implementation.
            var (code, text, err) = OpenSsl("req", "-in", file, "-noout", "-verify", "-text");
            Assert.True(code == 0, err);
            Assert.Contains("verify OK", err + text);
            Assert.Contains("C = US, ST = Washington, L = Redmond, O = Contoso, OU = IT, CN = mail.contoso.com", text);
            Assert.Contains("DNS:mail.contoso.com, DNS:autodiscover.contoso.com", text);
            Assert.Contains("Public-Key: (2048 bit)", text);

            // Exchange holds the pending request with an exportable key (the Essentials server needs a copy for ARR).
            var pending = Pending().Single();
            Assert.True((bool)pending["PrivateKeyExportable"]);
            Assert.Equal("C=US, S=Washington, L=Redmond, O=Contoso, OU=IT, CN=mail.contoso.com",
                         (string)_f.Requests().OfType<JsonObject>().Single(q => (string)q["cmdlet"] == "New-ExchangeCertificate")["parameters"]["SubjectName"]);
            Assert.Equal(Der(file), string.Concat(((string)pending["CertificateRequest"]).Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim())));

            // Re-run: the file is the one asked for and Exchange holds its key: nothing to do.
            var before = File.ReadAllText(file);
            _f.ResetCounters();
            var again = Runner.Run(_rs, "New-ExchangeCertificateRequest", new Dictionary<string, object>(Args(file)) { ["PassThru"] = true });
            Assert.True(again.Errors.Count == 0, string.Join(" | ", again.ErrorIds));
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(0, NewCertificateCalls());
            Assert.Equal(before, File.ReadAllText(file));
            Assert.Single(Pending());
        }

        [Fact]
        public void A_request_Exchange_already_holds_is_written_again_not_made_twice()
        {
            string file = Path.Combine(_dir, "MyCertRequest.req");
            var first = Runner.Run(_rs, "New-ExchangeCertificateRequest", Args(file));
            Assert.True(first.Errors.Count == 0, string.Join(" | ", first.ErrorIds));
            string der = Der(file);

            // A run cut short after Exchange made the request, before the file was written.
            File.Delete(file);
            _f.ResetCounters();
            var again = Runner.Run(_rs, "New-ExchangeCertificateRequest", Args(file));
            Assert.True(again.Errors.Count == 0, string.Join(" | ", again.ErrorIds));
            Assert.Equal(0, NewCertificateCalls());
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(der, Der(file));
            Assert.Single(Pending());
            Assert.Equal(0, OpenSsl("req", "-in", file, "-noout", "-verify").code);

            // Other host names: a new request, the old one left pending in Exchange.
            _f.ResetCounters();
            var other = Runner.Run(_rs, "New-ExchangeCertificateRequest",
                new Dictionary<string, object>(Args(file)) { ["HostName"] = new[] { "mail.contoso.com", "owa.contoso.com" }, ["KeySize"] = "4096" });
            Assert.True(other.Errors.Count == 0, string.Join(" | ", other.ErrorIds));
            Assert.Equal(1, NewCertificateCalls());
            var (_, text, _) = OpenSsl("req", "-in", file, "-noout", "-text");
            Assert.Contains("DNS:mail.contoso.com, DNS:owa.contoso.com", text);
            Assert.Contains("Public-Key: (4096 bit)", text);
            Assert.Equal(2, Pending().Length);
        }

        [Fact]
        public void WhatIf_shows_the_subject_and_writes_nothing()
        {
            string file = Path.Combine(_dir, "MyCertRequest.req");
            var host = new CapturingHost();
            using (var shown = host.Open(_f))
            {
                _f.ResetCounters();
                var what = Runner.Run(shown, "New-ExchangeCertificateRequest", new Dictionary<string, object>(Args(file)) { ["WhatIf"] = true });
                Assert.True(what.Errors.Count == 0, string.Join(" | ", what.ErrorIds));
                Assert.Contains("C=US, S=Washington, L=Redmond, O=Contoso, OU=IT, CN=mail.contoso.com", host.Take());
                Assert.Empty(what.Output);
            }
            Assert.Equal(0, _f.Counters().Writes);
            Assert.False(File.Exists(file));
            Assert.Empty(Pending());
        }

        [Fact]
        public void Bad_input_is_refused_with_its_id_and_nothing_is_written()
        {
            string file = Path.Combine(_dir, "MyCertRequest.req");
            string notRequest = Path.Combine(_dir, "notes.txt");
            File.WriteAllText(notRequest, "keep me");
            var cases = new (string id, Dictionary<string, object> args)[]
            {
                ("exchange.csr.country_invalid", new Dictionary<string, object>(Args(file)) { ["Country"] = "USA" }),
                ("exchange.csr.field_invalid", new Dictionary<string, object>(Args(file)) { ["Organization"] = "Contoso, Inc" }),
                ("exchange.csr.field_invalid", new Dictionary<string, object>(Args(file)) { ["City"] = "Red\nmond" }),
                ("validation.domain.malformed", new Dictionary<string, object>(Args(file)) { ["HostName"] = new[] { "mail contoso.com" } }),
                ("exchange.csr.folder_missing", new Dictionary<string, object>(Args(Path.Combine(_dir, "no-such-folder", "x.req")))),
                ("exchange.csr.file_not_request", new Dictionary<string, object>(Args(notRequest))),
            };
            _f.ResetCounters();
            foreach (var (id, args) in cases)
            {
                var r = Runner.Run(_rs, "New-ExchangeCertificateRequest", args);
                Assert.True(r.ErrorIds.Contains(id + Id), id + " expected, got: " + string.Join(" | ", r.ErrorIds));
                Assert.Empty(r.Output);
            }
            Assert.Equal(0, _f.Counters().Writes);
            Assert.Equal(0, _f.Requests().OfType<JsonObject>().Count(q => (string)q["cmdlet"] == "Get-ExchangeCertificate"));
            Assert.Equal("keep me", File.ReadAllText(notRequest));
            Assert.False(File.Exists(file));
        }
    }
}
