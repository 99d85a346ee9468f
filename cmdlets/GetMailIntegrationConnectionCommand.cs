// Get-MailIntegrationConnection: this runspace's connection — which tenant, app and account the
// integration uses — or nothing when there is none (as Get-ConnectionInformation does); with
// -ListProfile the saved connections (Connect-MailIntegration -SaveProfile). Neither holds a token
// or a secret.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Get, "MailIntegrationConnection", DefaultParameterSetName = "Current")]
    [OutputType(typeof(Connection), typeof(PSObject))]
    public sealed class GetMailIntegrationConnectionCommand : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, ParameterSetName = "Profiles", HelpMessage = "List the saved connections instead")]
        public SwitchParameter ListProfile { get; set; }

        [Parameter(ParameterSetName = "Profiles", HelpMessage = "Where saved profiles are kept; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        protected override void ProcessRecord()
        {
            if (!ListProfile)
            {
                var connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
                if (connection != null) WriteObject(connection.Info);
                return;
            }
            var session = OpenSession(null);
            try
            {
                var options = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion } };
                if (StateDirectory != null) options["stateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
                var profiles = Json.ParseObject(session.ListProfiles(Json.Serialize(options))).GetArray("profiles") ?? new List<object>();
                foreach (var p in profiles.OfType<JsonObject>())
                {
                    var o = (PSObject)JsonToPSObject.Convert(p);
                    o.TypeNames.Insert(0, "MailIntegration.ConnectionProfile");
                    WriteObject(o);
                }
            }
            catch (MailIntegrationException ex)
            {
                WriteError(ToErrorRecord(ex, StateDirectory));
            }
            finally
            {
                CloseSession();
            }
        }
    }
}
