// Values reach their cmdlet or API as data (issue 9): a value full of what a script would run —
// quotes, `;`, `$(…)`, backticks, a newline — passed through the Exchange Online admin API, the
// host session (a parameter bound in this runspace) and the process transport (an argv entry) is
// found verbatim where it landed, and nothing it names was run.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class HostileValueTests : OnPremisesTestBase
    {
        // Were any of it run, the marker file would appear.
        private string Hostile => "O'Brien \"Sales\"; $(New-Item -Path '" + Marker + "') `whoami` & echo pwned\nsecond line";
        private string Marker => Path.Combine(_dir, "ran");

        public HostileValueTests(ModuleFixture fixture, ITestOutputHelper output) : base(fixture, output, "hostile") { }

        [Fact]
        public void Through_the_Exchange_Online_admin_API_a_display_name_is_stored_verbatim()
        {
            Cloud.Connect(_f, _rs);
            var r = Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>
            {
                ["Name"] = "Sales", ["DisplayName"] = Hostile, ["PrimarySmtpAddress"] = "sales@contoso.onmicrosoft.com",
                ["Members"] = new[] { "AlexW@contoso.onmicrosoft.com" }, ["Confirm"] = false,
            });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.ErrorIds));
            var group = _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["distributionGroups"][0];
            Assert.Equal(Hostile, (string)group["DisplayName"]);
            Assert.False(File.Exists(Marker));
        }

        [Fact]
        public void Through_the_host_session_a_group_name_is_bound_verbatim()
        {
            Cloud.Connect(_f, _rs);
            var r = Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>
            {
                ["Name"] = "Sales", ["LocalGroup"] = Hostile, ["Confirm"] = false,
            });
            // No such group: Active Directory says so, with the name exactly as given.
            Assert.True(r.Terminating != null || r.Errors.Count > 0);
            Assert.Contains("Cannot find an object with identity", (r.Terminating?.Message ?? "") + r.AllText());
            var asked = _f.Requests().OfType<JsonObject>().Where(q => (string)q["cmdlet"] == "Get-ADGroupMember").ToList();
            Assert.Equal(Hostile, (string)asked.Single()["parameters"]["Identity"]);
            Assert.False(File.Exists(Marker));
        }

        [Fact]
        public void Through_the_process_transport_an_argument_arrives_as_one_argv_entry()
        {
            Cloud.Reseed(_f, state => state["exchangeOnPrem"][ModuleFixture.Org]["windowsHost"] = new JsonObject { ["features"] = DocumentFeaturesInstalled() });
            string setup = RecordedPrograms(NewFolder("media"), "Setup.EXE");
            var r = Runner.Run(_rs, "Install-ExchangeServer", new Dictionary<string, object>
            {
                ["SetupPath"] = setup, ["OrganizationName"] = "Contoso", ["IAcceptExchangeServerLicenseTerms"] = true,
                ["TargetDirectory"] = Hostile, ["Confirm"] = false,
            });
            Assert.True(r.Errors.Count == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
            var run = _f.Requests().OfType<JsonObject>().Single(q => ((string)q["path"] ?? "").EndsWith("/process-runs", StringComparison.Ordinal));
            Assert.Contains("/TargetDir:" + Hostile, run["parameters"]["arguments"].AsArray().Select(a => (string)a));
            Assert.False(File.Exists(Marker));
        }
    }
}
