// Seed M6 through the real engine against the emulator: Set-M365MobileDevicePolicy, Clear-M365MobileDevice, Set-M365DistributionGroup.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using Xunit;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class M365DevicesAndGroupsTests : IDisposable
    {
        private readonly ModuleFixture _f;
        private readonly Runspace _rs;

        public M365DevicesAndGroupsTests(ModuleFixture fixture)
        {
            _f = fixture;
            _f.Reset();
            _rs = _f.NewRunspace();
            Cloud.Connect(_f, _rs);
        }

        public void Dispose() => _rs.Dispose();

        private int Writes() => _f.Requests().Count(r => (bool?)r["write"] == true);

        [Fact]
        public void Policy_and_blocked_models_applied_once()
        {
            var args = new Dictionary<string, object>
            {
                ["MinPasswordLength"] = 6, ["MaxFailedAttempts"] = 8, ["InactivityLockMinutes"] = 15,
                ["BlockDeviceModel"] = new[] { "iPhone8,1", "SM-G930F" },
            };
            _f.ResetCounters();
            var whatIf = Runner.Run(_rs, "Set-M365MobileDevicePolicy", new Dictionary<string, object>(args) { ["WhatIf"] = true });
            Assert.Null(whatIf.Terminating);
            Assert.Equal(0, Writes());
            var set = Runner.Run(_rs, "Set-M365MobileDevicePolicy", new Dictionary<string, object>(args) { ["Confirm"] = false, ["PassThru"] = true });
            Assert.Null(set.Terminating);
            Assert.Empty(set.Errors);
            Assert.Equal(3, Writes());
            var exo = _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant];
            var policy = exo["mobileDeviceMailboxPolicies"][0];
            Assert.True((bool)policy["PasswordEnabled"]);
            Assert.Equal(6, (int)policy["MinPasswordLength"]);
            Assert.Equal("00:15:00", (string)policy["MaxInactivityTimeLock"]);
            Assert.Equal(2, exo["activeSyncDeviceAccessRules"].AsArray().Count);

            _f.ResetCounters();
            var again = Runner.Run(_rs, "Set-M365MobileDevicePolicy", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Empty(again.Errors);
            Assert.Equal(0, Writes());

            var bad = Runner.Run(_rs, "Set-M365MobileDevicePolicy", new Dictionary<string, object> { ["MinPasswordLength"] = 40 });
            Assert.NotNull(bad.Terminating);  // ValidateRange: refused by the binder, nothing sent
            Assert.Equal(0, Writes());
        }

        [Fact]
        public void A_lost_device_is_wiped_once()
        {
            Cloud.Reseed(_f, state =>
            {
                state["exchangeOnline"][Cloud.Tenant]["mobileDevices"] = System.Text.Json.Nodes.JsonNode.Parse(
                    "[{\"Identity\":\"AlexW\\\\ExchangeActiveSyncDevices\\\\iPhone§ApplF2LX\",\"DeviceId\":\"ApplF2LX\",\"DeviceModel\":\"iPhone8,1\"," +
                    "\"FriendlyName\":\"Alex's phone\",\"UserDisplayName\":\"Alex Wilber\",\"Mailbox\":\"AlexW\"}," +
                    "{\"Identity\":\"MeganB\\\\ExchangeActiveSyncDevices\\\\Android§3C9D\",\"DeviceId\":\"3C9D\",\"DeviceModel\":\"SM-G930F\"," +
                    "\"FriendlyName\":\"Megan's phone\",\"UserDisplayName\":\"Megan Bowen\",\"Mailbox\":\"MeganB\"}]");
            });
            using var rs = _f.NewRunspace();
            Cloud.Connect(_f, rs);
            _f.ResetCounters();
            var whatIf = Runner.Run(rs, "Clear-M365MobileDevice", new Dictionary<string, object> { ["Identity"] = new[] { "ApplF2LX" }, ["WhatIf"] = true });
            Assert.Null(whatIf.Terminating);
            Assert.Equal(0, Writes());
            var wipe = Runner.Run(rs, "Clear-M365MobileDevice", new Dictionary<string, object> { ["Identity"] = new[] { "ApplF2LX" }, ["Confirm"] = false });
            Assert.Empty(wipe.Errors);
            Assert.Equal(1, Writes());
            var devices = _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["mobileDevices"].AsArray();
            Assert.Equal("DeviceWipePending", (string)devices[0]["Status"]);
            Assert.Equal("DeviceOk", (string)devices[1]["Status"]);
            _f.ResetCounters();
            Runner.Run(rs, "Clear-M365MobileDevice", new Dictionary<string, object> { ["Identity"] = new[] { "ApplF2LX" }, ["Confirm"] = false });
            Assert.Equal(0, Writes());
            var missing = Runner.Run(rs, "Clear-M365MobileDevice", new Dictionary<string, object> { ["Identity"] = new[] { "NoSuchDevice" }, ["Confirm"] = false });
            Assert.Contains("m365.wipe.device_not_found,MailIntegration.Commands.ClearM365MobileDeviceCommand", missing.ErrorIds);
        }

        [Fact]
        public void A_distribution_group_gets_the_local_groups_members_once()
        {
            string csv = System.IO.Path.Combine(_f.TempDir, "sales-" + Guid.NewGuid().ToString("N") + ".csv");
            System.IO.File.WriteAllText(csv, "SamAccountName,Mail\r\nalexw,AlexW@contoso.onmicrosoft.com\r\nmeganb,MeganB@contoso.onmicrosoft.com\r\n");
            var args = new Dictionary<string, object> { ["Name"] = "Sales", ["PrimarySmtpAddress"] = "sales@contoso.onmicrosoft.com", ["MembersCsvPath"] = csv };
            _f.ResetCounters();
            var made = Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>(args) { ["Confirm"] = false });
            Assert.Empty(made.Errors);
            Assert.Equal(1, Writes());
            var group = _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["distributionGroups"][0];
            Assert.Equal(2, group["Members"].AsArray().Count);
            _f.ResetCounters();
            Assert.Empty(Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>(args) { ["Confirm"] = false }).Errors);
            Assert.Equal(0, Writes());
            // A third member joins the local group: one write, the others kept.
            System.IO.File.AppendAllText(csv, "leeg,LeeG@contoso.onmicrosoft.com\r\n");
            _f.ResetCounters();
            Assert.Empty(Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>(args) { ["Confirm"] = false }).Errors);
            Assert.Equal(1, Writes());
            Assert.Equal(3, _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["distributionGroups"][0]["Members"].AsArray().Count);
            // A member Exchange Online does not know: reported as an object and a results line, the others added.
            string results = System.IO.Path.Combine(_f.TempDir, "sales-results-" + Guid.NewGuid().ToString("N") + ".csv");
            System.IO.File.AppendAllText(csv, "ghost,ghost@contoso.onmicrosoft.com\r\nadelev,AdeleV@contoso.onmicrosoft.com\r\n");
            var partial = Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object>(args) { ["Confirm"] = false, ["ResultsPath"] = results });
            var failed = partial.Output.Where(o => o.BaseObject.GetType().Name == "AccountResult").ToList();
            Assert.Single(failed);
            Assert.Equal("ghost@contoso.onmicrosoft.com", (string)failed[0].Properties["Item"].Value);
            Assert.Equal(2, System.IO.File.ReadAllLines(results).Length);
            Assert.Equal(4, _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["distributionGroups"][0]["Members"].AsArray().Count);
            var bad = Runner.Run(_rs, "Set-M365DistributionGroup", new Dictionary<string, object> { ["Name"] = "Sales", ["Members"] = new[] { "not an address" } });
            Assert.Contains("m365.group.member_malformed,MailIntegration.Commands.SetM365DistributionGroupCommand", bad.ErrorIds);
        }
        [Fact]
        public void A_distribution_group_from_a_local_group_read_through_the_host_session()
        {
            Cloud.Reseed(_f, state =>
            {
                state["activeDirectory"] = System.Text.Json.Nodes.JsonNode.Parse(
                    "{\"users\":[{\"SamAccountName\":\"adele\",\"mail\":\"AdeleV@contoso.onmicrosoft.com\"}," +
                    "{\"SamAccountName\":\"lee\",\"UserPrincipalName\":\"LeeG@contoso.onmicrosoft.com\"},{\"SamAccountName\":\"noaddr\"}]," +
                    "\"groups\":[{\"Name\":\"Marketing\",\"Members\":[\"adele\",\"lee\",\"noaddr\"]}]}");
            });
            using var rs = _f.NewRunspace();
            Cloud.Connect(_f, rs);
            var args = new Dictionary<string, object> { ["Name"] = "Marketing", ["LocalGroup"] = "Marketing", ["Confirm"] = false };
            _f.ResetCounters();
            var made = Runner.Run(rs, "Set-M365DistributionGroup", args);
            Assert.Empty(made.Errors);
            Assert.Contains(made.Warnings, w => w.Message.Contains("noaddr", StringComparison.Ordinal));
            Assert.Contains(_f.Requests(), r => (string)r["cmdlet"] == "Get-ADGroupMember");
            var members = _f.GetJson("control/state")["exchangeOnline"][Cloud.Tenant]["distributionGroups"][0]["Members"].AsArray().Select(m => (string)m).ToList();
            Assert.Equal(new[] { "adelev@contoso.onmicrosoft.com", "leeg@contoso.onmicrosoft.com" }, members);
            _f.ResetCounters();
            Assert.Empty(Runner.Run(rs, "Set-M365DistributionGroup", args).Errors);
            Assert.Equal(0, Writes());
        }
    }
}
