// The error the native core reported, read from mailint_error_last() on the calling thread right
// after the failing call, and its mapping to PowerShell's ErrorCategory (style-anchors Part 4).
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration
{
    public class MailIntegrationException : Exception
    {
        private JsonObject _detail;

        public MailIntegrationException(int code, string errorId, string message, string detailJson)
            : base(message)
        {
            Code = code;
            ErrorId = errorId;
            DetailJson = detailJson;
        }

        public MailIntegrationException(int code, string errorId, string message, Exception inner)
            : base(message, inner)
        {
            Code = code;
            ErrorId = errorId;
        }

        /// <summary>The MAILINT_E_* code.</summary>
        public int Code { get; }

        /// <summary>The stable string id, e.g. validation.domain.third_level.</summary>
        public string ErrorId { get; }

        /// <summary>The detail document as the core wrote it (no secrets).</summary>
        public string DetailJson { get; }

        public ErrorCategory Category => MapCategory(Code);

        internal JsonObject Detail
        {
            get
            {
                if (_detail == null && !string.IsNullOrEmpty(DetailJson))
                {
                    try { _detail = Json.ParseObject(DetailJson); }
                    catch (FormatException) { _detail = new JsonObject(); }
                }
                return _detail;
            }
        }

        /// <summary>The diagnostics of a MAILINT_E_INVALID_ARGUMENT detail, if any.</summary>
        internal IEnumerable<Diagnostic> Diagnostics
        {
            get
            {
                var list = Detail?.GetArray("diagnostics");
                if (list == null) yield break;
                foreach (var d in list)
                {
                    if (d is JsonObject o) yield return Diagnostic.From(o);
                }
            }
        }

        public static ErrorCategory MapCategory(int code)
        {
            switch (code)
            {
                case NativeMethods.MAILINT_E_NOT_FOUND: return ErrorCategory.ObjectNotFound;
                case NativeMethods.MAILINT_E_ALREADY_EXISTS: return ErrorCategory.ResourceExists;
                case NativeMethods.MAILINT_E_PERMISSION_DENIED: return ErrorCategory.PermissionDenied;
                case NativeMethods.MAILINT_E_UNAUTHENTICATED: return ErrorCategory.AuthenticationError;
                case NativeMethods.MAILINT_E_INVALID_ARGUMENT: return ErrorCategory.InvalidArgument;
                case NativeMethods.MAILINT_E_FAILED_PRECONDITION: return ErrorCategory.InvalidOperation;
                case NativeMethods.MAILINT_E_CONFLICT: return ErrorCategory.ResourceBusy;
                case NativeMethods.MAILINT_E_THROTTLED: return ErrorCategory.LimitsExceeded;
                case NativeMethods.MAILINT_E_UNAVAILABLE: return ErrorCategory.ResourceUnavailable;
                case NativeMethods.MAILINT_E_TIMEOUT: return ErrorCategory.OperationTimeout;
                case NativeMethods.MAILINT_E_CANCELLED: return ErrorCategory.OperationStopped;
                case NativeMethods.MAILINT_E_UNSUPPORTED: return ErrorCategory.NotImplemented;
                default: return ErrorCategory.NotSpecified;
            }
        }

        /// <summary>A category for a step's error id when no code comes with it.</summary>
        public static ErrorCategory MapErrorId(string errorId)
        {
            if (string.IsNullOrEmpty(errorId)) return ErrorCategory.NotSpecified;
            string id = errorId.ToLowerInvariant();
            if (id.Contains("not_found") || id.Contains("notfound")) return ErrorCategory.ObjectNotFound;
            if (id.Contains("already_exists") || id.Contains("alreadyexists")) return ErrorCategory.ResourceExists;
            if (id.Contains("permission") || id.Contains("forbidden") || id.Contains("access_denied")) return ErrorCategory.PermissionDenied;
            if (id.Contains("unauthenticated") || id.Contains("authentication")) return ErrorCategory.AuthenticationError;
            if (id.Contains("throttl")) return ErrorCategory.LimitsExceeded;
            if (id.Contains("timeout") || id.Contains("timed_out")) return ErrorCategory.OperationTimeout;
            if (id.Contains("unavailable")) return ErrorCategory.ResourceUnavailable;
            if (id.Contains("cancel")) return ErrorCategory.OperationStopped;
            if (id.Contains("conflict")) return ErrorCategory.ResourceBusy;
            if (id.Contains("invalid") || id.Contains("parameter") || id.StartsWith("validation.", StringComparison.Ordinal)) return ErrorCategory.InvalidArgument;
            if (id.Contains("precondition") || id.Contains("blocked")) return ErrorCategory.InvalidOperation;
            return ErrorCategory.NotSpecified;
        }
    }

    /// <summary>A finding of the core's validation or planning: {id, severity, target, message}.</summary>
    internal sealed class Diagnostic
    {
        public string Id;
        public string Severity;
        public string Target;
        public string Message;

        public bool IsError => string.Equals(Severity, "error", StringComparison.OrdinalIgnoreCase);
        public bool IsWarning => string.Equals(Severity, "warning", StringComparison.OrdinalIgnoreCase);

        public static Diagnostic From(JsonObject o) => new Diagnostic
        {
            Id = o.GetString("id") ?? "mailint.diagnostic",
            Severity = o.GetString("severity") ?? "error",
            Target = o.GetString("target"),
            Message = o.GetString("message") ?? string.Empty,
        };
    }
}
