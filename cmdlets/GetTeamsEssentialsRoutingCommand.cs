// Get-TeamsEssentialsRouting (-Mode GoogleWorkspace, Gmail or ExchangeHybrid): the routing as the tenant has it
// now — the domain type, the forwarding policy, the connector, the three rules, how many user
// mailboxes forward a copy and have Outlook on the web off, the checklist, how many steps
// Set-TeamsEssentialsRouting would still take (Gmail: security defaults, the conditional access
// policies that block POP, POP; ExchangeHybrid: the intra-organization connector and organization
// relationship) — and whether an undo record is kept. Reads only.
using System;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Get, "TeamsEssentialsRouting")]
    [OutputType("MailIntegration.TeamsEssentialsRouting")]
    public sealed class GetTeamsEssentialsRoutingCommand : TeamsEssentialsRoutingCommandBase
    {
        protected override void ProcessRecord()
        {
            var connection = Connection;
            string text = null;
            bool used = connection.TryUse(() =>
            {
                connection.Session.BeginInvocation(this, ProgressActivityId);
                try
                {
                    text = CoreSession.TeamsRoutingStatus(connection.Handle, BuildRequest());
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                {
                    if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, Target));
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_FAILED_PRECONDITION)
                {
                    WriteError(ToErrorRecord(ex, Target));
                }
                catch (MailIntegrationException ex)
                {
                    ThrowCoreError(ex, connection.Session);
                }
                finally
                {
                    connection.Session.EndInvocation();
                }
            });
            if (!used)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, Target));
            }
            if (text == null) return;
            var result = (PSObject)JsonToPSObject.Convert(Json.ParseObject(text));
            result.Properties.Remove("schemaVersion");
            result.TypeNames.Insert(0, "MailIntegration.TeamsEssentialsRouting");
            WriteObject(result);
        }
    }
}
