// PowerShell values as the JSON an Exchange Online cmdlet parameter takes (mailint_exchange_invoke):
// what the user would have typed for Set-Mailbox, turned into the document the core sends. The core
// adds the service's @odata.type annotations; this only decides the JSON shape of each value.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Security;

namespace MailIntegration
{
    internal static class ExchangeParameterEncoder
    {
        private const int MaxDepth = 32;

        /// <summary>A parameter table as a JSON object; keys in the order given.</summary>
        internal static JsonObject Encode(IDictionary parameters)
        {
            var o = new JsonObject();
            if (parameters == null) return o;
            foreach (DictionaryEntry e in parameters)
            {
                string name = Convert.ToString(e.Key is PSObject k ? k.BaseObject : e.Key, CultureInfo.InvariantCulture);
                if (string.IsNullOrEmpty(name))
                    throw new MailIntegrationException(NativeMethods.MAILINT_E_INVALID_ARGUMENT, "exchange.parameter.name.empty",
                        "A parameter name is empty.", (string)null);
                o[name.TrimStart('-')] = Value(e.Value, name, 0);
            }
            return o;
        }

        private static object Value(object raw, string name, int depth)
        {
            if (depth > MaxDepth)
                throw new MailIntegrationException(NativeMethods.MAILINT_E_INVALID_ARGUMENT, "exchange.parameter.too_deep",
                    "The value of parameter '" + name + "' is nested too deeply.", (string)null);
            if (raw is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject) return CustomObject(pso, name, depth);
                raw = pso.BaseObject;
            }
            switch (raw)
            {
                case null:
                    return null;
                case SwitchParameter sw:
                    return sw.IsPresent;
                case bool _:
                case string _:
                    return raw;
                case char c:
                    return c.ToString();
                case SecureString _:
                case PSCredential _:
                    // A secret would become plain text in the request document, which the C ABI
                    // forbids (secrets cross only through mailint_session_set_secret).
                    throw new MailIntegrationException(NativeMethods.MAILINT_E_UNSUPPORTED, "exchange.parameter.secret.unsupported",
                        "Parameter '" + name + "' is a SecureString or PSCredential; Invoke-MailIntegrationExchangeCommand does not send secrets.", (string)null);
                case byte[] bytes:
                    return new JsonObject { { "$bytes", Convert.ToBase64String(bytes) } };
                case DateTime dt:
                    return dt.ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset dto:
                    return dto.ToString("o", CultureInfo.InvariantCulture);
                case Guid g:
                    return g.ToString();
                case Enum en:
                    return en.ToString();
                case Uri u:
                    return u.OriginalString;
                case IDictionary d:
                    var o = new JsonObject();
                    foreach (DictionaryEntry e in d)
                    {
                        string key = Convert.ToString(e.Key is PSObject k ? k.BaseObject : e.Key, CultureInfo.InvariantCulture);
                        o[key] = Value(e.Value, name, depth + 1);
                    }
                    return o;
                case IEnumerable en:
                    var list = new List<object>();
                    foreach (var item in en) list.Add(Value(item, name, depth + 1));
                    return list;
            }
            if (Json.IsNumber(raw)) return raw;
            return Convert.ToString(raw, CultureInfo.InvariantCulture);
        }

        private static JsonObject CustomObject(PSObject pso, string name, int depth)
        {
            var o = new JsonObject();
            foreach (var p in pso.Properties)
            {
                if (!(p is PSNoteProperty)) continue;
                o[p.Name] = Value(p.Value, name, depth + 1);
            }
            return o;
        }

        /// <summary>"Set-Mailbox -Identity 'x' -DisplayName 'y'": the command as ShouldProcess shows it.</summary>
        internal static string Describe(string command, JsonObject parameters)
        {
            var sb = new System.Text.StringBuilder(command);
            foreach (var p in parameters)
            {
                sb.Append(" -").Append(p.Key);
                if (p.Value is bool b)
                {
                    if (!b) sb.Append(":$false");
                    continue;
                }
                string text = p.Value is string s ? "'" + s.Replace("'", "''") + "'" : Json.Serialize(p.Value);
                if (text.Length > 80) text = text.Substring(0, 77) + "...";
                sb.Append(' ').Append(text);
            }
            return sb.ToString();
        }
    }
}
