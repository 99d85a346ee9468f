// Get-ExchangePortForward and Test-ExchangePortForward (seed X7): the router's port forwards for an
// Essentials network with Exchange on a second server, and a TCP check of each forwarded port from
// where the cmdlet runs (outside the network it proves the router, inside the servers), with a
// verdict per port. Local work only: no service is contacted but the ports themselves.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Get, "ExchangePortForward")]
    [OutputType(typeof(PSObject))]
    public sealed class GetExchangePortForwardCommand : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The Exchange server's internal address, e.g. 192.168.0.20")]
        public string ExchangeServerIpAddress { get; set; }

        [Parameter(Mandatory = true, Position = 1, HelpMessage = "The Essentials server's internal address, e.g. 192.168.0.10")]
        public string EssentialsServerIpAddress { get; set; }

        [Parameter(HelpMessage = "Add the POP3 forward (995; 110 with -IncludeUnencrypted)")]
        public SwitchParameter IncludePop3 { get; set; }

        [Parameter(HelpMessage = "Add the IMAP forward (993; 143 with -IncludeUnencrypted)")]
        public SwitchParameter IncludeImap { get; set; }

        [Parameter(HelpMessage = "With POP3/IMAP: also the ports without TLS")]
        public SwitchParameter IncludeUnencrypted { get; set; }

        protected override void ProcessRecord()
        {
            var parameters = new JsonObject
            {
                { "ExchangeServerIpAddress", ExchangeServerIpAddress },
                { "EssentialsServerIpAddress", EssentialsServerIpAddress },
                { "IncludePop3", IncludePop3.IsPresent },
                { "IncludeImap", IncludeImap.IsPresent },
                { "IncludeUnencrypted", IncludeUnencrypted.IsPresent },
            };
            foreach (var o in PortForwardRunner.Run(this, parameters, false, "forwards"))
            {
                o.TypeNames.Insert(0, "MailIntegration.PortForward");
                WriteObject(o);
            }
        }
    }

    [Cmdlet(VerbsDiagnostic.Test, "ExchangePortForward")]
    [OutputType(typeof(PSObject), typeof(bool))]
    public sealed class TestExchangePortForwardCommand : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The router's public address or the mail host name, e.g. mail.contoso.com")]
        public string PublicAddress { get; set; }

        [Parameter(HelpMessage = "The ports to try; default the forwards of Get-ExchangePortForward (25, 80, 443, and POP3/IMAP when asked)")]
        [ValidateRange(1, 65535)]
        public int[] Port { get; set; }

        [Parameter(HelpMessage = "Try the POP3 forward too")]
        public SwitchParameter IncludePop3 { get; set; }

        [Parameter(HelpMessage = "Try the IMAP forward too")]
        public SwitchParameter IncludeImap { get; set; }

        [Parameter(HelpMessage = "With POP3/IMAP: also the ports without TLS")]
        public SwitchParameter IncludeUnencrypted { get; set; }

        [Parameter(HelpMessage = "Seconds to wait for each port (0.1-60; default 5)")]
        [ValidateRange(0.1, 60)]
        public double TimeoutSeconds { get; set; } = 5;

        [Parameter(HelpMessage = "Return only $true when every port is open")]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var parameters = new JsonObject
            {
                { "PublicAddress", PublicAddress },
                { "IncludePop3", IncludePop3.IsPresent },
                { "IncludeImap", IncludeImap.IsPresent },
                { "IncludeUnencrypted", IncludeUnencrypted.IsPresent },
                { "TimeoutMilliseconds", (long)(TimeoutSeconds * 1000) },
            };
            if (Port != null) parameters["Ports"] = Port.Select(p => (object)(long)p).ToList();
            var checks = PortForwardRunner.Run(this, parameters, true, "checks");
            if (Quiet)
            {
                WriteObject(checks.Count > 0 && checks.All(c => (string)c.Properties["status"].Value == "Open"));
                return;
            }
            foreach (var o in checks)
            {
                o.TypeNames.Insert(0, "MailIntegration.PortForwardCheck");
                WriteObject(o);
            }
        }
    }

    internal static class PortForwardRunner
    {
        internal static List<PSObject> Run(MailIntegrationCmdletBase cmdlet, JsonObject parameters, bool test, string member)
        {
            var session = cmdlet.OpenSession(null);
            try
            {
                var request = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion }, { "parameters", parameters } };
                var result = Json.ParseObject(session.PortForward(Json.Serialize(request), test));
                return (result.GetArray(member) ?? new List<object>()).OfType<JsonObject>().Select(o => (PSObject)JsonToPSObject.Convert(o)).ToList();
            }
            catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
            {
                if (cmdlet.WriteDiagnostics(ex.Diagnostics) == 0) cmdlet.WriteError(MailIntegrationCmdletBase.ToErrorRecord(ex, null));
                return new List<PSObject>();
            }
            catch (MailIntegrationException ex)
            {
                cmdlet.ThrowCoreError(ex, session);
                return new List<PSObject>();
            }
            finally
            {
                cmdlet.CloseSession();
            }
        }
    }
}
