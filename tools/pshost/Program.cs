// mailint-pwsh: runs a script (or command text) in a runspace of the NuGet PowerShell engine with a
// console host, for machines without pwsh.
//
//   mailint-pwsh [-NoProfile] [-NonInteractive] -File script.ps1 [-Name value | -Switch | value ...]
//   mailint-pwsh [-NoProfile] -Command "text"
//
// The NuGet engine has no Microsoft.PowerShell.Utility module; when Write-Host or Write-Progress is
// missing, small functions stand in for them so scripts written for pwsh keep working.
using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace MailIntegration.PowerShellHost
{
    internal static class Program
    {
        private const string Usage =
            "usage: mailint-pwsh [-NoProfile] [-NonInteractive] -File script.ps1 [-Name value | -Switch | value ...]\n" +
            "       mailint-pwsh [-NoProfile] -Command text";

        // Defined only when the engine lacks the cmdlet: constant text, never built from input.
        private const string Shims = @"
if (-not (Get-Command -Name Write-Host -CommandType Cmdlet -ErrorAction Ignore)) {
    function global:Write-Host {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromRemainingArguments = $true)] [object] $Object,
            [switch] $NoNewline,
            [object] $Separator = ' ',
            [System.ConsoleColor] $ForegroundColor = [System.ConsoleColor]::Gray,
            [System.ConsoleColor] $BackgroundColor = [System.ConsoleColor]::Black)
        process {
            $parts = foreach ($o in @($Object)) {
                if ($o -is [System.Collections.IEnumerable] -and $o -isnot [string]) { foreach ($i in $o) { ""$i"" } } else { ""$o"" }
            }
            $text = $parts -join ""$Separator""
            if ($PSBoundParameters.ContainsKey('ForegroundColor') -or $PSBoundParameters.ContainsKey('BackgroundColor')) {
                $Host.UI.Write($ForegroundColor, $BackgroundColor, $text)
                if (-not $NoNewline) { $Host.UI.WriteLine() }
            } elseif ($NoNewline) { $Host.UI.Write($text) } else { $Host.UI.WriteLine($text) }
        }
    }
}
if (-not (Get-Command -Name Write-Warning -CommandType Cmdlet -ErrorAction Ignore)) {
    function global:Write-Warning { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [AllowEmptyString()] [string] $Message) process { $PSCmdlet.WriteWarning($Message) } }
    function global:Write-Verbose { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [AllowEmptyString()] [string] $Message) process { $PSCmdlet.WriteVerbose($Message) } }
    function global:Write-Debug { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [AllowEmptyString()] [string] $Message) process { $PSCmdlet.WriteDebug($Message) } }
    function global:Write-Information { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0)] [object] $MessageData, [Parameter(Position = 1)] [string[]] $Tags) $PSCmdlet.WriteInformation($MessageData, $Tags) }
    function global:Write-Output { [CmdletBinding()] param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromRemainingArguments = $true)] [AllowNull()] [AllowEmptyCollection()] [object[]] $InputObject, [switch] $NoEnumerate) process { $PSCmdlet.WriteObject($InputObject, -not $NoEnumerate) } }
    function global:Write-Error {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline = $true)] [string] $Message = 'Error',
            [System.Management.Automation.ErrorCategory] $Category = [System.Management.Automation.ErrorCategory]::NotSpecified,
            [string] $ErrorId = 'Microsoft.PowerShell.Commands.WriteErrorException',
            [object] $TargetObject,
            [System.Management.Automation.ErrorRecord] $ErrorRecord,
            [System.Exception] $Exception)
        process {
            if (-not $ErrorRecord) {
                if (-not $Exception) { $Exception = [System.Exception]::new($Message) }
                $ErrorRecord = [System.Management.Automation.ErrorRecord]::new($Exception, $ErrorId, $Category, $TargetObject)
            }
            $PSCmdlet.WriteError($ErrorRecord)
        }
    }
}
if (-not (Get-Command -Name Write-Progress -CommandType Cmdlet -ErrorAction Ignore)) {
    function global:Write-Progress {
        [CmdletBinding()]
        param(
            [Parameter(Position = 0)] [string] $Activity = 'Processing',
            [Parameter(Position = 1)] [string] $Status = 'Processing',
            [Parameter(Position = 2)] [int] $Id = 0,
            [int] $PercentComplete = -1,
            [int] $SecondsRemaining = -1,
            [string] $CurrentOperation,
            [int] $ParentId = -1,
            [switch] $Completed)
        $record = [System.Management.Automation.ProgressRecord]::new($Id, $Activity, $Status)
        $record.PercentComplete = $PercentComplete
        $record.SecondsRemaining = $SecondsRemaining
        $record.ParentActivityId = $ParentId
        if ($CurrentOperation) { $record.CurrentOperation = $CurrentOperation }
        if ($Completed) { $record.RecordType = [System.Management.Automation.ProgressRecordType]::Completed }
        $PSCmdlet.WriteProgress($record)
    }
}
";

        private static int Main(string[] args)
        {
            string file = null;
            string command = null;
            var scriptArgs = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (file == null && command == null)
                {
                    if (Is(a, "-NoProfile", "-NoLogo", "-NonInteractive")) continue;
                    if (Is(a, "-ExecutionPolicy") && i + 1 < args.Length) { i++; continue; }
                    if (Is(a, "-File", "-f") && i + 1 < args.Length) { file = args[++i]; continue; }
                    if (Is(a, "-Command", "-c") && i + 1 < args.Length)
                    {
                        command = string.Join(" ", args, i + 1, args.Length - i - 1);
                        break;
                    }
                    if (Is(a, "-h", "-help", "--help", "-?"))
                    {
                        Console.Out.WriteLine(Usage);
                        return 0;
                    }
                    if (!a.StartsWith("-", StringComparison.Ordinal)) { file = a; continue; }
                    Console.Error.WriteLine("mailint-pwsh: unknown option " + a);
                    Console.Error.WriteLine(Usage);
                    return 64;
                }
                scriptArgs.Add(a);
            }
            if (file == null && command == null)
            {
                Console.Error.WriteLine(Usage);
                return 64;
            }

            var host = new ConsoleHost();
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;

            using var runspace = RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            using (var setup = PowerShell.Create())
            {
                setup.Runspace = runspace;
                setup.AddScript(Shims).Invoke();
                // Plain text when the output is not a terminal (pipes, files, CI logs).
                setup.Commands.Clear();
                setup.AddScript("param($plain) if ($plain -and $null -ne $PSStyle) { $PSStyle.OutputRendering = 'PlainText' }")
                     .AddArgument(Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") != null)
                     .Invoke();
            }

            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            if (file != null)
            {
                string path = Path.GetFullPath(file);
                if (!File.Exists(path))
                {
                    Console.Error.WriteLine("mailint-pwsh: the script '" + file + "' does not exist.");
                    return 64;
                }
                ps.AddCommand(path);
                BindArguments(ps, scriptArgs);
            }
            else
            {
                ps.AddScript(command);
            }
            ps.AddCommand("Out-Default");

            // Warnings, verbose, debug, information and progress reach the host's UI from the engine
            // itself (as their preferences say); errors are only collected, so print them here.
            var ui = host.UI;
            ps.Streams.Error.DataAdded += (s, e) => ui.WriteErrorLine(FormatError(ps.Streams.Error[e.Index]));

            int exitCode = 0;
            try
            {
                ps.Invoke();
                if (ps.InvocationStateInfo.State == PSInvocationState.Failed)
                {
                    var reason = ps.InvocationStateInfo.Reason;
                    if (reason != null) ReportTerminating(ui, reason);
                    exitCode = 1;
                }
            }
            catch (Exception ex) when (ex.GetType().Name == "ExitException")
            {
                exitCode = ExitCodeOf(ex);
            }
            catch (RuntimeException ex)
            {
                ReportTerminating(ui, ex);
                exitCode = 1;
            }
            catch (Exception ex)
            {
                ui.WriteErrorLine("mailint-pwsh: " + ex.GetType().Name + ": " + ex.Message);
                exitCode = 1;
            }

            if (host.ShouldExit) return host.ExitCode;
            if (exitCode == 0)
            {
                // `exit N` in a script run with -File sets $LASTEXITCODE.
                object last = runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
                if (last is int code && code != 0) exitCode = code;
            }
            Console.Out.Flush();
            return exitCode;
        }

        private static bool Is(string arg, params string[] names)
        {
            foreach (var n in names)
            {
                if (string.Equals(arg, n, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static bool IsParameterName(string token) =>
            token.Length > 1 && token[0] == '-' && (char.IsLetter(token[1]) || token[1] == '_');

        /// <summary>-Name value → named parameter; -Name:value too; -Name alone → switch; else positional.</summary>
        private static void BindArguments(PowerShell ps, List<string> args)
        {
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                if (!IsParameterName(a))
                {
                    ps.AddArgument(a);
                    continue;
                }
                string name = a.Substring(1);
                int colon = name.IndexOf(':');
                if (colon >= 0)
                {
                    string value = name.Substring(colon + 1);
                    name = name.Substring(0, colon);
                    if (string.Equals(value, "$true", StringComparison.OrdinalIgnoreCase)) ps.AddParameter(name, true);
                    else if (string.Equals(value, "$false", StringComparison.OrdinalIgnoreCase)) ps.AddParameter(name, false);
                    else ps.AddParameter(name, value);
                    continue;
                }
                if (i + 1 < args.Count && !IsParameterName(args[i + 1]))
                {
                    ps.AddParameter(name, args[++i]);
                }
                else
                {
                    ps.AddParameter(name, true);
                }
            }
        }

        private static int ExitCodeOf(Exception ex)
        {
            var argument = ex.GetType().GetProperty("Argument")?.GetValue(ex);
            return argument is int i ? i : LanguagePrimitives.ConvertTo<int>(argument ?? 0);
        }

        private static void ReportTerminating(System.Management.Automation.Host.PSHostUserInterface ui, Exception ex)
        {
            if (ex is IContainsErrorRecord icer && icer.ErrorRecord != null) ui.WriteErrorLine(FormatError(icer.ErrorRecord));
            else ui.WriteErrorLine(ex.GetType().Name + ": " + ex.Message);
        }

        /// <summary>The classic NormalView: message, position, category, id.</summary>
        internal static string FormatError(ErrorRecord record)
        {
            var sb = new StringBuilder();
            string message = record.ErrorDetails?.Message;
            if (string.IsNullOrEmpty(message)) message = record.Exception?.Message ?? record.ToString();
            string command = record.InvocationInfo?.MyCommand?.Name;
            if (!string.IsNullOrEmpty(command) && !message.StartsWith(command, StringComparison.Ordinal)) sb.Append(command).Append(": ");
            sb.Append(message);
            string position = record.InvocationInfo?.PositionMessage;
            if (!string.IsNullOrEmpty(position)) sb.AppendLine().Append(position);
            sb.AppendLine().Append("    + CategoryInfo          : ").Append(record.CategoryInfo);
            sb.AppendLine().Append("    + FullyQualifiedErrorId : ").Append(record.FullyQualifiedErrorId);
            return sb.ToString();
        }
    }
}
