// The host-session transport's other half: the core asks for one command, this runs it in the
// caller's runspace with its parameters bound as objects (never as script text) and answers with
// the output objects flattened one level (cabi/SCHEMA.md), the warnings, or the error.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text.RegularExpressions;

namespace MailIntegration
{
    internal sealed class HostSessionBridge
    {
        // A command name the core may ask for: Verb-Noun, no path, no script.
        private static readonly Regex CommandName = new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        // The one script the core may run: Dynamics 365's CertificateReconfiguration.ps1 (seed C3),
        // by its full path, which must exist. AddCommand runs it as a command with bound parameters;
        // nothing of the path is ever parsed as script text.
        internal static bool IsAllowedScript(string command)
        {
            try
            {
                return Path.IsPathRooted(command) &&
                       string.Equals(Path.GetFileName(command), "CertificateReconfiguration.ps1", StringComparison.OrdinalIgnoreCase) &&
                       File.Exists(command);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private readonly PSCmdlet _cmdlet;
        private readonly Dictionary<string, SecureString> _secrets;
        private readonly object _gate = new object();
        private PowerShell _current;
        private volatile bool _stopping;

        internal HostSessionBridge(PSCmdlet cmdlet, Dictionary<string, SecureString> secrets)
        {
            _cmdlet = cmdlet;
            _secrets = secrets ?? new Dictionary<string, SecureString>(StringComparer.Ordinal);
        }

        /// <summary>Number of commands run, for the verbose trace.</summary>
        internal int Calls { get; private set; }

        internal void Stop()
        {
            _stopping = true;
            lock (_gate)
            {
                try { _current?.BeginStop(null, null); }
                catch (Exception) { }
            }
        }

        /// <summary>mailint_host_invoke_cb. Never throws into native code.</summary>
        internal int Invoke(IntPtr requestJson, UIntPtr requestLen, IntPtr reply, IntPtr payload)
        {
            if (_stopping) return 1;
            string answer;
            try
            {
                string text = Utf8.FromNative(requestJson, checked((int)requestLen.ToUInt64()));
                answer = Run(text);
            }
            catch (Exception ex)
            {
                answer = ErrorReply(ex.GetType().Name, ErrorCategory.NotSpecified, ex.Message, null);
            }
            if (_stopping) return 1;
            try
            {
                byte[] bytes = Utf8.Bytes(answer);
                int rc = NativeMethods.mailint_host_reply_set(reply, bytes, Utf8.Length(bytes));
                return rc == NativeMethods.MAILINT_OK ? 0 : 1;
            }
            catch (Exception)
            {
                return 1;
            }
        }

        private string Run(string requestText)
        {
            var request = Json.ParseObject(requestText);
            string command = request.GetString("command");
            if (string.IsNullOrEmpty(command) || !(CommandName.IsMatch(command) || IsAllowedScript(command)))
            {
                return ErrorReply("ArgumentException", ErrorCategory.InvalidArgument,
                    "The host session refuses the command name '" + command + "'.", null);
            }

            var parameters = new List<KeyValuePair<string, object>>();
            if (request.GetObject("parameters") is JsonObject p)
            {
                foreach (var m in p) parameters.Add(new KeyValuePair<string, object>(m.Key, ToParameterValue(m.Value)));
            }

            Calls++;
            _cmdlet.WriteDebug("MailIntegration host session: " + command);

            var warnings = new List<string>();
            Collection<PSObject> output = null;
            ErrorRecord error = null;
            Exception thrown = null;

            PowerShell ps;
            try
            {
                ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            }
            catch (InvalidOperationException)
            {
                ps = null;
            }

            if (ps != null)
            {
                using (ps)
                {
                    ps.AddCommand(command, useLocalScope: false);
                    foreach (var kv in parameters) ps.AddParameter(kv.Key, kv.Value);
                    // A nested pipeline writes its warnings to the host, not to ps.Streams: merge
                    // them into the output and sort them out below, so they reach the reply.
                    ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Warning, PipelineResultTypes.Output);
                    lock (_gate) _current = ps;
                    try
                    {
                        output = ps.Invoke();
                    }
                    catch (Exception ex)
                    {
                        thrown = ex;
                    }
                    finally
                    {
                        lock (_gate) _current = null;
                    }
                    foreach (var w in ps.Streams.Warning) warnings.Add(w.Message);
                    if (ps.Streams.Error.Count > 0) error = ps.Streams.Error[0];
                    output = SplitWarnings(output, warnings);
                }
            }
            else
            {
                // No way to nest a pipeline here: run through the engine's command invoker with a
                // constant script, the command and its parameters passed as values.
                var splat = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var kv in parameters) splat[kv.Key] = kv.Value;
                try
                {
                    output = _cmdlet.SessionState.InvokeCommand.InvokeScript(
                        "param($__c, $__p) & $__c @__p 2>&1 3>&1", true, PipelineResultTypes.None, null, command, splat);
                }
                catch (Exception ex)
                {
                    thrown = ex;
                }
                if (output != null)
                {
                    foreach (var o in output)
                    {
                        if (o?.BaseObject is ErrorRecord er) { error = error ?? er; }
                    }
                    output = SplitWarnings(output, warnings);
                }
            }

            if (_stopping) return ErrorReply("PipelineStoppedException", ErrorCategory.OperationStopped, "The pipeline was stopped.", warnings);

            if (thrown != null)
            {
                if (thrown is PipelineStoppedException) _stopping = true;
                var record = (thrown as IContainsErrorRecord)?.ErrorRecord;
                if (thrown is ActionPreferenceStopException && error != null) record = error;
                if (record != null) return ErrorReply(record, warnings);
                return ErrorReply(thrown.GetType().Name, ErrorCategory.NotSpecified, thrown.Message, warnings);
            }
            if (error != null) return ErrorReply(error, warnings);

            var objects = new List<object>();
            if (output != null)
            {
                foreach (var o in output)
                {
                    if (o == null) continue;
                    objects.Add(Flatten(o));
                }
            }
            var doc = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "objects", objects },
                { "warnings", warnings },
            };
            return Json.Serialize(doc);
        }

        private static Collection<PSObject> SplitWarnings(Collection<PSObject> output, List<string> warnings)
        {
            if (output == null) return null;
            var kept = new Collection<PSObject>();
            foreach (var o in output)
            {
                if (o?.BaseObject is WarningRecord wr) warnings.Add(wr.Message);
                else if (o?.BaseObject is ErrorRecord) continue;
                else kept.Add(o);
            }
            return kept;
        }

        // ---- parameters: JSON -> objects ----------------------------------------------------------

        private object ToParameterValue(object json)
        {
            switch (json)
            {
                case null: return null;
                case string s: return s;
                case bool b: return b;
                case long l: return l >= int.MinValue && l <= int.MaxValue ? (object)(int)l : l;
                case double d: return d;
                case List<object> list:
                    var items = list.Select(ToParameterValue).ToArray();
                    if (items.Length > 0 && items.All(i => i is string)) return items.Cast<string>().ToArray();
                    return items;
                case JsonObject o:
                    if (o.Count == 1 && o.TryGetValue("$secret", out var secretName))
                    {
                        string name = Json.ToDisplayString(secretName);
                        if (name != null && _secrets.TryGetValue(name, out var secret) && secret != null) return secret;
                        throw new InvalidOperationException("The host session has no secret named '" + name + "'.");
                    }
                    if (o.Count == 2 && o.TryGetValue("$secret", out var textSecretName) && o.TryGetValue("asPlainText", out var asText) &&
                        asText is bool plain && plain)
                    {
                        // For scripts that take a password as text (CertificateReconfiguration.ps1
                        // -password): the text exists only in this parameter binding.
                        string name = Json.ToDisplayString(textSecretName);
                        if (name != null && _secrets.TryGetValue(name, out var secret) && secret != null) return PlainText(secret);
                        throw new InvalidOperationException("The host session has no secret named '" + name + "'.");
                    }
                    if (o.Count == 1 && o.TryGetValue("$fileBytes", out var path))
                    {
                        return File.ReadAllBytes(Json.ToDisplayString(path));
                    }
                    var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var m in o) table[m.Key] = ToParameterValue(m.Value);
                    return table;
                default:
                    return json;
            }
        }

        private static string PlainText(SecureString secret)
        {
            IntPtr pointer = System.Runtime.InteropServices.Marshal.SecureStringToGlobalAllocUnicode(secret);
            try { return System.Runtime.InteropServices.Marshal.PtrToStringUni(pointer, secret.Length); }
            finally { System.Runtime.InteropServices.Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
        }

        // ---- output: objects -> JSON, flattened one level ----------------------------------------

        internal static object Flatten(PSObject o)
        {
            object baseObject = o.BaseObject;
            if (!(baseObject is PSCustomObject) && IsPrimitive(baseObject)) return Primitive(baseObject);

            var result = new JsonObject();
            foreach (var property in o.Properties)
            {
                if (property == null || !property.IsGettable) continue;
                object value;
                try
                {
                    value = property.Value;
                }
                catch (Exception)
                {
                    continue;
                }
                result[property.Name] = FlattenValue(value);
            }
            return result;
        }

        private static object FlattenValue(object raw)
        {
            object value = raw is PSObject pso ? pso.BaseObject : raw;
            if (value == null) return null;
            if (IsPrimitive(value)) return Primitive(value);
            // A record's data as a nested object (the DnsServer module's RecordData is a
            // CimInstance; a stand-in's is a PSCustomObject): its members one level down, since its
            // ToString() is only the class name.
            if (IsRecord(value))
                return FlattenMembers(raw is PSObject wrapped ? wrapped : PSObject.AsPSObject(value));
            if (value is IEnumerable en && !(value is IDictionary))
            {
                var list = new List<object>();
                foreach (var item in en)
                {
                    object v = item is PSObject ip ? ip.BaseObject : item;
                    if (v == null) list.Add(null);
                    else if (IsPrimitive(v)) list.Add(Primitive(v));
                    // A list of records (Install-WindowsFeature's FeatureResult): each one's members.
                    else if (IsRecord(v)) list.Add(FlattenMembers(item is PSObject w ? w : PSObject.AsPSObject(v)));
                    else list.Add(SafeToString(item));
                }
                return list;
            }
            return SafeToString(raw);
        }

        private static JsonObject FlattenMembers(PSObject o)
        {
            var result = new JsonObject();
            foreach (var property in o.Properties)
            {
                if (property == null || !property.IsGettable) continue;
                object v;
                try { v = property.Value; }
                catch (Exception) { continue; }
                object b = v is PSObject p ? p.BaseObject : v;
                result[property.Name] = b == null ? null : IsPrimitive(b) ? Primitive(b) : SafeToString(v);
            }
            return result;
        }

        private static bool IsRecord(object v) =>
            v is PSCustomObject || v.GetType().FullName == "Microsoft.Management.Infrastructure.CimInstance" ||
            v.GetType().FullName == "Microsoft.Windows.ServerManager.Commands.FeatureOperationResult";

        private static bool IsPrimitive(object v) =>
            v is string || v is bool || v is char || Json.IsNumber(v) || v is DateTime || v is DateTimeOffset || v is Enum;

        private static object Primitive(object v)
        {
            switch (v)
            {
                case DateTime dt:
                    return (dt.Kind == DateTimeKind.Unspecified ? dt : dt.ToUniversalTime())
                        .ToString(dt.Kind == DateTimeKind.Unspecified ? "yyyy-MM-ddTHH:mm:ss" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    return dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                case Enum e:
                    return e.ToString();
                case char c:
                    return c.ToString();
                default:
                    return v;
            }
        }

        // As PowerShell prints it: deserialized objects (implicit remoting) by their ToString from the
        // server, custom objects as @{...}.
        private static string SafeToString(object v)
        {
            try { return PSObject.AsPSObject(v).ToString(); }
            catch (Exception) { return v.GetType().FullName; }
        }

        // ---- errors ----------------------------------------------------------------------------------

        private static string ErrorReply(ErrorRecord record, List<string> warnings)
        {
            string type = null;
            string fqid = record.FullyQualifiedErrorId ?? string.Empty;
            string first = fqid.Split(',')[0].Trim();
            if (first.Length > 0 && !IsGenericErrorId(first)) type = ShortTypeName(first);
            if (type == null && record.Exception != null) type = record.Exception.GetType().Name;
            string message = record.ErrorDetails?.Message;
            if (string.IsNullOrEmpty(message)) message = record.Exception?.Message ?? record.ToString();
            return ErrorReply(type ?? "RuntimeException", record.CategoryInfo.Category, message, warnings);
        }

        private static bool IsGenericErrorId(string id) =>
            id == "Microsoft.PowerShell.Commands.WriteErrorException" || id == "RuntimeException" ||
            id == "System.Management.Automation.RuntimeException" || id == "NativeCommandError";

        // "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException" → the class name,
        // the form mailint.h shows; an id that is not a dotted name is kept as it is.
        private static string ShortTypeName(string id)
        {
            if (id.IndexOf(' ') >= 0 || id.IndexOf('.') < 0) return id;
            return id.Substring(id.LastIndexOf('.') + 1);
        }

        private static string ErrorReply(string type, ErrorCategory category, string message, List<string> warnings)
        {
            var doc = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "error", new JsonObject { { "type", type }, { "category", category.ToString() }, { "message", message ?? string.Empty } } },
                { "warnings", (object)warnings ?? new List<string>() },
            };
            return Json.Serialize(doc);
        }
    }
}
