// The cmdlets whose plans wait for public DNS to show what the administrator publishes
// (Add-M365Domain's verification TXT, Enable-M365DkimSigning's selector CNAMEs): look once, or
// wait with -Wait, asking this computer's resolvers or the ones given.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public abstract class DnsWaitPlanCommandBase : ConnectedPlanCommandBase
    {
        [Parameter(HelpMessage = "Wait until public DNS shows the records to publish (see -TimeoutSeconds) instead of looking once")]
        public SwitchParameter Wait { get; set; }

        [Parameter(HelpMessage = "With -Wait: how long to wait for the records, in seconds (default 3600)")]
        public int TimeoutSeconds { get; set; } = 3600;

        [Parameter(HelpMessage = "With -Wait: seconds between two DNS lookups (default 30)")]
        public int PollIntervalSeconds { get; set; } = 30;

        [Parameter(HelpMessage = "DNS servers to ask, as IP or IP:port (default: this computer's resolvers)")]
        public string[] DnsServer { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override bool PassThruRequested => PassThru.IsPresent;

        /// <summary>WaitTimeoutSeconds, PollIntervalSeconds and DnsServer, as the core's requests name them.</summary>
        internal void AddWaitParameters(JsonObject parameters)
        {
            parameters.Add("WaitTimeoutSeconds", Wait.IsPresent ? TimeoutSeconds : 0);
            parameters.Add("PollIntervalSeconds", PollIntervalSeconds);
            if (DnsServer != null) parameters.Add("DnsServer", new List<object>(DnsServer));
        }
    }
}
