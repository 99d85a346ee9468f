// Get-MailIntegrationConnection: this runspace's connection, or nothing when there is none (as
// Get-ConnectionInformation does). The object holds no token and no secret.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Get, "MailIntegrationConnection")]
    [OutputType(typeof(Connection))]
    public sealed class GetMailIntegrationConnectionCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            var connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            if (connection != null) WriteObject(connection.Info);
        }
    }
}
