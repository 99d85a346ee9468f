// Parameters and plumbing shared by Set-ExchangeIntegration and Test-ExchangeIntegration (seed X5,
// the original ConfigureExchange.ps1). No domain rule lives here: the core validates everything.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    public abstract class MailIntegrationCmdletBase : PSCmdlet
    {
        internal const int ProgressActivityId = 0x4D49;
        private CoreSession _session;

        protected override void StopProcessing()
        {
            _session?.Stop();
        }

        internal CoreSession OpenSession(string journalDirectory)
        {
            try
            {
                _session = CoreSession.Create(journalDirectory);
                return _session;
            }
            catch (MailIntegrationException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex, null));
                return null;
            }
        }

        internal void CloseSession()
        {
            var s = _session;
            _session = null;
            s?.Dispose();
        }

        internal static ErrorRecord ToErrorRecord(MailIntegrationException ex, object target) =>
            new ErrorRecord(ex, ex.ErrorId, ex.Category, target);

        /// <summary>A failure of the core: stop the pipeline when the user did, else a terminating error.</summary>
        internal void ThrowCoreError(MailIntegrationException ex, CoreSession session)
        {
            if (ex.Code == NativeMethods.MAILINT_E_CANCELLED && session != null && session.Stopping)
                throw new PipelineStoppedException();
            ThrowTerminatingError(ToErrorRecord(ex, null));
        }

        /// <summary>Writes every diagnostic: errors as error records, warnings as warnings.
        /// Returns the number of errors.</summary>
        internal int WriteDiagnostics(IEnumerable<Diagnostic> diagnostics)
        {
            int errors = 0;
            foreach (var d in diagnostics)
            {
                if (d.IsError)
                {
                    errors++;
                    var ex = new MailIntegrationException(NativeMethods.MAILINT_E_INVALID_ARGUMENT, d.Id, d.Message, (string)null);
                    WriteError(new ErrorRecord(ex, d.Id, ErrorCategory.InvalidArgument, d.Target));
                }
                else if (d.IsWarning)
                {
                    WriteWarning(d.Message + " (" + d.Id + ")");
                }
                else
                {
                    WriteVerbose(d.Message + " (" + d.Id + ")");
                }
            }
            return errors;
        }

        internal static IEnumerable<Diagnostic> DiagnosticsOf(JsonObject doc) =>
            (doc.GetArray("diagnostics") ?? new List<object>()).OfType<JsonObject>().Select(Diagnostic.From);

        /// <summary>The plan's document and steps, its warnings written; the plan back, or null
        /// (disposed) after a terminating error.</summary>
        internal PlanHandle ReadPlan(CoreSession session, PlanHandle plan, out JsonObject planDoc, out List<PlanStep> steps)
        {
            planDoc = null;
            steps = null;
            try
            {
                planDoc = Json.ParseObject(CoreSession.RenderPlan(plan, NativeMethods.MAILINT_RENDER_JSON));
            }
            catch (MailIntegrationException ex)
            {
                plan.Dispose();
                ThrowCoreError(ex, session);
                return null;
            }
            steps = (planDoc.GetArray("steps") ?? new List<object>()).OfType<JsonObject>().Select(PlanStep.FromJson).ToList();
            WriteDiagnostics(DiagnosticsOf(planDoc));
            return plan;
        }
    }

    public abstract class ExchangeIntegrationCommandBase : MailIntegrationCmdletBase
    {
        internal const string Scenario = "exchange-onprem";
        internal const string CertPasswordSecret = "CertPassword";

        [Parameter(Mandatory = true, HelpMessage = "The path to your Certificate file, must be a *.pfx format")]
        public string CertPath { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "The password of your cert")]
        public SecureString CertPassword { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "Domain Name, eg. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "Server IP Address, eg. 192.168.0.1")]
        public string ServerIpAddress { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "Internal Ip Range, eg. 192.168.0.0-192.168.0.255")]
        public string InternalIpRange { get; set; }

        [Parameter(HelpMessage = "The Exchange server the connectors belong to; default: this computer's name")]
        public string Server { get; set; }

        [Parameter(HelpMessage = "The name of the accepted domain; default: the domain name")]
        public string AcceptedDomainName { get; set; }

        [Parameter(HelpMessage = "Where the run journal is written; default: the user's state directory")]
        public string JournalDirectory { get; set; }

        internal string ResolvedCertPath()
        {
            if (string.IsNullOrEmpty(CertPath)) return CertPath;
            try
            {
                return GetUnresolvedProviderPathFromPSPath(CertPath);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException ||
                                       ex is ProviderNotFoundException || ex is NotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ArgumentException)
            {
                return CertPath;
            }
        }

        internal string ResolvedJournalDirectory()
        {
            if (string.IsNullOrEmpty(JournalDirectory)) return null;
            try { return GetUnresolvedProviderPathFromPSPath(JournalDirectory); }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException ||
                                       ex is ProviderNotFoundException || ex is NotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ArgumentException)
            {
                return JournalDirectory;
            }
        }

        /// <summary>{"schemaVersion":1,"scenario":"exchange-onprem","parameters":{...}}; the password
        /// only as a reference to the session's secret.</summary>
        internal string BuildRequest()
        {
            var parameters = new JsonObject
            {
                { "DomainName", DomainName },
                { "CertPath", ResolvedCertPath() },
            };
            if (CertPassword != null) parameters.Add("CertPassword", new JsonObject { { "$secret", CertPasswordSecret } });
            parameters.Add("ServerIpAddress", ServerIpAddress);
            parameters.Add("InternalIpRange", InternalIpRange);
            parameters.Add("Server", MyInvocation.BoundParameters.ContainsKey(nameof(Server)) ? Server : Environment.MachineName);
            if (AcceptedDomainName != null) parameters.Add("AcceptedDomainName", AcceptedDomainName);
            var request = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "scenario", Scenario },
                { "parameters", parameters },
            };
            return Json.Serialize(request);
        }

        /// <summary>Opens a session wired to this runspace, builds the plan and returns it with its
        /// rendered document; null after writing the validation errors.</summary>
        internal PlanHandle BuildPlan(CoreSession session, out JsonObject planDoc, out List<PlanStep> steps)
        {
            planDoc = null;
            steps = null;
            var secrets = new Dictionary<string, SecureString>(StringComparer.Ordinal);
            if (CertPassword != null) secrets[CertPasswordSecret] = CertPassword;

            PlanHandle plan;
            try
            {
                session.SetSecret(CertPasswordSecret, CertPassword);
                session.SetHost(new HostSessionBridge(this, secrets));
                session.SetProgress(this, ProgressActivityId);
                plan = session.BuildPlan(BuildRequest());
            }
            catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
            {
                if (WriteDiagnostics(ex.Diagnostics) == 0)
                {
                    WriteError(ToErrorRecord(ex, null));
                }
                return null;
            }
            catch (MailIntegrationException ex)
            {
                ThrowCoreError(ex, session);
                return null;
            }

            return ReadPlan(session, plan, out planDoc, out steps);
        }
    }
}
