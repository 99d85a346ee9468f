// Set-/Test-ExchangeIntegration -Full: the whole of seeds/exchange-onprem-essentials from one
// configuration file. The core orders and validates the stages (blueprint/exchange_runbook.h);
// here each ready stage is planned through this runspace and applied before the next is planned
// (setup cannot be planned before its Windows features exist). The first failed stage stops the
// run; every stage ends as one RunbookStageResult, the manual ones with what to do by hand.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    internal static class ExchangeRunbook
    {
        private const int ProgressId = MailIntegrationCmdletBase.ProgressActivityId + 1;

        // Failed, Blocked: the run stops there (Set-) or goes on to show the rest (Test-).
        /// <summary>Returns the stage results; null when the configuration was refused (errors written).</summary>
        internal static List<RunbookStageResult> Run(ExchangeIntegrationCommandBase cmdlet, bool apply, bool passThru)
        {
            var secrets = new Dictionary<string, SecureString>(StringComparer.Ordinal);
            if (cmdlet.CertPassword != null) secrets[ExchangeIntegrationCommandBase.CertPasswordSecret] = cmdlet.CertPassword;

            var stages = ReadStages(cmdlet, secrets);
            if (stages == null) return null;

            bool whatIf = cmdlet.MyInvocation.BoundParameters.ContainsKey("WhatIf");
            var results = new List<RunbookStageResult>();
            string failedAt = null;
            // Planned, not applied (Test-, -WhatIf): once a stage would change something, a later one
            // may not be plannable yet (setup before its features exist); that is said, not an error.
            bool dryRun = !apply || whatIf, earlierWouldChange = false;
            for (int i = 0; i < stages.Count; i++)
            {
                var stage = stages[i];
                var result = new RunbookStageResult
                {
                    Stage = stage.GetString("code"),
                    Title = stage.GetString("title"),
                    RunsOn = stage.GetString("runsOn"),
                    Reason = NullIfEmpty(stage.GetString("reason")),
                    Instructions = new string[0],
                };
                results.Add(result);
                string status = stage.GetString("status");
                if (status != "ready")
                {
                    result.Status = status == "waiting" ? "Waiting" : status == "skipped" ? "Skipped" : "NotConfigured";
                    continue;
                }
                if (failedAt != null)
                {
                    result.Status = "NotRun";
                    result.Reason = "stage " + failedAt + " did not complete";
                    continue;
                }
                cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Exchange integration, the whole document",
                    result.Stage + " " + result.Title + " (" + result.RunsOn + ")")
                { PercentComplete = i * 100 / stages.Count });
                cmdlet.WriteVerbose("Stage " + result.Stage + ": " + result.Title + ", on the " + result.RunsOn + ".");

                bool failed = false, blocked = false, pending = false, byHand = stage.GetBool("manual") == true;
                var instructions = new List<string>();
                bool planned = cmdlet.WithHostPlan(stage.GetString("scenario"), stage.GetObject("parameters"), secrets, result.Stage,
                    (session, plan, doc, steps) =>
                    {
                        result.Changes = steps.Count(s => !s.IsNoop && !IsManual(s));
                        foreach (var m in steps.Where(IsManual))
                        {
                            instructions.Add(m.Description);
                            if (m.Notes != null) instructions.AddRange(m.Notes.Select(n => "  " + n));
                        }
                        // A step by hand inside a stage the module runs is something to fix first (a failed
                        // prerequisite, a feature missing from the media): nothing of that stage is applied.
                        blocked = !byHand && instructions.Count > 0;
                        if (apply && !blocked) PlanApplier.Apply(cmdlet, session, plan, steps, passThru, null, (step, r) => failed = true);
                        else session.CompleteProgress();
                    },
                    dryRun && earlierWouldChange ? ex =>
                    {
                        pending = true;
                        result.Reason = "planned once the stages before it are applied: " + ex.Message;
                        cmdlet.WriteWarning("Stage " + result.Stage + " cannot be planned before the stages before it are applied: " + ex.Message);
                    } : (Action<MailIntegrationException>)null);
                result.Instructions = instructions.ToArray();
                if (pending)
                {
                    result.Status = "Pending";
                }
                else if (!planned || failed || blocked)
                {
                    result.Status = blocked ? "Blocked" : "Failed";
                    if (!dryRun) failedAt = result.Stage;
                    if (blocked && !dryRun)
                    {
                        var ex = new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "exchange.runbook.stage_blocked",
                            "Stage " + result.Stage + " (" + result.Title + ") needs you first, so nothing of it was applied: " +
                            string.Join("; ", instructions.Select(t => t.Trim())), (string)null);
                        cmdlet.WriteError(new ErrorRecord(ex, "exchange.runbook.stage_blocked", ErrorCategory.NotEnabled, result.Stage));
                    }
                }
                else if (result.Changes > 0)
                {
                    result.Status = dryRun ? "WouldChange" : "Applied";
                    earlierWouldChange = true;
                }
                else result.Status = instructions.Count > 0 ? "Manual" : "Converged";
            }
            cmdlet.WriteProgress(new ProgressRecord(ProgressId, "Exchange integration, the whole document", "Done")
            { RecordType = ProgressRecordType.Completed });

            if (failedAt != null)
            {
                var ex = new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "exchange.runbook.stage_failed",
                    "Stage " + failedAt + " did not complete (its error is above) and the stages after it were not run. Fix it and run the same " +
                    "command again: the stages already done are converged and change nothing.", (string)null);
                cmdlet.WriteError(new ErrorRecord(ex, "exchange.runbook.stage_failed", ErrorCategory.InvalidResult, failedAt));
            }
            var manual = results.Where(r => r.Status == "Manual" || (r.Instructions.Length > 0 && r.Status != "Failed")).ToList();
            if (manual.Count > 0)
                cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "By hand: {0}.",
                    string.Join(", ", manual.Select(r => r.Stage + " " + r.Title))));
            return results;
        }

        private static List<JsonObject> ReadStages(ExchangeIntegrationCommandBase cmdlet, Dictionary<string, SecureString> secrets)
        {
            var session = cmdlet.OpenSession(null);
            try
            {
                foreach (var s in secrets) session.SetSecret(s.Key, s.Value);
                var request = new JsonObject
                {
                    { "schemaVersion", NativeMethods.SchemaVersion },
                    { "configurationPath", cmdlet.ResolvePath(cmdlet.ConfigurationPath) },
                    { "computerName", Environment.MachineName },
                };
                if (cmdlet.Stage != null) request.Add("stages", cmdlet.Stage.Cast<object>().ToList());
                JsonObject doc;
                try
                {
                    doc = Json.ParseObject(session.RunbookStages(Json.Serialize(request)));
                }
                catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                {
                    if (cmdlet.WriteDiagnostics(ex.Diagnostics) == 0) cmdlet.WriteError(MailIntegrationCmdletBase.ToErrorRecord(ex, cmdlet.ConfigurationPath));
                    return null;
                }
                catch (MailIntegrationException ex)
                {
                    cmdlet.ThrowCoreError(ex, session);
                    return null;
                }
                cmdlet.WriteDiagnostics(MailIntegrationCmdletBase.DiagnosticsOf(doc));
                return (doc.GetArray("stages") ?? new List<object>()).OfType<JsonObject>().ToList();
            }
            finally
            {
                cmdlet.CloseSession();
            }
        }

        private static bool IsManual(PlanStep s) => string.Equals(s.Action, "manual", StringComparison.OrdinalIgnoreCase);

        private static string NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
