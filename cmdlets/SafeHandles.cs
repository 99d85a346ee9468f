// SafeHandles over the opaque handles of the C ABI. ReleaseHandle calls the matching _free; no
// finalizers of our own.
using System;
using Microsoft.Win32.SafeHandles;

namespace MailIntegration
{
    /// <summary>mailint_session *, released with mailint_session_free.</summary>
    internal sealed class SessionHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public SessionHandle() : base(true) { }

        protected override bool ReleaseHandle()
        {
            NativeMethods.mailint_session_free(handle);
            return true;
        }
    }

    /// <summary>mailint_plan *, released with mailint_plan_free. A plan runs through the session
    /// that built it, so it holds a reference on that session: the session is never freed first.</summary>
    internal sealed class PlanHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private SessionHandle _session;

        public PlanHandle() : base(true) { }

        internal void KeepSessionAlive(SessionHandle session)
        {
            bool added = false;
            session.DangerousAddRef(ref added);
            if (added) _session = session;
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.mailint_plan_free(handle);
            var session = _session;
            _session = null;
            session?.DangerousRelease();
            return true;
        }
    }

    /// <summary>mailint_connection *, released with mailint_connection_free. A connection calls back
    /// through the session it was made with, so it holds a reference on that session.</summary>
    internal sealed class ConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        private SessionHandle _session;

        public ConnectionHandle() : base(true) { }

        internal void KeepSessionAlive(SessionHandle session)
        {
            bool added = false;
            session.DangerousAddRef(ref added);
            if (added) _session = session;
        }

        protected override bool ReleaseHandle()
        {
            NativeMethods.mailint_connection_free(handle);
            var session = _session;
            _session = null;
            session?.DangerousRelease();
            return true;
        }
    }
}
