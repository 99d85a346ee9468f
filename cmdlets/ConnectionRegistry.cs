// Where Connect-MailIntegration's connection lives: one per runspace (issue 3), so runspaces of one
// process — ForEach-Object -Parallel, runbook workers, a host's RunspacePool — connect to different
// tenants side by side and never see each other's connection.
//
// Why a module-private table keyed by Runspace.InstanceId rather than a session-state variable:
//   - a variable is visible to scripts: it can be overwritten, removed, or handed to another
//     runspace ($using:, Start-ThreadJob -ArgumentList), and then two threads would drive one native
//     connection, which the C ABI forbids; the table is internal to this assembly;
//   - native handles must be freed when the runspace goes away, deterministically: the table watches
//     Runspace.StateChanged and frees on Closed/Broken, where a variable would only be collected (and
//     its SafeHandles finalized) at some later garbage collection;
//   - Runspace.DefaultRunspace is the runspace whose pipeline is running on the current thread, which
//     is exactly the "current" connection a cmdlet must use.
using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;

namespace MailIntegration
{
    internal static class ConnectionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<Guid, RunspaceConnection> ByRunspace = new Dictionary<Guid, RunspaceConnection>();
        private static readonly HashSet<Guid> Watched = new HashSet<Guid>();

        /// <summary>The runspace running the calling pipeline; null when the thread runs none.</summary>
        internal static Runspace CurrentRunspace() => Runspace.DefaultRunspace;

        internal static RunspaceConnection Get(Runspace runspace)
        {
            if (runspace == null) return null;
            lock (Gate)
            {
                return ByRunspace.TryGetValue(runspace.InstanceId, out var c) ? c : null;
            }
        }

        /// <summary>Makes connection the runspace's, freeing the one it replaces.</summary>
        internal static void Set(Runspace runspace, RunspaceConnection connection)
        {
            RunspaceConnection previous;
            bool watch;
            lock (Gate)
            {
                ByRunspace.TryGetValue(runspace.InstanceId, out previous);
                ByRunspace[runspace.InstanceId] = connection;
                watch = Watched.Add(runspace.InstanceId);
            }
            if (watch) runspace.StateChanged += OnStateChanged;
            if (previous != null && !ReferenceEquals(previous, connection)) previous.Dispose();
        }

        /// <summary>Frees the runspace's connection; false when it had none.</summary>
        internal static bool Remove(Runspace runspace) => runspace != null && Remove(runspace.InstanceId);

        private static bool Remove(Guid id)
        {
            RunspaceConnection connection;
            lock (Gate)
            {
                if (!ByRunspace.TryGetValue(id, out connection)) return false;
                ByRunspace.Remove(id);
            }
            connection.Dispose();
            return true;
        }

        /// <summary>How many runspaces hold a connection now (for diagnostics and tests).</summary>
        internal static int Count
        {
            get { lock (Gate) return ByRunspace.Count; }
        }

        private static void OnStateChanged(object sender, RunspaceStateEventArgs e)
        {
            var state = e.RunspaceStateInfo.State;
            if (state != RunspaceState.Closed && state != RunspaceState.Broken) return;
            if (!(sender is Runspace runspace)) return;
            runspace.StateChanged -= OnStateChanged;
            lock (Gate) Watched.Remove(runspace.InstanceId);
            Remove(runspace.InstanceId);
        }
    }
}
