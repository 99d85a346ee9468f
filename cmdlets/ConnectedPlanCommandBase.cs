// What every cmdlet that plans against the connected tenant shares (Add-M365Domain,
// Enable-M365DkimSigning): the runspace's connection, the plan built through it from the cmdlet's
// request, and the same apply rules as everything else (PlanApplier: ShouldProcess per step,
// failures as error records with the step's error id).
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace MailIntegration.Commands
{
    public abstract class ConnectedPlanCommandBase : MailIntegrationCmdletBase
    {
        private RunspaceConnection _connection;

        /// <summary>The runspace's connection (set in BeginProcessing).</summary>
        internal RunspaceConnection Connection => _connection;

        /// <summary>Whether the apply writes one StepResult per step (-PassThru where offered).</summary>
        internal virtual bool PassThruRequested => false;

        /// <summary>Secrets the request refers to, put in the connection's session before the plan is
        /// built, and taken out again (replaced by nothing) after the apply.</summary>
        internal virtual IEnumerable<KeyValuePair<string, System.Security.SecureString>> Secrets() =>
            new KeyValuePair<string, System.Security.SecureString>[0];

        /// <summary>What is done with the plan: applied through ShouldProcess (the default), or,
        /// for a Test- cmdlet, shown.</summary>
        internal virtual void UsePlan(CoreSession session, PlanHandle plan, List<PlanStep> steps) =>
            PlanApplier.Apply(this, session, plan, steps, PassThruRequested);

        /// <summary>Whether the plan runs commands in this runspace through the host session (the
        /// Dynamics 365 deployment's cmdlets of Set-CrmServerSideSync); its secrets reach them as
        /// SecureStrings.</summary>
        internal virtual bool UsesHostSession => false;

        /// <summary>The core's request document for this record of the pipeline.</summary>
        internal abstract string BuildRequest();

        /// <summary>What error records name as their target.</summary>
        internal abstract object Target { get; }

        protected override void BeginProcessing()
        {
            _connection = ConnectionRegistry.Get(ConnectionRegistry.CurrentRunspace());
            if (_connection == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("There is no connection in this session: run Connect-MailIntegration first."),
                    "connection.not_connected", ErrorCategory.ConnectionError, Target));
            }
        }

        protected override void StopProcessing()
        {
            _connection?.Session.Stop();
        }

        protected override void ProcessRecord()
        {
            var session = _connection.Session;
            bool used = _connection.TryUse(() =>
            {
                session.BeginInvocation(this, ProgressActivityId);
                var secrets = new List<KeyValuePair<string, System.Security.SecureString>>(Secrets());
                try
                {
                    foreach (var secret in secrets) session.SetSecret(secret.Key, secret.Value);
                    if (UsesHostSession)
                    {
                        var byName = new Dictionary<string, System.Security.SecureString>(StringComparer.Ordinal);
                        foreach (var secret in secrets) byName[secret.Key] = secret.Value;
                        session.SetHost(new HostSessionBridge(this, byName));
                    }
                    PlanHandle plan;
                    try
                    {
                        plan = session.BuildPlanConnected(_connection.Handle, BuildRequest());
                    }
                    catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                    {
                        if (WriteDiagnostics(ex.Diagnostics) == 0) WriteError(ToErrorRecord(ex, Target));
                        return;
                    }
                    catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_FAILED_PRECONDITION)
                    {
                        // The tenant is not ready for this (e.g. the domain not accepted yet): this
                        // record fails, the pipeline goes on.
                        WriteError(ToErrorRecord(ex, Target));
                        return;
                    }
                    catch (MailIntegrationException ex)
                    {
                        ThrowCoreError(ex, session);
                        return;
                    }
                    using (var ready = ReadPlan(session, plan, out _, out var steps))
                    {
                        if (ready == null) return;
                        UsePlan(session, ready, steps);
                    }
                }
                finally
                {
                    foreach (var secret in secrets) session.SetSecretBytes(secret.Key, new byte[0]);
                    if (UsesHostSession) session.ClearHost();
                    session.EndInvocation();
                }
            });
            if (!used)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, Target));
            }
        }
    }
}
