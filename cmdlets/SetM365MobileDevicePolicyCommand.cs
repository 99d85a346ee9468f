// Set-M365MobileDevicePolicy (seed M6): the mobile devices that reach Exchange Online need a
// password (-MinPasswordLength, -MaxFailedAttempts, -InactivityLockMinutes: the time without input
// before the device locks), and the device models with known security problems are blocked
// (-BlockDeviceModel). Only what differs is set.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "M365MobileDevicePolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class SetM365MobileDevicePolicyCommand : ConnectedPlanCommandBase
    {
        [Parameter(HelpMessage = "The mobile device mailbox policy; default 'Default'")]
        public string PolicyName { get; set; }

        [Parameter(HelpMessage = "$false to let devices connect without a password")]
        public bool? RequirePassword { get; set; }

        [Parameter(HelpMessage = "The password's minimum length (1-16)")]
        [ValidateRange(1, 16)]
        public int? MinPasswordLength { get; set; }

        [Parameter(HelpMessage = "Failed sign-in attempts before the device is wiped (4-16)")]
        [ValidateRange(4, 16)]
        public int? MaxFailedAttempts { get; set; }

        [Parameter(HelpMessage = "Minutes without input before the device locks and the password is asked again (1-60)")]
        [ValidateRange(1, 60)]
        public int? InactivityLockMinutes { get; set; }

        [Parameter(HelpMessage = "Device models to block, as ActiveSync reports them (e.g. iPhone8,1)")]
        public string[] BlockDeviceModel { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        internal override object Target => PolicyName ?? "Default";

        internal override string BuildRequest()
        {
            var parameters = new JsonObject();
            if (PolicyName != null) parameters["PolicyName"] = PolicyName;
            if (RequirePassword.HasValue) parameters["RequirePassword"] = RequirePassword.Value;
            if (MinPasswordLength.HasValue) parameters["MinPasswordLength"] = (long)MinPasswordLength.Value;
            if (MaxFailedAttempts.HasValue) parameters["MaxFailedAttempts"] = (long)MaxFailedAttempts.Value;
            if (InactivityLockMinutes.HasValue) parameters["InactivityLockMinutes"] = (long)InactivityLockMinutes.Value;
            if (BlockDeviceModel != null) parameters["BlockDeviceModel"] = new List<object>(BlockDeviceModel);
            return Json.Serialize(new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", "m365-mobile-policy" },
                { "parameters", parameters },
            });
        }
    }
}
