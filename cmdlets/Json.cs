// A small JSON reader and writer for the documents that cross the C ABI.
//
// netstandard2.0 has no System.Text.Json, and the module must load in Windows PowerShell 5.1 and
// PowerShell 7 without extra assemblies, so this file is the whole codec. Values map to:
//   object -> JsonObject (member order kept), array -> List<object>, string -> string,
//   number -> long when it is an integer that fits, else double, true/false -> bool, null -> null.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MailIntegration
{
    /// <summary>A JSON object whose members keep their order.</summary>
    public sealed class JsonObject : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<KeyValuePair<string, object>> _members = new List<KeyValuePair<string, object>>();
        private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.Ordinal);

        public int Count => _members.Count;

        public object this[string name]
        {
            get => TryGetValue(name, out var v) ? v : null;
            set
            {
                if (_index.TryGetValue(name, out var i))
                {
                    _members[i] = new KeyValuePair<string, object>(name, value);
                }
                else
                {
                    _index[name] = _members.Count;
                    _members.Add(new KeyValuePair<string, object>(name, value));
                }
            }
        }

        public void Add(string name, object value) => this[name] = value;

        public bool ContainsKey(string name) => _index.ContainsKey(name);

        public bool TryGetValue(string name, out object value)
        {
            if (_index.TryGetValue(name, out var i))
            {
                value = _members[i].Value;
                return true;
            }
            value = null;
            return false;
        }

        /// <summary>Exact name first, then a case-insensitive match.</summary>
        public object GetIgnoreCase(string name)
        {
            if (TryGetValue(name, out var v)) return v;
            foreach (var m in _members)
            {
                if (string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)) return m.Value;
            }
            return null;
        }

        public string GetString(string name)
        {
            var v = GetIgnoreCase(name);
            return v == null ? null : Json.ToDisplayString(v);
        }

        public long? GetInt64(string name)
        {
            switch (GetIgnoreCase(name))
            {
                case long l: return l;
                case double d: return (long)d;
                case string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p): return p;
                default: return null;
            }
        }

        public bool? GetBool(string name) => GetIgnoreCase(name) is bool b ? b : (bool?)null;

        public JsonObject GetObject(string name) => GetIgnoreCase(name) as JsonObject;

        public List<object> GetArray(string name) => GetIgnoreCase(name) as List<object>;

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _members.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Json.Serialize(this);
    }

    public sealed class JsonException : FormatException
    {
        public JsonException(string message, int position)
            : base(string.Format(CultureInfo.InvariantCulture, "{0} at offset {1}.", message, position))
        {
            Position = position;
        }

        public int Position { get; }
    }

    public static class Json
    {
        private const int MaxDepth = 256;

        // ---- reading -----------------------------------------------------------------------------

        public static object Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd) throw new JsonException("Unexpected text after the JSON value", reader.Pos);
            return value;
        }

        public static JsonObject ParseObject(string text)
        {
            return Parse(text) as JsonObject ?? throw new JsonException("Expected a JSON object", 0);
        }

        private sealed class Reader
        {
            private readonly string _s;
            public int Pos;

            public Reader(string s) { _s = s; }

            public bool AtEnd => Pos >= _s.Length;

            public void SkipWhitespace()
            {
                while (Pos < _s.Length)
                {
                    char c = _s[Pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') Pos++;
                    else break;
                }
            }

            private char Peek()
            {
                if (Pos >= _s.Length) throw new JsonException("Unexpected end of JSON", Pos);
                return _s[Pos];
            }

            private void Expect(char c)
            {
                if (Peek() != c) throw new JsonException("Expected '" + c + "'", Pos);
                Pos++;
            }

            private void ExpectWord(string word)
            {
                if (string.CompareOrdinal(_s, Pos, word, 0, word.Length) != 0)
                    throw new JsonException("Invalid literal", Pos);
                Pos += word.Length;
            }

            public object ReadValue(int depth)
            {
                if (depth > MaxDepth) throw new JsonException("JSON nested too deeply", Pos);
                char c = Peek();
                switch (c)
                {
                    case '{': return ReadObject(depth + 1);
                    case '[': return ReadArray(depth + 1);
                    case '"': return ReadString();
                    case 't': ExpectWord("true"); return true;
                    case 'f': ExpectWord("false"); return false;
                    case 'n': ExpectWord("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                        throw new JsonException("Unexpected character '" + c + "'", Pos);
                }
            }

            private JsonObject ReadObject(int depth)
            {
                var obj = new JsonObject();
                Expect('{');
                SkipWhitespace();
                if (Peek() == '}') { Pos++; return obj; }
                while (true)
                {
                    SkipWhitespace();
                    if (Peek() != '"') throw new JsonException("Expected a member name", Pos);
                    string name = ReadString();
                    SkipWhitespace();
                    Expect(':');
                    SkipWhitespace();
                    obj[name] = ReadValue(depth);
                    SkipWhitespace();
                    char c = Peek();
                    Pos++;
                    if (c == ',') continue;
                    if (c == '}') return obj;
                    throw new JsonException("Expected ',' or '}'", Pos - 1);
                }
            }

            private List<object> ReadArray(int depth)
            {
                var list = new List<object>();
                Expect('[');
                SkipWhitespace();
                if (Peek() == ']') { Pos++; return list; }
                while (true)
                {
                    SkipWhitespace();
                    list.Add(ReadValue(depth));
                    SkipWhitespace();
                    char c = Peek();
                    Pos++;
                    if (c == ',') continue;
                    if (c == ']') return list;
                    throw new JsonException("Expected ',' or ']'", Pos - 1);
                }
            }

            private string ReadString()
            {
                Expect('"');
                StringBuilder sb = null;
                int start = Pos;
                while (true)
                {
                    if (Pos >= _s.Length) throw new JsonException("Unterminated string", start);
                    char c = _s[Pos];
                    if (c == '"')
                    {
                        string result = sb == null ? _s.Substring(start, Pos - start) : sb.Append(_s, start, Pos - start).ToString();
                        Pos++;
                        return result;
                    }
                    if (c < 0x20) throw new JsonException("Control character in string", Pos);
                    if (c != '\\') { Pos++; continue; }

                    sb = sb ?? new StringBuilder();
                    sb.Append(_s, start, Pos - start);
                    Pos++;
                    char e = Peek();
                    Pos++;
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Pos + 4 > _s.Length) throw new JsonException("Bad \\u escape", Pos);
                            if (!int.TryParse(_s.Substring(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                                throw new JsonException("Bad \\u escape", Pos);
                            sb.Append((char)code);
                            Pos += 4;
                            break;
                        default: throw new JsonException("Bad escape", Pos - 1);
                    }
                    start = Pos;
                }
            }

            private object ReadNumber()
            {
                int start = Pos;
                if (_s[Pos] == '-') Pos++;
                if (Pos >= _s.Length || !char.IsDigit(_s[Pos])) throw new JsonException("Bad number", start);
                if (_s[Pos] == '0') Pos++;
                else while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                bool isInteger = true;
                if (Pos < _s.Length && _s[Pos] == '.')
                {
                    isInteger = false;
                    Pos++;
                    int digits = Pos;
                    while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                    if (Pos == digits) throw new JsonException("Bad number", start);
                }
                if (Pos < _s.Length && (_s[Pos] == 'e' || _s[Pos] == 'E'))
                {
                    isInteger = false;
                    Pos++;
                    if (Pos < _s.Length && (_s[Pos] == '+' || _s[Pos] == '-')) Pos++;
                    int digits = Pos;
                    while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                    if (Pos == digits) throw new JsonException("Bad number", start);
                }
                string text = _s.Substring(start, Pos - start);
                if (isInteger && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        // ---- writing ------------------------------------------------------------------------------

        public static string Serialize(object value)
        {
            var sb = new StringBuilder();
            Write(sb, value, 0);
            return sb.ToString();
        }

        public static void Write(StringBuilder sb, object value, int depth)
        {
            if (depth > MaxDepth) throw new InvalidOperationException("JSON nested too deeply.");
            switch (value)
            {
                case null:
                    sb.Append("null");
                    return;
                case string s:
                    WriteString(sb, s);
                    return;
                case char ch:
                    WriteString(sb, ch.ToString());
                    return;
                case bool b:
                    sb.Append(b ? "true" : "false");
                    return;
                case JsonObject o:
                    sb.Append('{');
                    bool first = true;
                    foreach (var m in o)
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        WriteString(sb, m.Key);
                        sb.Append(':');
                        Write(sb, m.Value, depth + 1);
                    }
                    sb.Append('}');
                    return;
                case IDictionary d:
                    sb.Append('{');
                    bool firstEntry = true;
                    foreach (DictionaryEntry e in d)
                    {
                        if (!firstEntry) sb.Append(',');
                        firstEntry = false;
                        WriteString(sb, Convert.ToString(e.Key, CultureInfo.InvariantCulture));
                        sb.Append(':');
                        Write(sb, e.Value, depth + 1);
                    }
                    sb.Append('}');
                    return;
                case IEnumerable en:
                    sb.Append('[');
                    bool firstItem = true;
                    foreach (var item in en)
                    {
                        if (!firstItem) sb.Append(',');
                        firstItem = false;
                        Write(sb, item, depth + 1);
                    }
                    sb.Append(']');
                    return;
            }
            if (IsNumber(value))
            {
                WriteNumber(sb, value);
                return;
            }
            WriteString(sb, Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        public static bool IsNumber(object value)
        {
            switch (value)
            {
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _:
                case long _: case ulong _: case float _: case double _: case decimal _:
                    return true;
                default:
                    return false;
            }
        }

        private static void WriteNumber(StringBuilder sb, object value)
        {
            switch (value)
            {
                case double d:
                    if (double.IsNaN(d) || double.IsInfinity(d)) sb.Append("null");
                    else sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                    return;
                case float f:
                    if (float.IsNaN(f) || float.IsInfinity(f)) sb.Append("null");
                    else sb.Append(f.ToString("R", CultureInfo.InvariantCulture));
                    return;
                default:
                    sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }

        public static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029')
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else
                            sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>How a JSON value reads as text: strings as is, everything else as JSON.</summary>
        public static string ToDisplayString(object value)
        {
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case bool b: return b ? "True" : "False";
                case long l: return l.ToString(CultureInfo.InvariantCulture);
                case double d: return d.ToString("R", CultureInfo.InvariantCulture);
                default: return Serialize(value);
            }
        }
    }
}
