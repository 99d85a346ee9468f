// Disconnect-MailIntegration: forgets this runspace's connection. The native connection is freed at
// once (its tokens dropped, its copies of the secrets zeroed); other runspaces keep theirs.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommunications.Disconnect, "MailIntegration")]
    [OutputType(typeof(void))]
    public sealed class DisconnectMailIntegrationCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            if (ConnectionRegistry.Remove(ConnectionRegistry.CurrentRunspace()))
                WriteVerbose("Disconnected.");
            else
                WriteVerbose("There was no connection to close in this runspace.");
        }
    }
}
