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

        /// <summary>A path the user gave, resolved against the current PowerShell location.</summary>
        internal string ResolvePath(string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            try { return GetUnresolvedProviderPathFromPSPath(path); }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException ||
                                       ex is ProviderNotFoundException || ex is NotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ArgumentException)
            {
                return path;
            }
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

        /// <summary>Builds the plan of <paramref name="scenario"/> through this runspace (host session)
        /// and the process transport, bad input written as error records and nothing read, and hands
        /// it to <paramref name="use"/> (not called when there is no plan); the session is closed
        /// afterwards. Returns false when no plan was built.</summary>
        internal bool WithHostPlan(string scenario, JsonObject parameters, Dictionary<string, SecureString> secrets, object target,
            Action<CoreSession, PlanHandle, JsonObject, List<PlanStep>> use, Action<MailIntegrationException> onPrecondition = null)
        {
            var session = OpenSession(null);
            try
            {
                session.BeginInvocation(this, ProgressActivityId);
                secrets = secrets ?? new Dictionary<string, SecureString>(StringComparer.Ordinal);
                foreach (var s in secrets) session.SetSecret(s.Key, s.Value);
                session.SetHost(new HostSessionBridge(this, secrets));
                string request = Json.Serialize(new JsonObject
                {
                    { "schemaVersion", NativeMethods.SchemaVersion },
                    { "scenario", scenario },
                    { "parameters", parameters },
                });
                PlanHandle plan;
                try
                {
                    plan = session.BuildPlan(request);
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                {
                    if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, target));
                    return false;
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_FAILED_PRECONDITION)
                {
                    if (onPrecondition != null) onPrecondition(ex);
                    else WriteError(ToErrorRecord(ex, target));
                    return false;
                }
                catch (MailIntegrationException ex)
                {
                    ThrowCoreError(ex, session);
                    return false;
                }
                using (var ready = ReadPlan(session, plan, out var planDoc, out var steps))
                {
                    if (ready == null) return false;
                    use(session, ready, planDoc, steps);
                    return true;
                }
            }
            finally
            {
                session.ClearHost();
                session.EndInvocation();
                CloseSession();
            }
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

        internal const string ScriptSet = "Script";
        internal const string FullSet = "Full";

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, HelpMessage = "The path to your Certificate file, must be a *.pfx format")]
        public string CertPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, HelpMessage = "The password of your cert")]
        [Parameter(ParameterSetName = FullSet, HelpMessage = "The password of the .pfx the configuration names (stages X5 and X9)")]
        public SecureString CertPassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, HelpMessage = "Domain Name, eg. contoso.com")]
        public string DomainName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, HelpMessage = "Server IP Address, eg. 192.168.0.1")]
        public string ServerIpAddress { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ScriptSet, HelpMessage = "Internal Ip Range, eg. 192.168.0.0-192.168.0.255")]
        public string InternalIpRange { get; set; }

        [Parameter(ParameterSetName = ScriptSet, HelpMessage = "The Exchange server the connectors belong to; default: this computer's name")]
        public string Server { get; set; }

        [Parameter(ParameterSetName = ScriptSet, HelpMessage = "The name of the accepted domain; default: the domain name")]
        public string AcceptedDomainName { get; set; }

        [Parameter(HelpMessage = "Where the run journal is written; default: the user's state directory")]
        public string JournalDirectory { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FullSet, HelpMessage = "Run the whole document (X1 to X12) from -ConfigurationPath, stage by stage")]
        public SwitchParameter Full { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FullSet, HelpMessage = "The JSON file with one section per stage (Setup, Configure, ReverseProxy, …)")]
        public string ConfigurationPath { get; set; }

        [Parameter(ParameterSetName = FullSet, HelpMessage = "Only these stages, e.g. X9,X10 on the Essentials server")]
        [ValidateNotNullOrEmpty]
        public string[] Stage { get; set; }

        internal string ResolvedCertPath() => ResolvePath(CertPath);

        internal string ResolvedJournalDirectory() => string.IsNullOrEmpty(JournalDirectory) ? null : ResolvePath(JournalDirectory);

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
