// Enable-M365DkimSigning (seed T2): DKIM signing by Exchange Online for a custom domain, done in
// the order Exchange Online accepts: the signing configuration is created disabled, its two
// selector CNAMEs are shown, public DNS is watched until both appear, and only then is signing
// enabled. Planned through the runspace's connection; a converged run reads and writes nothing.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsLifecycle.Enable, "M365DkimSigning", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class EnableM365DkimSigningCommand : DnsWaitPlanCommandBase
    {
        internal const string Scenario = "m365-dkim";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The accepted domain to sign, e.g. contoso.com")]
        [Alias("Name")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "Key size of a configuration not made yet: 2048 (default) or 1024 bits")]
        [ValidateSet("1024", "2048")]
        public string KeySize { get; set; } = "2048";

        internal override object Target => DomainName;

        internal override string BuildRequest()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
                { "KeySize", int.Parse(KeySize, System.Globalization.CultureInfo.InvariantCulture) },
            };
            AddWaitParameters(parameters);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
                { "parameters", parameters },
            });
        }
    }
}
