// New-ExchangeCertificateRequest (seed X6): the document's New-ExchangeCertificate -GenerateRequest
// with the subject built from the parameters (C, S, L, O, OU, CN = the first host name) and every
// host name as a subject alternative name, the private key exportable (the Essentials server needs
// a copy for ARR), the request written to -RequestFile. Afterwards the file is read back and
// checked against what was asked (subject, host names, key size, signature) and against Exchange
// (the pending request holding an exportable key); a re-run with the same file changes nothing, and
// a request Exchange already holds is written out again rather than asked for twice.
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommon.New, "ExchangeCertificateRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    [OutputType(typeof(StepResult))]
    public sealed class NewExchangeCertificateRequestCommand : HostPlanCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, HelpMessage = "The names the certificate must cover, e.g. mail.contoso.com, autodiscover.contoso.com; the first is the CN")]
        [ValidateNotNullOrEmpty]
        public string[] HostName { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "Two-letter country code, e.g. US")]
        public string Country { get; set; }

        [Parameter(HelpMessage = "State or province, e.g. WA")]
        public string State { get; set; }

        [Parameter(HelpMessage = "City or locality, e.g. Redmond")]
        public string City { get; set; }

        [Parameter(HelpMessage = "Organization, e.g. Contoso")]
        public string Organization { get; set; }

        [Parameter(HelpMessage = "Organizational unit, e.g. IT")]
        public string OrganizationalUnit { get; set; }

        [Parameter(Mandatory = true, HelpMessage = "Where the request is written, e.g. C:\\Docs\\MyCertRequest.req")]
        public string RequestFile { get; set; }

        [Parameter(HelpMessage = "RSA key size: 2048 (default) or 4096")]
        [ValidateSet("2048", "4096")]
        public string KeySize { get; set; }

        [Parameter(HelpMessage = "The Exchange server that makes the request; default: the one this session is connected to")]
        public string Server { get; set; }

        [Parameter(HelpMessage = "Write one MailIntegration.StepResult per step instead of the request file")]
        public SwitchParameter PassThru { get; set; }

        internal override string PlanScenario => "exchange-certificate-request";
        internal override object PlanTarget => RequestFile;

        internal override JsonObject PlanParameters()
        {
            var p = new JsonObject
            {
                { "HostName", HostName.Cast<object>().ToList() },
                { "Country", Country },
                { "RequestFile", ResolvePath(RequestFile) },
            };
            if (State != null) p.Add("State", State);
            if (City != null) p.Add("City", City);
            if (Organization != null) p.Add("Organization", Organization);
            if (OrganizationalUnit != null) p.Add("OrganizationalUnit", OrganizationalUnit);
            if (KeySize != null) p.Add("KeySize", int.Parse(KeySize, System.Globalization.CultureInfo.InvariantCulture));
            if (Server != null) p.Add("Server", Server);
            return p;
        }

        protected override void ProcessRecord()
        {
            bool planned = false, failed = false, whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf");
            WithPlan((session, plan, doc, steps) =>
            {
                planned = true;
                PlanApplier.Apply(this, session, plan, steps, PassThru, null, (step, error) => failed = true);
            });
            // A failed step has written its own error; checking again would only repeat it.
            if (!planned || failed || whatIf) return;
            // The check afterwards: the file read back and Exchange's pending request read again; the
            // plan must now be the single "nothing to do" step.
            bool converged = false;
            WithPlan((session, plan, doc, steps) =>
            {
                session.CompleteProgress();
                converged = steps.All(s => s.IsNoop);
                foreach (var left in steps.Where(s => !s.IsNoop))
                {
                    var ex = new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "exchange.csr.not_converged",
                        "The request in " + left.Target + " is not the one asked for after the run: " + left.Description +
                        ". Run New-ExchangeCertificateRequest again, or check the file is not being replaced.", (string)null);
                    WriteError(new ErrorRecord(ex, "exchange.csr.not_converged", ErrorCategory.InvalidResult, left.Target));
                }
            });
            if (converged && !PassThru) WriteObject(new FileInfo(ResolvePath(RequestFile)));
        }
    }
}
