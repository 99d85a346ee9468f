// The PSHost of mailint-pwsh: writes to the console, prompts on the console (mandatory parameters,
// SecureString, credentials, choices), progress as one line per update on stderr.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace MailIntegration.PowerShellHost
{
    internal sealed class ConsoleHost : PSHost
    {
        private readonly ConsoleHostUserInterface _ui = new ConsoleHostUserInterface();
        private readonly Guid _id = Guid.NewGuid();

        public override string Name => "mailint-pwsh";
        public override Version Version => new Version(0, 1, 0);
        public override Guid InstanceId => _id;
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

        public bool ShouldExit { get; private set; }
        public int ExitCode { get; private set; }

        public override void SetShouldExit(int exitCode)
        {
            ShouldExit = true;
            ExitCode = exitCode;
        }

        public override void EnterNestedPrompt() => throw new NotSupportedException("mailint-pwsh has no nested prompt.");
        public override void ExitNestedPrompt() => throw new NotSupportedException("mailint-pwsh has no nested prompt.");
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    internal sealed class ConsoleHostUserInterface : PSHostUserInterface
    {
        private readonly ConsoleRawUserInterface _raw = new ConsoleRawUserInterface();
        private readonly object _gate = new object();

        public override PSHostRawUserInterface RawUI => _raw;

        private static bool Colour => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") == null;

        // Table headers and the like carry VT sequences ($PSStyle); plain text when not a terminal.
        private static readonly Regex Vt = new Regex("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)", RegexOptions.CultureInvariant);

        private static string Plain(string value) => Colour || value == null || value.IndexOf('\u001b') < 0 ? value : Vt.Replace(value, string.Empty);
        private static bool ErrorColour => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") == null;

        public override void Write(string value)
        {
            lock (_gate) Console.Out.Write(Plain(value));
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
            lock (_gate)
            {
                if (!Colour)
                {
                    Console.Out.Write(Plain(value));
                    return;
                }
                var fg = Console.ForegroundColor;
                var bg = Console.BackgroundColor;
                Console.ForegroundColor = foregroundColor;
                Console.BackgroundColor = backgroundColor;
                Console.Out.Write(value);
                Console.ForegroundColor = fg;
                Console.BackgroundColor = bg;
            }
        }

        public override void WriteLine(string value)
        {
            lock (_gate) Console.Out.WriteLine(Plain(value));
        }

        private void WriteStderr(ConsoleColor colour, string value)
        {
            lock (_gate)
            {
                Console.Out.Flush();
                if (ErrorColour)
                {
                    var fg = Console.ForegroundColor;
                    Console.ForegroundColor = colour;
                    Console.Error.WriteLine(value);
                    Console.ForegroundColor = fg;
                }
                else
                {
                    Console.Error.WriteLine(value);
                }
            }
        }

        public override void WriteErrorLine(string value) => WriteStderr(ConsoleColor.Red, value);

        public override void WriteDebugLine(string message) => WriteStderr(ConsoleColor.Yellow, "DEBUG: " + message);

        public override void WriteVerboseLine(string message) => WriteStderr(ConsoleColor.Yellow, "VERBOSE: " + message);

        public override void WriteWarningLine(string message) => WriteStderr(ConsoleColor.Yellow, "WARNING: " + message);

        public override void WriteInformation(InformationRecord record)
        {
            // Called for every information record, shown or not: the engine itself writes the ones
            // whose preference is Continue through WriteLine.
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            if (record == null) return;
            var sb = new StringBuilder("PROGRESS: ");
            sb.Append(record.Activity);
            if (record.RecordType == ProgressRecordType.Completed)
            {
                sb.Append(": completed");
            }
            else
            {
                if (!string.IsNullOrEmpty(record.StatusDescription)) sb.Append(": ").Append(record.StatusDescription);
                if (!string.IsNullOrEmpty(record.CurrentOperation)) sb.Append(" [").Append(record.CurrentOperation).Append(']');
                if (record.PercentComplete >= 0) sb.Append(" (").Append(record.PercentComplete.ToString(CultureInfo.InvariantCulture)).Append("%)");
            }
            lock (_gate)
            {
                Console.Out.Flush();
                Console.Error.WriteLine(sb.ToString());
            }
        }

        public override string ReadLine()
        {
            string line = Console.ReadLine();
            if (line == null) throw new PSInvalidOperationException("mailint-pwsh: standard input is closed; cannot read a value.");
            return line;
        }

        public override SecureString ReadLineAsSecureString()
        {
            var secure = new SecureString();
            if (Console.IsInputRedirected)
            {
                // No echo to hide: read one line, one character at a time, so no string holds it.
                int c;
                while ((c = Console.In.Read()) != -1 && c != '\n')
                {
                    if (c != '\r') secure.AppendChar((char)c);
                }
                if (c == -1 && secure.Length == 0) throw new PSInvalidOperationException("mailint-pwsh: standard input is closed; cannot read a value.");
            }
            else
            {
                while (true)
                {
                    var key = Console.ReadKey(intercept: true);
                    if (key.Key == ConsoleKey.Enter) break;
                    if (key.Key == ConsoleKey.Backspace)
                    {
                        if (secure.Length > 0)
                        {
                            secure.RemoveAt(secure.Length - 1);
                            Console.Out.Write("\b \b");
                        }
                        continue;
                    }
                    if (key.KeyChar == '\0') continue;
                    secure.AppendChar(key.KeyChar);
                    Console.Out.Write('*');
                }
                Console.Out.WriteLine();
            }
            secure.MakeReadOnly();
            return secure;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
            if (!string.IsNullOrEmpty(message)) WriteLine(message);
            var result = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in descriptions)
            {
                string label = string.IsNullOrEmpty(field.Label) ? field.Name : field.Label.Replace("&", string.Empty);
                string type = field.ParameterTypeFullName ?? string.Empty;
                if (type == typeof(SecureString).FullName)
                {
                    Write(label + ": ");
                    result[field.Name] = new PSObject(ReadLineAsSecureString());
                }
                else if (type == typeof(PSCredential).FullName)
                {
                    result[field.Name] = new PSObject(PromptForCredential(caption, message, null, field.Name));
                }
                else if (type.EndsWith("[]", StringComparison.Ordinal))
                {
                    var items = new List<object>();
                    for (int i = 0; ; i++)
                    {
                        Write(label + "[" + i.ToString(CultureInfo.InvariantCulture) + "]: ");
                        string line = ReadLine();
                        if (line.Length == 0) break;
                        items.Add(line);
                    }
                    result[field.Name] = new PSObject(items.ToArray());
                }
                else
                {
                    while (true)
                    {
                        Write(label + ": ");
                        string line = ReadLine();
                        if (line == "!?" && !string.IsNullOrEmpty(field.HelpMessage))
                        {
                            WriteLine(field.HelpMessage);
                            continue;
                        }
                        result[field.Name] = new PSObject(line);
                        break;
                    }
                }
            }
            return result;
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
            if (!string.IsNullOrEmpty(message)) WriteLine(message);
            var keys = new List<string>();
            var sb = new StringBuilder();
            for (int i = 0; i < choices.Count; i++)
            {
                string label = choices[i].Label ?? string.Empty;
                int amp = label.IndexOf('&');
                string key = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : (i + 1).ToString(CultureInfo.InvariantCulture);
                keys.Add(key);
                sb.Append('[').Append(key).Append("] ").Append(label.Replace("&", string.Empty)).Append("  ");
            }
            if (defaultChoice >= 0 && defaultChoice < choices.Count)
                sb.Append("(default is \"").Append(keys[defaultChoice]).Append("\")");
            while (true)
            {
                WriteLine(sb.ToString());
                Write("Choice: ");
                string answer = ReadLine().Trim();
                if (answer.Length == 0 && defaultChoice >= 0) return defaultChoice;
                for (int i = 0; i < keys.Count; i++)
                {
                    if (string.Equals(keys[i], answer, StringComparison.OrdinalIgnoreCase) ||
                        string.Equals((choices[i].Label ?? string.Empty).Replace("&", string.Empty), answer, StringComparison.OrdinalIgnoreCase))
                        return i;
                }
            }
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            if (!string.IsNullOrEmpty(caption)) WriteLine(caption);
            if (!string.IsNullOrEmpty(message)) WriteLine(message);
            if (string.IsNullOrEmpty(userName))
            {
                Write("User: ");
                userName = ReadLine();
            }
            Write("Password for user " + userName + ": ");
            return new PSCredential(userName, ReadLineAsSecureString());
        }
    }

    internal sealed class ConsoleRawUserInterface : PSHostRawUserInterface
    {
        private static int Width
        {
            get
            {
                if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 20) return columns;
                try
                {
                    if (!Console.IsOutputRedirected && Console.WindowWidth > 20) return Console.WindowWidth;
                }
                catch (Exception) { }
                return 160;
            }
        }

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get => new Size(Width, 9999); set { } }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 25;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new Size(Width, 50);
        public override Size MaxWindowSize => new Size(Width, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get => new Size(Width, 50); set { } }
        public override string WindowTitle { get; set; } = "mailint-pwsh";

        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("mailint-pwsh does not read keys.");
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
