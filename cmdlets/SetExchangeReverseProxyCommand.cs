// Set-ExchangeReverseProxy (seed X9): on the Essentials server, ARRConfig with the Exchange PFX
// and host names (and the target server when migrating from Small Business Server), the password
// handed to ARRConfig's input; host names the certificate does not cover are refused. Afterwards
// the Remote Desktop Gateway service is started if ARR stopped it, and /owa must answer: the run is
// planned again and anything left is reported.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.Set, "ExchangeReverseProxy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StepResult))]
    public sealed class SetExchangeReverseProxyCommand : HostPlanCommandBase
    {
        internal const string PasswordSecret = "CertPassword";

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The Exchange certificate's .pfx file, with its private key")]
        public string CertPath { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "The PFX's password")]
        public SecureString CertPassword { get; set; }

        [Parameter(Mandatory = true, Position = 1, HelpMessage = "Exchange's host names on the Internet, e.g. mail.contoso.com")]
        [ValidateNotNullOrEmpty]
        public string[] HostName { get; set; }

        [Parameter(HelpMessage = "The Exchange server, when migrating from Small Business Server")]
        public string TargetServer { get; set; }

        [Parameter(HelpMessage = "ARRConfig.exe; default: the Essentials server's")]
        public string ArrConfigPath { get; set; }

        [Parameter(HelpMessage = "What must answer afterwards; default https://<first host name>/owa")]
        public Uri VerifyUri { get; set; }

        [Parameter(HelpMessage = "Accept a certificate no authority vouches for when checking /owa (a self-signed one)")]
        public SwitchParameter AllowUntrustedCertificate { get; set; }

        [Parameter(HelpMessage = "Where the record of the configuration is kept; default: the user's state directory")]
        public string StateDirectory { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step")]
        public SwitchParameter PassThru { get; set; }

        internal override string PlanScenario => "exchange-reverse-proxy";
        internal override object PlanTarget => HostName;

        internal override Dictionary<string, SecureString> PlanSecrets() =>
            new Dictionary<string, SecureString>(StringComparer.Ordinal) { { PasswordSecret, CertPassword } };

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject
            {
                { "CertPath", ResolvePath(CertPath) },
                { "CertPassword", new JsonObject { { "$secret", PasswordSecret } } },
                { "HostName", new List<object>(HostName) },
            };
            if (TargetServer != null) p.Add("TargetServer", TargetServer);
            if (ArrConfigPath != null) p.Add("ArrConfigPath", ResolvePath(ArrConfigPath));
            if (VerifyUri != null) p.Add("VerifyUri", VerifyUri.AbsoluteUri);
            if (AllowUntrustedCertificate) p.Add("AllowUntrustedCertificate", true);
            if (StateDirectory != null) p.Add("StateDirectory", ResolvePath(StateDirectory));
            return p;
        }

        protected override void ProcessRecord()
        {
            bool applied = false;
            WithPlan((session, plan, doc, steps) =>
            {
                applied = steps.Any(s => !s.IsNoop && s.Action != "manual") && !MyInvocation.BoundParameters.ContainsKey("WhatIf");
                PlanApplier.Apply(this, session, plan, steps, PassThru);
            });
            if (!applied) return;
            // The check afterwards: planned again, nothing may be left (the gateway running, /owa answering).
            WithPlan((session, plan, doc, steps) =>
            {
                session.CompleteProgress();
                foreach (var left in steps.Where(s => !s.IsNoop))
                {
                    string why = left.Notes != null && left.Notes.Length > 0 ? " (" + string.Join("; ", left.Notes) + ")" : "";
                    var ex = new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "reverse_proxy.not_converged",
                        left.Target + " is still not as configured after the run: " + left.Description + why, (string)null);
                    WriteError(new ErrorRecord(ex, "reverse_proxy.not_converged", ErrorCategory.InvalidResult, left.Target));
                }
            });
        }
    }
}
