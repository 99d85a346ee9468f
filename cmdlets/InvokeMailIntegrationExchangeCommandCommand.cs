// Invoke-MailIntegrationExchangeCommand: runs one Exchange Online cmdlet through this runspace's
// connection (the admin API, no remoting session), or, for parameter tables piped in, the same cmdlet
// once per table as one bounded-concurrency batch. Objects come back as PSCustomObjects; the
// service's warnings and non-terminating errors become warning and error records.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsLifecycle.Invoke, "MailIntegrationExchangeCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeMailIntegrationExchangeCommandCommand : PSCmdlet
    {
        private readonly List<JsonObject> _batch = new List<JsonObject>();
        private RunspaceConnection _connection;

        #region Parameters

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The Exchange Online cmdlet, e.g. Get-Mailbox")]
        [ValidatePattern("^[A-Za-z]+-[A-Za-z0-9]+$")]
        public string Name { get; set; }

        [Parameter(Position = 1, ValueFromPipeline = true, HelpMessage = "The cmdlet's parameters as a hashtable, e.g. @{Identity='x'; DisplayName='y'}")]
        [Alias("Parameter")]
        public IDictionary Parameters { get; set; }

        [Parameter(HelpMessage = "At most this many commands of a piped batch at once (1-64; default: the connection's limit)")]
        [ValidateRange(1, 64)]
        public int MaxConcurrency { get; set; }

        #endregion

        #region Command code

        /// <summary>Get-* and Test-* change nothing, so they skip ShouldProcess (and run under -WhatIf).</summary>
        private bool ReadOnly =>
            Name.StartsWith("Get-", StringComparison.OrdinalIgnoreCase) || Name.StartsWith("Test-", StringComparison.OrdinalIgnoreCase);

        protected override void BeginProcessing()
        {
            _connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            if (_connection == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no connection in this session: run Connect-MailIntegration first."),
                    "connection.not_connected", ErrorCategory.ConnectionError, Name));
            }
        }

        protected override void StopProcessing()
        {
            _connection?.Session.Stop();
        }

        protected override void ProcessRecord()
        {
            JsonObject parameters;
            try
            {
                parameters = ExchangeParameterEncoder.Encode(Parameters);
            }
            catch (MailIntegrationException ex)
            {
                // A bad table spoils only its own item of a batch.
                if (MyInvocation.ExpectingInput) { WriteError(new ErrorRecord(ex, ex.ErrorId, ex.Category, Parameters)); return; }
                ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ex.Category, Parameters));
                return;
            }
            if (MyInvocation.ExpectingInput)
            {
                // Collected: the whole pipeline runs as one batch in EndProcessing.
                if (Approved(parameters)) _batch.Add(parameters);
                return;
            }
            if (!Approved(parameters)) return;
            RunOne(parameters);
        }

        protected override void EndProcessing()
        {
            if (_batch.Count > 0) RunBatch(_batch);
        }

        private bool Approved(JsonObject parameters) =>
            ReadOnly || ShouldProcess(_connection.Info.TenantId, ExchangeParameterEncoder.Describe(Name, parameters));

        private void RunOne(JsonObject parameters)
        {
            var request = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "name", Name },
                { "parameters", parameters },
            };
            JsonObject answer = Invoke(request);
            if (answer != null) WriteResult(answer, parameters);
        }

        private void RunBatch(List<JsonObject> batch)
        {
            var request = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "name", Name },
                { "batch", batch },
            };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrency))) request.Add("maxConcurrency", MaxConcurrency);
            JsonObject answer = Invoke(request);
            if (answer == null) return;
            var results = answer.GetArray("results") ?? new List<object>();
            // Results come back in input order, whatever order the commands finished in.
            for (int i = 0; i < results.Count && i < batch.Count; i++)
            {
                if (!(results[i] is JsonObject result)) continue;
                var failure = result.GetObject("error");
                if (failure != null)
                {
                    int code = (int)(failure.GetInt64("code") ?? NativeMethods.MAILINT_E_GENERIC);
                    string id = failure.GetString("id") ?? "exchange.command.failed";
                    var ex = new MailIntegrationException(code, id, failure.GetString("message") ?? id, (string)null);
                    WriteError(new ErrorRecord(ex, id, MailIntegrationException.MapCategory(code), TargetOf(batch[i])));
                    continue;
                }
                WriteResult(result, batch[i]);
            }
        }

        /// <summary>Calls the core with the connection held and progress shown; null after a
        /// terminating error has been thrown.</summary>
        private JsonObject Invoke(JsonObject request)
        {
            string text = null;
            MailIntegrationException failure = null;
            bool used = _connection.TryUse(() =>
            {
                _connection.Session.BeginInvocation(this, MailIntegrationCmdletBase.ProgressActivityId);
                try { text = CoreSession.InvokeExchange(_connection.Handle, Json.Serialize(request)); }
                catch (MailIntegrationException ex) { failure = ex; }
                finally { _connection.Session.EndInvocation(); }
            });
            if (!used)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, Name));
            }
            if (failure != null)
            {
                if (failure.Code == NativeMethods.MAILINT_E_CANCELLED && _connection.Session.Stopping) throw new PipelineStoppedException();
                ThrowTerminatingError(new ErrorRecord(failure, failure.ErrorId, failure.Category, Name));
            }
            return Json.ParseObject(text);
        }

        private void WriteResult(JsonObject result, JsonObject parameters)
        {
            foreach (var w in result.GetArray("warnings") ?? new List<object>())
            {
                WriteWarning(Json.ToDisplayString(w));
            }
            foreach (var e in result.GetArray("errors") ?? new List<object>())
            {
                WriteError(ServiceError(e, parameters));
            }
            foreach (var o in result.GetArray("objects") ?? new List<object>())
            {
                WriteObject(JsonToPSObject.Convert(o));
            }
        }

        /// <summary>A non-terminating error of the service (@adminapi.errors). Its text may be
        /// "<stringId>|<ExceptionClass>|<message>" (wire-apis.md §1.7); the class names the record,
        /// as implicit remoting of Exchange names it.</summary>
        private ErrorRecord ServiceError(object error, JsonObject parameters)
        {
            string message = error is JsonObject o ? (o.GetString("message") ?? Json.Serialize(o)) : Json.ToDisplayString(error);
            string id = "exchange.command.error";
            var parts = (message ?? string.Empty).Split(new[] { '|' }, 3);
            if (parts.Length == 3 && parts[1].IndexOf('.') > 0)
            {
                id = parts[1].Substring(parts[1].LastIndexOf('.') + 1);
                message = parts[2];
            }
            var ex = new MailIntegrationException(NativeMethods.MAILINT_E_GENERIC, id, message, (string)null);
            return new ErrorRecord(ex, id, MailIntegrationException.MapErrorId(id), TargetOf(parameters));
        }

        private static object TargetOf(JsonObject parameters) =>
            parameters.GetIgnoreCase("Identity") is string identity ? identity : (object)Json.Serialize(parameters);

        #endregion
    }
}
