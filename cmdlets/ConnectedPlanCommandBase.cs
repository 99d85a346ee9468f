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
            if (!PlanConnected(this, _connection, BuildRequest(), Secrets(), UsesHostSession, Target, UsePlan))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException("The connection was closed (Disconnect-MailIntegration or the runspace closing)."),
                    "connection.closed", ErrorCategory.ConnectionError, Target));
            }
        }

        /// <summary>Builds the plan of <paramref name="request"/> through <paramref name="connection"/>
        /// (bad input and unmet preconditions written as error records) and hands it to
        /// <paramref name="use"/>; the secrets are set for the call only. False when the connection
        /// was closed meanwhile.</summary>
        internal static bool PlanConnected(MailIntegrationCmdletBase cmdlet, RunspaceConnection connection, string request,
            IEnumerable<KeyValuePair<string, System.Security.SecureString>> secretsGiven, bool usesHostSession, object target,
            Action<CoreSession, PlanHandle, List<PlanStep>> use)
        {
            var session = connection.Session;
            return connection.TryUse(() =>
            {
                session.BeginInvocation(cmdlet, ProgressActivityId);
                var secrets = new List<KeyValuePair<string, System.Security.SecureString>>(secretsGiven);
                try
                {
                    foreach (var secret in secrets) session.SetSecret(secret.Key, secret.Value);
                    if (usesHostSession)
                    {
                        var byName = new Dictionary<string, System.Security.SecureString>(StringComparer.Ordinal);
                        foreach (var secret in secrets) byName[secret.Key] = secret.Value;
                        session.SetHost(new HostSessionBridge(cmdlet, byName));
                    }
                    PlanHandle plan;
                    try
                    {
                        plan = session.BuildPlanConnected(connection.Handle, request);
                    }
                    catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_INVALID_ARGUMENT)
                    {
                        if (cmdlet.WriteDiagnostics(ex.Diagnostics) == 0) cmdlet.WriteError(ToErrorRecord(ex, target));
                        return;
                    }
                    catch (MailIntegrationException ex) when (ex.Code == NativeMethods.MAILINT_E_FAILED_PRECONDITION)
                    {
                        // The tenant is not ready for this (e.g. the domain not accepted yet): this
                        // record fails, the pipeline goes on.
                        cmdlet.WriteError(ToErrorRecord(ex, target));
                        return;
                    }
                    catch (MailIntegrationException ex)
                    {
                        cmdlet.ThrowCoreError(ex, session);
                        return;
                    }
                    using (var ready = cmdlet.ReadPlan(session, plan, out _, out var steps))
                    {
                        if (ready == null) return;
                        use(session, ready, steps);
                    }
                }
                finally
                {
                    foreach (var secret in secrets) session.SetSecretBytes(secret.Key, new byte[0]);
                    if (usesHostSession) session.ClearHost();
                    session.EndInvocation();
                }
            });
        }
    }
}
