// The objects the cmdlets write. Their type names are what MailIntegration.Format.ps1xml and
// MailIntegration.Types.ps1xml target, so they stay stable.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MailIntegration
{
    /// <summary>One property a step changes, as the service prints it.</summary>
    public sealed class PropertyChange
    {
        public string Property { get; set; }
        public string From { get; set; }
        public string To { get; set; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1} -> {2}", Property, From ?? "(null)", To ?? "(null)");

        internal static PropertyChange[] FromJson(List<object> changes)
        {
            if (changes == null) return new PropertyChange[0];
            return changes.OfType<JsonObject>().Select(c => new PropertyChange
            {
                Property = c.GetString("property"),
                From = Display(c.GetIgnoreCase("from")),
                To = Display(c.GetIgnoreCase("to")),
            }).ToArray();
        }

        private static string Display(object v)
        {
            if (v is List<object> list) return string.Join(", ", list.Select(i => Json.ToDisplayString(i) ?? string.Empty));
            return Json.ToDisplayString(v);
        }
    }

    /// <summary>One step of a plan (Test-ExchangeIntegration).</summary>
    public sealed class PlanStep
    {
        public string StepId { get; set; }
        public string Action { get; set; }
        public string ResourceType { get; set; }
        public string Identity { get; set; }
        public string Description { get; set; }
        /// <summary>The ShouldProcess action: the description without the target ("Update ExternalUrl").</summary>
        public string Operation { get; set; }
        public PropertyChange[] Changes { get; set; }
        public string[] DependsOn { get; set; }
        public string Risk { get; set; }
        public string[] Notes { get; set; }
        public string Command { get; set; }
        public string Transport { get; set; }
        public string[] CreateOnly { get; set; }

        /// <summary>"<type> '<identity>'", the ShouldProcess target.</summary>
        public string Target => string.Format(CultureInfo.InvariantCulture, "{0} '{1}'", ResourceType, Identity);

        public bool IsNoop => string.Equals(Action, "noop", StringComparison.OrdinalIgnoreCase);

        public override string ToString() => StepId + " " + Action + " " + Target;

        internal static PlanStep FromJson(JsonObject s)
        {
            var resource = s.GetObject("resource") ?? new JsonObject();
            var command = s.GetIgnoreCase("command");
            string commandName = command is JsonObject co ? co.GetString("name") : Json.ToDisplayString(command);
            string action = s.GetString("action") ?? "noop";
            return new PlanStep
            {
                StepId = s.GetString("id") ?? s.GetString("stepId"),
                Action = action,
                ResourceType = resource.GetString("type"),
                Identity = resource.GetString("identity"),
                Description = s.GetString("description") ?? action + " " + resource.GetString("type") + " " + resource.GetString("identity"),
                Operation = string.IsNullOrEmpty(s.GetString("operation")) ? null : s.GetString("operation"),
                Changes = PropertyChange.FromJson(s.GetArray("changes")),
                DependsOn = Strings(s.GetArray("dependsOn")),
                Risk = s.GetString("risk"),
                Notes = Strings(s.GetArray("notes")),
                Command = commandName,
                Transport = s.GetString("transport"),
                CreateOnly = Strings(s.GetArray("createOnly")),
            };
        }

        internal static string[] Strings(List<object> list) =>
            list == null ? new string[0] : list.Select(Json.ToDisplayString).Where(x => x != null).ToArray();
    }

    /// <summary>What happened to one step (Set-ExchangeIntegration -PassThru).</summary>
    public sealed class StepResult
    {
        public string StepId { get; set; }
        public string Status { get; set; }
        public string Action { get; set; }
        public string ResourceType { get; set; }
        public string Identity { get; set; }
        public string Description { get; set; }
        public PropertyChange[] Changes { get; set; }
        public string ErrorId { get; set; }
        public string Message { get; set; }
        public string[] Warnings { get; set; }
        public string RunId { get; set; }

        public override string ToString() => StepId + " " + Status + " " + ResourceType + " '" + Identity + "'";
    }

    /// <summary>One run a journal records (Get-MailIntegrationRun): completed, cancelled,
    /// interrupted (killed or crashed: no end record) or resumed (a later run continued it).</summary>
    public sealed class RunInfo
    {
        public string RunId { get; set; }
        public string Scenario { get; set; }
        public string Started { get; set; }
        public string Ended { get; set; }
        public string Status { get; set; }
        public long Approved { get; set; }
        public long Succeeded { get; set; }
        public long Failed { get; set; }
        public long Blocked { get; set; }
        /// <summary>Writes sent without an answer: Resume-MailIntegrationRun reads them back first.</summary>
        public string[] UnknownSteps { get; set; }
        public string Resumes { get; set; }
        public string ResumedBy { get; set; }
        public bool Resumable { get; set; }
        public bool Connected { get; set; }
        public string Journal { get; set; }

        public override string ToString() => RunId + " " + Scenario + " " + Status;

        internal static RunInfo FromJson(JsonObject o) => new RunInfo
        {
            RunId = o.GetString("runId"),
            Scenario = o.GetString("scenario"),
            Started = o.GetString("started"),
            Ended = o.GetString("ended"),
            Status = o.GetString("status"),
            Approved = o.GetInt64("approved") ?? 0,
            Succeeded = o.GetInt64("succeeded") ?? 0,
            Failed = o.GetInt64("failed") ?? 0,
            Blocked = o.GetInt64("blocked") ?? 0,
            UnknownSteps = PlanStep.Strings(o.GetArray("unknownSteps")),
            Resumes = o.GetString("resumes"),
            ResumedBy = o.GetString("resumedBy"),
            Resumable = o.GetBool("resumable") == true,
            Connected = o.GetBool("connected") == true,
            Journal = o.GetString("journal"),
        };
    }

    /// <summary>One stage of the whole document (Set-/Test-ExchangeIntegration -Full): Converged,
    /// Applied, WouldChange, Pending (-WhatIf, Test-: plannable once the stages before it are applied),
    /// Manual, Waiting, NotConfigured, Skipped, Blocked, Failed or NotRun.</summary>
    public sealed class RunbookStageResult
    {
        public string Stage { get; set; }
        public string Title { get; set; }
        public string RunsOn { get; set; }
        public string Status { get; set; }
        public int Changes { get; set; }
        public string Reason { get; set; }
        /// <summary>What the administrator does by hand, with the details (records, ports, commands).</summary>
        public string[] Instructions { get; set; }

        public override string ToString() => Stage + " " + Status + " " + Title;
    }

    /// <summary>The outcome of Test &amp; Enable for one Dynamics 365 mailbox (Set-CrmServerSideSync,
    /// seed C9): each direction's status as Dynamics 365 reports it (NotRun, Success, Failure).</summary>
    public sealed class CrmMailboxTestResult
    {
        public string Mailbox { get; set; }
        public string MailboxId { get; set; }
        public string Status { get; set; }
        public string IncomingEmailStatus { get; set; }
        public string OutgoingEmailStatus { get; set; }
        public string AppointmentsContactsTasksStatus { get; set; }
        public string ErrorId { get; set; }
        public string Error { get; set; }

        public override string ToString() => Mailbox + " " + Status;

        internal static CrmMailboxTestResult FromJson(JsonObject o) => new CrmMailboxTestResult
        {
            Mailbox = o.GetString("Mailbox"),
            MailboxId = o.GetString("MailboxId"),
            Status = o.GetString("Status"),
            IncomingEmailStatus = o.GetString("IncomingEmailStatus"),
            OutgoingEmailStatus = o.GetString("OutgoingEmailStatus"),
            AppointmentsContactsTasksStatus = o.GetString("AppointmentsContactsTasksStatus"),
            ErrorId = o.GetString("ErrorId"),
            Error = o.GetString("Error"),
        };
    }

    /// <summary>One user a bulk account cmdlet could not serve (seed M5): the same as its line in the
    /// results file.</summary>
    public sealed class AccountResult
    {
        public string Item { get; set; }
        public string Step { get; set; }
        public string ErrorId { get; set; }
        public string Message { get; set; }
        public string RecommendedAction { get; set; }

        public override string ToString() => Item + " " + ErrorId;

        internal static AccountResult FromJson(JsonObject o) => new AccountResult
        {
            Item = o.GetString("Item"),
            Step = o.GetString("Step"),
            ErrorId = o.GetString("ErrorId"),
            Message = o.GetString("Message"),
            RecommendedAction = o.GetString("RecommendedAction"),
        };
    }

    /// <summary>One check of Test-ExchangeIntegrationPrerequisite (seed X1).</summary>
    public sealed class PrerequisiteResult
    {
        public string Check { get; set; }
        /// <summary>Passed, Failed, or Warning (passed, with something to read).</summary>
        public string Status { get; set; }
        public string Message { get; set; }
        public string ErrorId { get; set; }

        public override string ToString() => Check + " " + Status;
    }

    /// <summary>One Windows feature of Install-ExchangePrerequisite (seed X3).</summary>
    public sealed class WindowsFeatureResult
    {
        public string Name { get; set; }
        public string DisplayName { get; set; }
        /// <summary>Added, AlreadyInstalled, PendingRestart (installed, finished by the next restart), NotAdded.</summary>
        public string Status { get; set; }
        public bool RestartNeeded { get; set; }

        public override string ToString() => Name + " " + Status;
    }

    /// <summary>A DNS record the scenario needs (Get-ExchangeDnsRecord).</summary>
    public sealed class DnsRecord
    {
        public string Name { get; set; }
        public string Fqdn { get; set; }
        public string Type { get; set; }
        public int Ttl { get; set; }
        public string Value { get; set; }
        public int? Priority { get; set; }
        public int? Weight { get; set; }
        public int? Port { get; set; }
        public string Purpose { get; set; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} {2} {3}", Fqdn ?? Name, Ttl, Type, Value);

        /// <summary>{name, fqdn, type, ttl, data:{address | preference, exchange | text |
        /// priority, weight, port, target | canonicalName}, purpose}; flat members are read too.</summary>
        internal static DnsRecord FromJson(JsonObject r)
        {
            var data = r.GetObject("data") ?? new JsonObject();
            int? I(params string[] names)
            {
                foreach (var n in names)
                {
                    var v = data.GetInt64(n) ?? r.GetInt64(n);
                    if (v.HasValue) return (int)v.Value;
                }
                return null;
            }
            string S(JsonObject o, params string[] names)
            {
                foreach (var n in names)
                {
                    var v = o.GetIgnoreCase(n);
                    if (v is string str) return str;
                    if (v != null && !(v is JsonObject)) return Json.ToDisplayString(v);
                }
                return null;
            }
            return new DnsRecord
            {
                Name = S(r, "name", "host"),
                Fqdn = S(r, "fqdn"),
                Type = S(r, "type"),
                Ttl = (int)(r.GetInt64("ttl") ?? 0),
                Value = S(data, "address", "exchange", "text", "target", "canonicalName", "value")
                        ?? S(r, "value", "target", "text"),
                Priority = I("priority", "preference"),
                Weight = I("weight"),
                Port = I("port"),
                Purpose = S(r, "purpose", "description"),
            };
        }
    }

    /// <summary>Test-MailDnsRecord's verdict on one required record: present, missing, different,
    /// conflicting, or error (the live DNS could not be read).</summary>
    public sealed class DnsRecordCheck
    {
        public string Domain { get; set; }
        public string Name { get; set; }
        public string Fqdn { get; set; }
        public string Type { get; set; }
        public string Status { get; set; }
        public string Expected { get; set; }
        public string[] Actual { get; set; }
        public string Suggested { get; set; }
        public string FindingId { get; set; }
        public string Message { get; set; }
        /// <summary>Every finding as "id: message"; the first decided the status.</summary>
        public string[] Findings { get; set; }
        public DnsRecord ExpectedRecord { get; set; }
        public string Source { get; set; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}: {3}", Fqdn ?? Name, Type, Status, Message);

        internal static DnsRecordCheck FromJson(string domain, string source, JsonObject r)
        {
            var findings = (r.GetArray("findings") ?? new List<object>()).OfType<JsonObject>()
                .Select(f => f.GetString("id") + ": " + f.GetString("message")).ToArray();
            var expected = r.GetObject("expectedRecord");
            return new DnsRecordCheck
            {
                Domain = domain,
                Name = r.GetString("name"),
                Fqdn = r.GetString("fqdn"),
                Type = r.GetString("type"),
                Status = r.GetString("status"),
                Expected = r.GetString("expected"),
                Actual = PlanStep.Strings(r.GetArray("actual")),
                Suggested = r.GetString("suggested"),
                FindingId = r.GetString("findingId"),
                Message = r.GetString("message"),
                Findings = findings,
                ExpectedRecord = expected == null ? null : DnsRecord.FromJson(expected),
                Source = source,
            };
        }
    }
}
