// Set-ExchangeMailboxQuota (seed X11): the quotas the Essentials Add User wizard enforces (2 GB by
// default) on chosen mailboxes or all user mailboxes, written only where they differ. Sizes are
// typed as Exchange takes them: 2GB, "2 GB", "1.5GB", Unlimited.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeMailboxQuota", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = "Identity")]
    [OutputType(typeof(StepResult))]
    public sealed class SetExchangeMailboxQuotaCommand : HostPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Identity", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            HelpMessage = "The mailboxes, as Get-Mailbox names them (alias, address or identity)")]
        [ValidateNotNullOrEmpty]
        public string[] Identity { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "All", HelpMessage = "Every user mailbox")]
        public SwitchParameter All { get; set; }

        [Parameter(HelpMessage = "The mailbox size at which sending and receiving stop (ProhibitSendReceiveQuota); default 2GB")]
        public string Quota { get; set; }

        [Parameter(HelpMessage = "The size at which sending stops; default 95% of -Quota")]
        public string ProhibitSendQuota { get; set; }

        [Parameter(HelpMessage = "The size at which the user is warned; default 90% of -Quota")]
        public string IssueWarningQuota { get; set; }

        [Parameter(HelpMessage = "Only the mailboxes on this Exchange server")]
        public string Server { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override string PlanScenario => "exchange-mailbox-quota";
        internal override object PlanTarget => Identity;

        // Pipeline input is gathered: one plan, one Get-Mailbox listing, for all of it.
        private readonly System.Collections.Generic.List<object> _identities = new System.Collections.Generic.List<object>();

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject();
            if (All) p.Add("All", true);
            if (_identities.Count > 0) p.Add("Identity", _identities);
            if (Quota != null) p.Add("Quota", Quota);
            if (ProhibitSendQuota != null) p.Add("ProhibitSendQuota", ProhibitSendQuota);
            if (IssueWarningQuota != null) p.Add("IssueWarningQuota", IssueWarningQuota);
            if (Server != null) p.Add("Server", Server);
            return p;
        }

        protected override void ProcessRecord()
        {
            if (Identity != null) _identities.AddRange(Identity);
        }

        protected override void EndProcessing() => ApplyPlan(PassThru);
    }
}
