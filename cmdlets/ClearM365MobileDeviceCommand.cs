// Clear-M365MobileDevice (seed M6): a lost or stolen device is wiped the next time it connects —
// every device named (-Identity, as Get-MobileDevice shows them) or every device of -Mailbox. A
// device already waiting for its wipe is left alone. ConfirmImpact High: the device's data is erased.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Clear, "M365MobileDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Identity")]
    [OutputType(typeof(StepResult))]
    public sealed class ClearM365MobileDeviceCommand : ConnectedPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Identity", ValueFromPipelineByPropertyName = true,
                   HelpMessage = "The devices, by identity or device id (Get-MobileDevice)")]
        public string[] Identity { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Mailbox", HelpMessage = "Wipe every device of this mailbox")]
        public string Mailbox { get; set; }

        [Parameter(HelpMessage = "Addresses told when the wipe is done")]
        public string[] NotificationEmailAddresses { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        internal override object Target => (object)Mailbox ?? string.Join(", ", Identity ?? new string[0]);

        internal override string BuildRequest()
        {
            var parameters = new JsonObject();
            if (Identity != null) parameters["Identity"] = new List<object>(Identity);
            if (Mailbox != null) parameters["Mailbox"] = Mailbox;
            if (NotificationEmailAddresses != null) parameters["NotificationEmailAddresses"] = new List<object>(NotificationEmailAddresses);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "m365-device-wipe" },
                { "parameters", parameters },
            });
        }
    }
}
