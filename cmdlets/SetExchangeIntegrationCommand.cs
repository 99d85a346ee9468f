// Set-ExchangeIntegration (alias Configure-ExchangeIntegration): the original ConfigureExchange.ps1,
// planned first, each change confirmed through ShouldProcess, applied only where it differs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [Alias("Configure-ExchangeIntegration")]
    [OutputType(typeof(StepResult))]
    public sealed class SetExchangeIntegrationCommand : ExchangeIntegrationCommandBase
    {
        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var session = OpenSession(ResolvedJournalDirectory());
            try
            {
                using (var plan = BuildPlan(session, out var planDoc, out var steps))
                {
                    if (plan == null) return;
                    Apply(session, plan, steps);
                }
            }
            finally
            {
                CloseSession();
            }
        }

        private void Apply(CoreSession session, PlanHandle plan, List<PlanStep> steps)
        {
            var approved = new List<string>();
            int pending = 0;
            foreach (var step in steps)
            {
                if (step.IsNoop) continue;
                pending++;
                if (ShouldProcess(step.Target, step.Operation ?? step.Description)) approved.Add(step.StepId);
            }

            if (approved.Count == 0)
            {
                if (pending == 0)
                {
                    // Converged: nothing to send.
                    WriteSummary(0, steps.Count, 0, 0, 0, null);
                    if (PassThru)
                    {
                        foreach (var step in steps) WriteObject(ResultFor(step, null, null));
                    }
                }
                else
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                        "No step approved: nothing applied ({0} step(s) would change).", pending));
                }
                return;
            }

            var options = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "approvedSteps", approved },
            };

            JsonObject result;
            try
            {
                result = Json.ParseObject(CoreSession.Apply(plan, Json.Serialize(options)));
            }
            catch (MailIntegrationException ex)
            {
                ThrowCoreError(ex, session);
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
                foreach (var w in PlanStep.Strings(r.GetArray("warnings"))) WriteWarning(target + ": " + w);

                string status = r.GetString("status");
                if (string.Equals(status, "failed", StringComparison.OrdinalIgnoreCase))
                {
                    string errorId = r.GetString("errorId");
                    if (string.IsNullOrEmpty(errorId)) errorId = "apply.step_failed";
                    string message = r.GetString("message");
                    if (string.IsNullOrEmpty(message)) message = "Step " + r.GetString("stepId") + " failed.";
                    var ex = new MailIntegrationException(NativeMethods.MAILINT_E_GENERIC, errorId, target + ": " + message, (string)null);
                    WriteError(new ErrorRecord(ex, errorId, MailIntegrationException.MapErrorId(errorId), target));
                }
                else if (string.Equals(status, "blocked", StringComparison.OrdinalIgnoreCase))
                {
                    WriteVerbose(target + ": blocked (a step it depends on was not approved or failed).");
                }
            }

            var summary = result.GetObject("summary") ?? new JsonObject();
            WriteSummary(summary.GetInt64("changed") ?? 0, summary.GetInt64("unchanged") ?? 0, summary.GetInt64("failed") ?? 0,
                summary.GetInt64("blocked") ?? 0, summary.GetInt64("skipped") ?? 0, result.GetString("journal"));

            if (PassThru)
            {
                foreach (var step in steps)
                {
                    byId.TryGetValue(step.StepId ?? string.Empty, out var r);
                    WriteObject(ResultFor(step, r, runId));
                }
            }
        }

        private static StepResult ResultFor(PlanStep step, JsonObject r, string runId)
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

        private void WriteSummary(long changed, long unchanged, long failed, long blocked, long skipped, string journal)
        {
            string message = string.Format(CultureInfo.InvariantCulture,
                "Changed {0}, unchanged {1}, failed {2}, blocked {3}, skipped {4}.", changed, unchanged, failed, blocked, skipped);
            if (!string.IsNullOrEmpty(journal)) message += " Journal: " + journal;
            WriteVerbose(message);
            WriteInformation(message, new[] { "MailIntegration", "Summary" });
        }
    }
}
