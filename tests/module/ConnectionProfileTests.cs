// Saved connections (seed M2): Connect-MailIntegration -SaveProfile keeps how to sign in and never
// the secret; -Profile connects with it (the secret given again), Get-MailIntegrationConnection
// -ListProfile shows them, Disable-M365Integration removes them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using Xunit;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ConnectionProfileTests : IDisposable
    {
        private readonly ModuleFixture _f;
        private readonly Runspace _rs;
        private readonly string _state;

        public ConnectionProfileTests(ModuleFixture fixture)
        {
            _f = fixture;
            _f.Reset();
            _rs = _f.NewRunspace();
            _state = Path.Combine(_f.TempDir, "profiles-" + Guid.NewGuid().ToString("N"));
        }

        public void Dispose() => _rs.Dispose();

        [Fact]
        public void A_saved_profile_keeps_no_secret_connects_again_and_goes_with_Disable()
        {
            var save = Cloud.SecretArgs(_f);
            save["SaveProfile"] = "Admin";
            save["StateDirectory"] = _state;
            var saved = Runner.Run(_rs, "Connect-MailIntegration", save);
            Assert.Null(saved.Terminating);
            Assert.Empty(saved.Errors);
            string file = Path.Combine(_state, "profiles", "Admin.json");
            Assert.True(File.Exists(file));
            Cloud.AssertNoLeak(File.ReadAllText(file), Cloud.Secret);
            Assert.Contains("\"credentialKind\": \"clientSecret\"", File.ReadAllText(file));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

            using var other = _f.NewRunspace();
            var noSecret = Runner.Run(other, "Connect-MailIntegration", new Dictionary<string, object> { ["Profile"] = "Admin", ["StateDirectory"] = _state });
            Assert.NotNull(noSecret.Terminating);
            Assert.Contains("connection.profile.secret_needed", noSecret.AllText());
            var again = Runner.Run(other, "Connect-MailIntegration", new Dictionary<string, object>
            {
                ["Profile"] = "Admin", ["StateDirectory"] = _state, ["ClientSecret"] = ModuleFixture.Secure(Cloud.Secret),
            });
            Assert.Null(again.Terminating);
            var current = Runner.Run(other, "Get-MailIntegrationConnection", null).Output.Single();
            Assert.Equal(Cloud.Tenant, (string)current.Properties["TenantId"].Value);
            Assert.Equal(Cloud.Client, (string)current.Properties["ClientId"].Value);

            var listed = Runner.Run(other, "Get-MailIntegrationConnection", new Dictionary<string, object> { ["ListProfile"] = true, ["StateDirectory"] = _state });
            var profile = listed.Output.Single();
            Assert.Equal("Admin", (string)profile.Properties["name"].Value);
            Assert.Equal(Cloud.Tenant, (string)profile.Properties["tenantId"].Value);
            Cloud.AssertNoLeak(saved.AllText() + again.AllText() + listed.AllText(), Cloud.Secret);

            var bad = Runner.Run(other, "Connect-MailIntegration", new Dictionary<string, object> { ["Profile"] = "../escape", ["StateDirectory"] = _state });
            Assert.Contains("connection.profile.name_invalid", bad.AllText());

            var disabled = Runner.Run(other, "Disable-M365Integration", new Dictionary<string, object> { ["StateDirectory"] = _state, ["Confirm"] = false });
            Assert.Empty(disabled.Errors);
            Assert.False(File.Exists(file));
            var gone = Runner.Run(other, "Connect-MailIntegration", new Dictionary<string, object>
            {
                ["Profile"] = "Admin", ["StateDirectory"] = _state, ["ClientSecret"] = ModuleFixture.Secure(Cloud.Secret),
            });
            Assert.Contains("connection.profile.not_found", gone.AllText());
        }
    }
}
