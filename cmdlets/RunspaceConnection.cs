// One runspace's connection: the native session that holds the secrets and callbacks, the native
// connection made through it, and what it looks like to the user. Owned by ConnectionRegistry.
using System;
using System.Threading;

namespace MailIntegration
{
    internal sealed class RunspaceConnection : IDisposable
    {
        // The C ABI allows one thread at a time per connection. A runspace runs one pipeline at a
        // time, but a runspace closing (ConnectionRegistry frees on that event, from whatever thread
        // raises it) may race a command that is just finishing.
        private readonly object _gate = new object();
        private bool _disposed;

        internal RunspaceConnection(CoreSession session, ConnectionHandle handle, Connection info)
        {
            Session = session;
            Handle = handle;
            Info = info;
        }

        internal CoreSession Session { get; }
        internal ConnectionHandle Handle { get; }
        internal Connection Info { get; }

        /// <summary>Runs body with the connection held, or returns false if it was already freed.</summary>
        internal bool TryUse(Action body)
        {
            lock (_gate)
            {
                if (_disposed) return false;
                body();
                return true;
            }
        }

        public void Dispose()
        {
            // Taken without a timeout: a command using the connection finishes (or is stopped) first.
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                Handle.Dispose();   // mailint_connection_free: tokens forgotten, copied secrets zeroed
                Session.Dispose();  // then the session and its secrets
            }
        }
    }
}
