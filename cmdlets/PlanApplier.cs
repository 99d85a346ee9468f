// Applying a plan the core built, the same way for every scenario: each step that would change
// something goes through ShouldProcess (so -WhatIf and -Confirm see exactly the plan), the approved
// ones are applied by the core, failures become error records with the step's error id, and a
// summary goes to the verbose and information streams.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    internal static class PlanApplier
    {
        internal static void Apply(MailIntegrationCmdletBase cmdlet, CoreSession session, PlanHandle plan, List<PlanStep> steps, bool passThru,
            Action<PlanStep, List<object>> onOutput = null, Action<PlanStep, JsonObject> onFailed = null, JsonObject applyOptions = null)
        {
            var approved = new List<string>();
            int pending = 0;
            foreach (var step in steps)
            {
                if (step.IsNoop) continue;
                if (string.Equals(step.Action, "manual", StringComparison.OrdinalIgnoreCase))
                {
                    // Nothing the core can do: the administrator's part, said every run until done.
                    cmdlet.WriteWarning("Manual step " + step.Identity + ": " + step.Description);
                    continue;
                }
                pending++;
                if (cmdlet.ShouldProcess(step.Target, step.Operation ?? step.Description)) approved.Add(step.StepId);
            }

            if (approved.Count == 0)
            {
                if (pending == 0)
                {
                    // Converged: nothing to send.
                    WriteSummary(cmdlet, 0, steps.Count, 0, 0, 0, null);
                    if (passThru)
                    {
                        foreach (var step in steps) cmdlet.WriteObject(ResultFor(step, null, null));
                    }
                }
                else
                {
                    cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                        "No step approved: nothing applied ({0} step(s) would change).", pending));
                }
                return;
            }

            var options = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "approvedSteps", approved },
            };
            if (applyOptions != null) foreach (var o in applyOptions) options[o.Key] = o.Value;

            JsonObject result;
            try
            {
                result = Json.ParseObject(CoreSession.Apply(plan, Json.Serialize(options)));
            }
            catch (MailIntegrationException ex)
            {
                cmdlet.ThrowCoreError(ex, session);
                return;
            }
            finally
            {
                session.CompleteProgress();
            }

            string runId = result.GetString("runId");
            var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var r in (result.GetArray("results") ?? new List<object>()).OfType<JsonObject>())
            {
                string id = r.GetString("stepId");
                if (id != null) byId[id] = r;
            }

            var stepById = steps.Where(s => s.StepId != null).GroupBy(s => s.StepId).ToDictionary(g => g.Key, g => g.First());
            foreach (var r in byId.Values)
            {
                stepById.TryGetValue(r.GetString("stepId"), out var step);
                string target = step?.Target ?? r.GetString("stepId");
                foreach (var w in PlanStep.Strings(r.GetArray("warnings"))) cmdlet.WriteWarning(target + ": " + w);
                if (onOutput != null && step != null && r.GetArray("output") is List<object> output && output.Count > 0) onOutput(step, output);
                if (onFailed != null && step != null && string.Equals(r.GetString("status"), "failed", StringComparison.OrdinalIgnoreCase)) onFailed(step, r);

                string status = r.GetString("status");
                if (string.Equals(status, "failed", StringComparison.OrdinalIgnoreCase))
                {
                    string errorId = r.GetString("errorId");
                    if (string.IsNullOrEmpty(errorId)) errorId = "apply.step_failed";
                    string message = r.GetString("message");
                    if (string.IsNullOrEmpty(message)) message = "Step " + r.GetString("stepId") + " failed.";
                    var ex = new MailIntegrationException(NativeMethods.MAILINT_E_GENERIC, errorId, target + ": " + message, (string)null);
                    cmdlet.WriteError(new ErrorRecord(ex, errorId, MailIntegrationException.MapErrorId(errorId), target));
                }
                else if (string.Equals(status, "blocked", StringComparison.OrdinalIgnoreCase))
                {
                    cmdlet.WriteVerbose(target + ": blocked (a step it depends on was not approved or failed).");
                }
            }

            var summary = result.GetObject("summary") ?? new JsonObject();
            WriteSummary(cmdlet, summary.GetInt64("changed") ?? 0, summary.GetInt64("unchanged") ?? 0, summary.GetInt64("failed") ?? 0,
                summary.GetInt64("blocked") ?? 0, summary.GetInt64("skipped") ?? 0, result.GetString("journal"));

            if (passThru)
            {
                foreach (var step in steps)
                {
                    byId.TryGetValue(step.StepId ?? string.Empty, out var r);
                    cmdlet.WriteObject(ResultFor(step, r, runId));
                }
            }
        }

        /// <summary>For Apply's onOutput: every failed item a bulk step returned, as an AccountResult (M5).</summary>
        internal static Action<PlanStep, List<object>> AccountResults(Cmdlet cmdlet) => (step, output) =>
        {
            foreach (var o in output.OfType<JsonObject>().Where(o => o.GetString("ErrorId") != null))
                cmdlet.WriteObject(AccountResult.FromJson(o));
        };

        /// <summary>What a Test- cmdlet shows of the plan: the steps that would change something
        /// (-Detailed: all), or with -Quiet only whether nothing is left.</summary>
        internal static void Report(Cmdlet cmdlet, CoreSession session, List<PlanStep> steps, bool detailed, bool quiet)
        {
            session.CompleteProgress();
            if (quiet)
            {
                cmdlet.WriteObject(steps.All(s => s.IsNoop));
                return;
            }
            foreach (var step in steps)
            {
                if (detailed || !step.IsNoop) cmdlet.WriteObject(step);
            }
        }

        internal static StepResult ResultFor(PlanStep step, JsonObject r, string runId)
        {
            string status = r?.GetString("status");
            if (status == null) status = step.IsNoop ? "unchanged" : "skipped";
            return new StepResult
            {
                StepId = step.StepId,
                Status = status,
                Action = step.Action,
                ResourceType = step.ResourceType,
                Identity = step.Identity,
                Description = step.Description,
                Changes = step.Changes,
                ErrorId = r?.GetString("errorId") is string e && e.Length > 0 ? e : null,
                Message = r?.GetString("message") is string m && m.Length > 0 ? m : null,
                Warnings = PlanStep.Strings(r?.GetArray("warnings")),
                RunId = runId,
            };
        }

        private static void WriteSummary(MailIntegrationCmdletBase cmdlet, long changed, long unchanged, long failed, long blocked, long skipped, string journal)
        {
            string message = string.Format(CultureInfo.InvariantCulture,
                "Changed {0}, unchanged {1}, failed {2}, blocked {3}, skipped {4}.", changed, unchanged, failed, blocked, skipped);
            if (!string.IsNullOrEmpty(journal)) message += " Journal: " + journal;
            cmdlet.WriteVerbose(message);
            cmdlet.WriteInformation(message, new[] { "MailIntegration", "Summary" });
        }
    }
}
