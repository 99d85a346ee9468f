// Set-ExchangeSplitDns (seed X10): on the Essentials server's DNS server, the primary forward zone
// named after Exchange's FQDN with the blank-name A record for its intranet address, through the
// DnsServer cmdlets of this session (or of -ComputerName). Re-runs change nothing.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeSplitDns", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class SetExchangeSplitDnsCommand : HostPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "Exchange's FQDN, e.g. mail.contoso.com")]
        public string HostName { get; set; }

        [Parameter(Mandatory = true, Position = 1, HelpMessage = "Exchange's intranet IPv4 address, e.g. 192.168.0.20")]
        public string IPAddress { get; set; }

        [Parameter(HelpMessage = "The DNS server (the Essentials server); default: this computer")]
        public string ComputerName { get; set; }

        [Parameter(HelpMessage = "Where Active Directory replicates the zone: Domain (default), Forest or Legacy")]
        [ValidateSet("Domain", "Forest", "Legacy")]
        public string ReplicationScope { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override string PlanScenario => "exchange-split-dns";
        internal override object PlanTarget => HostName;

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject { { "HostName", HostName }, { "IPAddress", IPAddress } };
            if (ComputerName != null) p.Add("ComputerName", ComputerName);
            if (ReplicationScope != null) p.Add("ReplicationScope", ReplicationScope);
            return p;
        }

        protected override void ProcessRecord() => ApplyPlan(PassThru);
    }
}
