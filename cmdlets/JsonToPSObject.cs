// JSON from the core as PowerShell objects: objects become PSCustomObjects (so Select-Object,
// Format-Table and property access work as on Get-Mailbox's own output), arrays object[], numbers
// long or double. The service's wire annotations ("X@odata.type") are metadata, not properties.
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration
{
    internal static class JsonToPSObject
    {
        internal static object Convert(object value)
        {
            switch (value)
            {
                case JsonObject o:
                    var result = new PSObject();
                    foreach (var m in o)
                    {
                        if (IsAnnotation(m.Key)) continue;
                        result.Properties.Add(new PSNoteProperty(m.Key, Convert(m.Value)));
                    }
                    return result;
                case List<object> list:
                    var items = new object[list.Count];
                    for (int i = 0; i < list.Count; i++) items[i] = Convert(list[i]);
                    return items;
                default:
                    return value;
            }
        }

        private static bool IsAnnotation(string name) =>
            name.StartsWith("@", System.StringComparison.Ordinal) ||
            name.IndexOf("@odata.", System.StringComparison.Ordinal) >= 0 ||
            name.IndexOf("@data.", System.StringComparison.Ordinal) >= 0;
    }
}
