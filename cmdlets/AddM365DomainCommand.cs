// Add-M365Domain (seeds M1, M3, T2): links a custom domain to the connected tenant, waits for the
// verification record in public DNS, verifies the domain, marks its services and, with -SetDefault,
// makes it the default. Planned first through the runspace's connection, each change confirmed
// through ShouldProcess; a second run over a converged tenant reads and writes nothing.
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Add, "M365Domain", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class AddM365DomainCommand : DnsWaitPlanCommandBase
    {
        internal const string Scenario = "m365-domain";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The custom domain to link, e.g. contoso.com")]
        [Alias("Name")]
        public string DomainName { get; set; }

        [Parameter(HelpMessage = "Make the domain the tenant's default once it is verified")]
        public SwitchParameter SetDefault { get; set; }

        [Parameter(HelpMessage = "Services to turn on for the domain (Email, OfficeCommunicationsOnline, Yammer); default: Email. Services already on are kept")]
        public string[] SupportedServices { get; set; }

        [Parameter(HelpMessage = "Allow a subdomain such as marketing.contoso.com (the Essentials procedure links second-level domains only)")]
        public SwitchParameter AllowSubdomain { get; set; }

        internal override object Target => DomainName;

        internal override string BuildRequest()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
                { "SetDefault", SetDefault.IsPresent },
                { "AllowSubdomain", AllowSubdomain.IsPresent },
            };
            if (SupportedServices != null) parameters.Add("SupportedServices", new List<object>(SupportedServices));
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
