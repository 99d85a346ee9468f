// A PSHost that keeps what the engine writes to the host (the "What if:" lines of -WhatIf go
// nowhere else) and refuses every prompt, so a test can read exactly what an administrator's
// console would show.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;

namespace MailIntegration.Module.Tests
{
    public sealed class CapturingHost : PSHost
    {
        private readonly CapturingUserInterface _ui = new CapturingUserInterface();
        private readonly Guid _id = Guid.NewGuid();

        public override string Name => "mailint-tests";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId => _id;
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        /// <summary>Everything written to the host since the last <see cref="Take"/>.</summary>
        public string Take() => _ui.Take();

        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        /// <summary>A runspace like ModuleFixture.NewRunspace's, on this host.</summary>
        public Runspace Open(ModuleFixture f)
        {
            var runspace = RunspaceFactory.CreateRunspace(this, InitialSessionState.CreateDefault2());
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand("Import-Module").AddParameter("Name", f.ForwardingModule).AddParameter("ErrorAction", "Stop");
            ps.AddStatement().AddCommand("Connect-ExchangeOnPremEmulator").AddParameter("Uri", f.EmulatorUri);
            ps.AddStatement().AddCommand("Import-Module").AddParameter("Name", f.ModuleManifest).AddParameter("ErrorAction", "Stop");
            ps.Invoke();
            if (ps.HadErrors) throw new InvalidOperationException("Runspace setup failed: " + ps.Streams.Error[0]);
            Take();
            return runspace;
        }
    }

    internal sealed class CapturingUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly object _gate = new object();

        public string Take()
        {
            lock (_gate)
            {
                string s = _text.ToString();
                _text.Clear();
                return s;
            }
        }

        private void Add(string value) { lock (_gate) _text.Append(value); }

        public override PSHostRawUserInterface RawUI => null;
        public override void Write(string value) => Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
        public override void WriteLine(string value) => Add(value + "\n");
        public override void WriteErrorLine(string value) => Add(value + "\n");
        public override void WriteDebugLine(string message) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => Add("WARNING: " + message + "\n");
        public override void WriteProgress(long sourceId, ProgressRecord record) { }

        private static Exception NoPrompt() => new InvalidOperationException("the tests' host answers no prompt");
        public override string ReadLine() => throw NoPrompt();
        public override SecureString ReadLineAsSecureString() => throw NoPrompt();
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoPrompt();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPrompt();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                                                         PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPrompt();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPrompt();
    }
}
