// Get-MailIntegrationRun and Resume-MailIntegrationRun (issue 9): every apply leaves a journal
// (intent before each write, outcome after); these read it back. A run that was killed, crashed or
// cancelled is resumed by planning its request again, which reads every object first, so a write
// whose outcome is unknown is found done or not done rather than repeated blindly; the new run's
// journal names the one it continues.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Get, "MailIntegrationRun")]
    [OutputType(typeof(RunInfo))]
    public sealed class GetMailIntegrationRunCommand : MailIntegrationCmdletBase
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "One run; default: every run, newest first")]
        public string RunId { get; set; }

        [Parameter(HelpMessage = "Where the journals are; default: the user's state directory")]
        public string JournalDirectory { get; set; }

        [Parameter(HelpMessage = "Only the runs in this state")]
        [ValidateSet("Completed", "Cancelled", "Interrupted", "Resumed")]
        public string Status { get; set; }

        protected override void ProcessRecord()
        {
            var doc = ReadRuns(this, RunId, JournalDirectory);
            if (doc == null) return;
            foreach (var run in (doc.GetArray("runs") ?? new List<object>()).OfType<JsonObject>().Select(RunInfo.FromJson))
                if (Status == null || string.Equals(run.Status, Status, StringComparison.OrdinalIgnoreCase)) WriteObject(run);
        }

        /// <summary>mailint_runs_list; null after writing the error (an unknown run id).</summary>
        internal static JsonObject ReadRuns(MailIntegrationCmdletBase cmdlet, string runId, string journalDirectory)
        {
            var session = cmdlet.OpenSession(null);
            try
            {
                var options = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion } };
                if (journalDirectory != null) options.Add("journalDirectory", cmdlet.ResolvePath(journalDirectory));
                if (runId != null) options.Add("runId", runId);
                return Json.ParseObject(session.ListRuns(Json.Serialize(options)));
            }
            catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_NOT_FOUND)
            {
                cmdlet.WriteError(ToErrorRecord(ex, runId));
                return null;
            }
            catch (MailIntegrationException ex)
            {
                cmdlet.ThrowCoreError(ex, session);
                return null;
            }
            finally
            {
                cmdlet.CloseSession();
            }
        }
    }

    [Cmdlet(VerbsLifecycle.Resume, "MailIntegrationRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class ResumeMailIntegrationRunCommand : MailIntegrationCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The run to continue (Get-MailIntegrationRun -Status Interrupted)")]
        [ValidateNotNullOrEmpty]
        public string RunId { get; set; }

        [Parameter(HelpMessage = "Where its journal is; default: the user's state directory")]
        public string JournalDirectory { get; set; }

        [Parameter(HelpMessage = "The secrets the run used, by the name the run gives: @{ CertPassword = (Read-Host -AsSecureString) }")]
        public Hashtable Secret { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var doc = GetMailIntegrationRunCommand.ReadRuns(this, RunId, JournalDirectory);
            if (doc == null) return;
            var run = (doc.GetArray("runs") ?? new List<object>()).OfType<JsonObject>().FirstOrDefault();
            if (run == null) return;
            string status = run.GetString("status");
            if (status == "completed")
            {
                WriteVerbose("Run " + RunId + " completed: there is nothing to resume.");
                return;
            }
            if (status == "resumed")
            {
                Refuse("run.already_resumed", ErrorCategory.InvalidOperation,
                    "Run " + RunId + " was already continued by run " + run.GetString("resumedBy") + ": resume that one if it did not complete.");
                return;
            }
            var request = run.GetObject("request");
            if (request == null)
            {
                Refuse("run.not_resumable", ErrorCategory.InvalidData,
                    "Run " + RunId + "'s journal does not hold its request (a run of an earlier version): run the cmdlet again, it changes only what differs.");
                return;
            }
            var secrets = SecretsFor(request);
            if (secrets == null) return;
            var options = new JsonObject { { "resumes", RunId }, { "journalDirectory", doc.GetString("journalDirectory") } };
            int unknown = (run.GetArray("unknownSteps") ?? new List<object>()).Count;
            WriteVerbose("Resuming run " + RunId + " (" + run.GetString("scenario") + ", " + status + ", " + unknown +
                         " write(s) without an answer): planning it again from what is there now.");

            Action<CoreSession, PlanHandle, List<PlanStep>> use = (session, plan, steps) =>
                PlanApplier.Apply(this, session, plan, steps, PassThru, null, null, options);
            if (run.GetBool("connected") == true)
            {
                var connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
                if (connection == null)
                {
                    Refuse("connection.not_connected", ErrorCategory.ConnectionError,
                        "Run " + RunId + " ran against tenant " + run.GetObject("connection")?.GetString("tenant") + ": Connect-MailIntegration to it first.");
                    return;
                }
                string tenant = run.GetObject("connection")?.GetString("tenant");
                if (!string.Equals(tenant, connection.Info.TenantId, StringComparison.OrdinalIgnoreCase))
                {
                    Refuse("run.connection_mismatch", ErrorCategory.ConnectionError,
                        "Run " + RunId + " ran against tenant " + tenant + ", this session is connected to " + connection.Info.TenantId + ": nothing was changed.");
                    return;
                }
                if (!ConnectedPlanCommandBase.PlanConnected(this, connection, Json.Serialize(request), secrets, true, RunId, use))
                    Refuse("connection.closed", ErrorCategory.ConnectionError, "The connection was closed.");
                return;
            }
            var byName = secrets.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            WithHostPlan(request.GetString("scenario"), request.GetObject("parameters") ?? new JsonObject(), byName, RunId,
                (session, plan, planDoc, steps) => use(session, plan, steps));
        }

        /// <summary>Every {"$secret": name} of the request, from -Secret; null after the error
        /// naming the ones missing.</summary>
        private List<KeyValuePair<string, SecureString>> SecretsFor(JsonObject request)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            CollectSecretNames(request, names);
            var found = new List<KeyValuePair<string, SecureString>>();
            var missing = new List<string>();
            foreach (var name in names)
            {
                object value = null;
                if (Secret != null)
                    foreach (DictionaryEntry e in Secret)
                        if (string.Equals(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase)) value = e.Value;
                if (value is PSObject pso) value = pso.BaseObject;
                if (value is SecureString s) found.Add(new KeyValuePair<string, SecureString>(name, s));
                else missing.Add(name);
            }
            if (missing.Count == 0) return found;
            Refuse("run.secret_missing", ErrorCategory.InvalidArgument,
                "Run " + RunId + " used " + string.Join(", ", missing) + ", which is never kept: give -Secret @{ " +
                string.Join("; ", missing.Select(m => m + " = (Read-Host -AsSecureString)")) + " }.");
            return null;
        }

        private static void CollectSecretNames(object value, SortedSet<string> names)
        {
            if (value is JsonObject o)
            {
                if (o.GetString("$secret") is string name) names.Add(name);
                foreach (var member in o) CollectSecretNames(member.Value, names);
            }
            else if (value is List<object> list)
            {
                foreach (var item in list) CollectSecretNames(item, names);
            }
        }

        private void Refuse(string id, ErrorCategory category, string message)
        {
            var ex = new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, id, message, (string)null);
            WriteError(new ErrorRecord(ex, id, category, RunId));
        }
    }
}
