// One native session for the duration of one cmdlet invocation: its handle, the secret, and the
// callbacks (kept alive in fields for as long as the session can call them).
using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Threading;

namespace MailIntegration
{
    internal sealed class CoreSession : IDisposable
    {
        private readonly SessionHandle _handle;
        private NativeMethods.mailint_progress_cb _progressDelegate;
        private NativeMethods.mailint_host_invoke_cb _hostDelegate;
        private NativeMethods.mailint_notice_cb _noticeDelegate;
        private Func<DeviceCodeNotice, bool> _noticeHandler;
        private HostSessionBridge _host;
        private PSCmdlet _progressCmdlet;
        private int _progressActivityId;
        private bool _progressShown;
        private volatile bool _stopping;

        private CoreSession(SessionHandle handle)
        {
            _handle = handle;
        }

        internal SessionHandle Handle => _handle;

        /// <summary>Creates a session; journalDirectory may be null (the library's default).</summary>
        internal static CoreSession Create(string journalDirectory)
        {
            byte[] config = null;
            if (!string.IsNullOrEmpty(journalDirectory))
            {
                var doc = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion }, { "journalDirectory", journalDirectory } };
                config = Utf8.Bytes(Json.Serialize(doc));
            }
            int rc = NativeMethods.mailint_session_new(out var handle, config, Utf8.Length(config));
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                handle?.Dispose();
                throw error;
            }
            return new CoreSession(handle);
        }

        /// <summary>Hands a SecureString to the session as UTF-8 bytes that exist only for the call.</summary>
        internal void SetSecret(string name, SecureString value)
        {
            if (value == null) return;
            byte[] nameBytes = Utf8.NulTerminated(name);
            IntPtr unicode = IntPtr.Zero;
            char[] chars = null;
            byte[] bytes = null;
            GCHandle charsPin = default, bytesPin = default;
            try
            {
                int length = value.Length;
                chars = new char[length];
                charsPin = GCHandle.Alloc(chars, GCHandleType.Pinned);
                unicode = Marshal.SecureStringToGlobalAllocUnicode(value);
                Marshal.Copy(unicode, chars, 0, length);
                Marshal.ZeroFreeGlobalAllocUnicode(unicode);
                unicode = IntPtr.Zero;

                var encoding = new UTF8Encoding(false, false);
                bytes = new byte[encoding.GetByteCount(chars, 0, length)];
                bytesPin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                encoding.GetBytes(chars, 0, length, bytes, 0);
                Array.Clear(chars, 0, chars.Length);

                int rc = NativeMethods.mailint_session_set_secret(_handle, nameBytes,
                    bytesPin.AddrOfPinnedObject(), new UIntPtr((uint)bytes.Length));
                Array.Clear(bytes, 0, bytes.Length);
                NativeMethods.Check(rc);
            }
            finally
            {
                if (unicode != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unicode);
                if (chars != null) Array.Clear(chars, 0, chars.Length);
                if (bytes != null) Array.Clear(bytes, 0, bytes.Length);
                if (charsPin.IsAllocated) charsPin.Free();
                if (bytesPin.IsAllocated) bytesPin.Free();
            }
        }

        /// <summary>Hands bytes (a PFX exported from the certificate store) to the session; the caller
        /// zeroes its array afterwards.</summary>
        internal void SetSecretBytes(string name, byte[] value)
        {
            if (value == null) return;
            byte[] nameBytes = Utf8.NulTerminated(name);
            GCHandle pin = GCHandle.Alloc(value, GCHandleType.Pinned);
            try
            {
                NativeMethods.Check(NativeMethods.mailint_session_set_secret(_handle, nameBytes,
                    pin.AddrOfPinnedObject(), new UIntPtr((uint)value.Length)));
            }
            finally
            {
                pin.Free();
            }
        }

        /// <summary>Installs the notice callback (the device code prompt). The handler runs on the
        /// thread that called into the core, i.e. the pipeline thread; it returns true to cancel.</summary>
        internal void SetNotice(Func<DeviceCodeNotice, bool> handler)
        {
            _noticeHandler = handler;
            _noticeDelegate = OnNotice;
            NativeMethods.Check(NativeMethods.mailint_session_set_notice(_handle, _noticeDelegate, IntPtr.Zero));
        }

        private int OnNotice(IntPtr info, IntPtr payload)
        {
            try
            {
                if (_stopping) return 1;
                var handler = _noticeHandler;
                if (info == IntPtr.Zero || handler == null) return 0;
                var n = (NativeMethods.mailint_notice)Marshal.PtrToStructure(info, typeof(NativeMethods.mailint_notice));
                var notice = new DeviceCodeNotice(Utf8.FromNative(n.kind), Utf8.FromNative(n.message),
                    Utf8.FromNative(n.user_code), Utf8.FromNative(n.verification_uri));
                return handler(notice) || _stopping ? 1 : 0;
            }
            catch (Exception)
            {
                // Never throw into native code; a prompt nobody could see is a reason to stop.
                return 1;
            }
        }

        /// <summary>Readies a long-lived session (a connection's) for one cmdlet invocation: progress
        /// goes to this cmdlet, and a Stop of an earlier invocation no longer counts.</summary>
        internal void BeginInvocation(PSCmdlet cmdlet, int activityId)
        {
            _stopping = false;
            SetProgress(cmdlet, activityId);
        }

        /// <summary>Ends BeginInvocation: closes the progress bar and forgets the cmdlet, which must not
        /// be called back once its pipeline is over.</summary>
        internal void EndInvocation()
        {
            CompleteProgress();
            _progressCmdlet = null;
            _noticeHandler = null;
            try { NativeMethods.mailint_session_set_progress(_handle, null, IntPtr.Zero); }
            catch (Exception) { }
            // The delegate stays referenced by the field until the session is disposed.
        }

        internal ConnectionHandle Connect(string configJson)
        {
            byte[] config = Utf8.Bytes(configJson);
            int rc = NativeMethods.mailint_connection_new(out var connection, _handle, config, Utf8.Length(config));
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                connection?.Dispose();
                throw error;
            }
            connection.KeepSessionAlive(_handle);
            return connection;
        }

        internal static string Describe(ConnectionHandle connection)
        {
            var buf = new NativeMethods.mailint_buf();
            int rc = NativeMethods.mailint_connection_describe(connection, ref buf);
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                NativeMethods.TakeString(ref buf);
                throw error;
            }
            return NativeMethods.TakeString(ref buf);
        }

        internal static string InvokeExchange(ConnectionHandle connection, string requestJson)
        {
            byte[] request = Utf8.Bytes(requestJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = NativeMethods.mailint_exchange_invoke(connection, request, Utf8.Length(request), ref buf);
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                NativeMethods.TakeString(ref buf);
                throw error;
            }
            return NativeMethods.TakeString(ref buf);
        }

        /// <summary>Installs the host-session callback: Exchange commands run in the cmdlet's runspace.</summary>
        internal void SetHost(HostSessionBridge bridge)
        {
            _host = bridge;
            _hostDelegate = bridge.Invoke;
            NativeMethods.Check(NativeMethods.mailint_session_set_host(_handle, _hostDelegate, IntPtr.Zero));
        }

        /// <summary>Removes the host-session callback, so a long-lived session (a connection's)
        /// never calls back into a cmdlet whose pipeline is over.</summary>
        internal void ClearHost()
        {
            try { NativeMethods.mailint_session_set_host(_handle, null, IntPtr.Zero); }
            catch (Exception) { }
            _host = null;
        }

        /// <summary>Installs the progress callback: each update becomes a Write-Progress record.</summary>
        internal void SetProgress(PSCmdlet cmdlet, int activityId)
        {
            _progressCmdlet = cmdlet;
            _progressActivityId = activityId;
            _progressDelegate = OnProgress;
            NativeMethods.Check(NativeMethods.mailint_session_set_progress(_handle, _progressDelegate, IntPtr.Zero));
        }

        /// <summary>Called from StopProcessing (another thread): the next callback cancels.</summary>
        internal void Stop()
        {
            _stopping = true;
            _host?.Stop();
        }

        internal bool Stopping => _stopping;

        private int OnProgress(IntPtr info, IntPtr payload)
        {
            try
            {
                if (_stopping) return 1;
                if (info == IntPtr.Zero || _progressCmdlet == null) return 0;
                var p = (NativeMethods.mailint_progress)Marshal.PtrToStructure(info, typeof(NativeMethods.mailint_progress));
                string activity = Utf8.FromNative(p.activity);
                string status = Utf8.FromNative(p.status);
                string stepId = Utf8.FromNative(p.step_id);
                var record = new ProgressRecord(_progressActivityId,
                    string.IsNullOrEmpty(activity) ? "MailIntegration" : activity,
                    string.IsNullOrEmpty(status) ? "Working" : status);
                if (p.percent >= 0 && p.percent <= 100) record.PercentComplete = p.percent;
                if (!string.IsNullOrEmpty(stepId)) record.CurrentOperation = stepId;
                _progressCmdlet.WriteProgress(record);
                _progressShown = true;
                return 0;
            }
            catch (Exception)
            {
                // Never throw into native code. A failed progress update is not a reason to stop,
                // unless the pipeline is stopping.
                return _stopping ? 1 : 0;
            }
        }

        /// <summary>Closes the progress bar if the core showed one.</summary>
        internal void CompleteProgress()
        {
            if (!_progressShown || _progressCmdlet == null) return;
            _progressShown = false;
            try
            {
                _progressCmdlet.WriteProgress(new ProgressRecord(_progressActivityId, "MailIntegration", "Done")
                {
                    RecordType = ProgressRecordType.Completed,
                });
            }
            catch (PipelineStoppedException) { }
        }

        internal PlanHandle BuildPlan(string requestJson)
        {
            byte[] request = Utf8.Bytes(requestJson);
            int rc = NativeMethods.mailint_plan_build(out var plan, _handle, request, Utf8.Length(request));
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                plan?.Dispose();
                throw error;
            }
            plan.KeepSessionAlive(_handle);
            return plan;
        }

        /// <summary>A plan of a cloud scenario, read through the connection; dispose it before the
        /// connection (callers hold the connection for the plan's whole life).</summary>
        internal PlanHandle BuildPlanConnected(ConnectionHandle connection, string requestJson)
        {
            byte[] request = Utf8.Bytes(requestJson);
            int rc = NativeMethods.mailint_plan_build_connected(out var plan, connection, request, Utf8.Length(request));
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                plan?.Dispose();
                throw error;
            }
            plan.KeepSessionAlive(_handle);
            return plan;
        }

        internal static string RenderPlan(PlanHandle plan, int format)
        {
            var buf = new NativeMethods.mailint_buf();
            int rc = NativeMethods.mailint_plan_render(plan, format, ref buf);
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                NativeMethods.TakeString(ref buf);
                throw error;
            }
            return NativeMethods.TakeString(ref buf);
        }

        internal static string Apply(PlanHandle plan, string optionsJson)
        {
            byte[] options = Utf8.Bytes(optionsJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = NativeMethods.mailint_plan_apply(plan, options, Utf8.Length(options), ref buf);
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                NativeMethods.TakeString(ref buf);
                throw error;
            }
            return NativeMethods.TakeString(ref buf);
        }

        /// <summary>The records a scenario needs; with a connection, as the tenant lists them.</summary>
        internal string RenderRecords(string requestJson, int format, ConnectionHandle connection = null)
        {
            byte[] request = Utf8.Bytes(requestJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = connection == null
                ? NativeMethods.mailint_records_render(_handle, request, Utf8.Length(request), format, ref buf)
                : NativeMethods.mailint_records_render_connected(connection, request, Utf8.Length(request), format, ref buf);
            return Finish(rc, ref buf);
        }

        /// <summary>The records compared with the live DNS; with a connection, the tenant's records.</summary>
        internal string VerifyRecords(string requestJson, ConnectionHandle connection = null)
        {
            byte[] request = Utf8.Bytes(requestJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = connection == null
                ? NativeMethods.mailint_records_verify(_handle, request, Utf8.Length(request), ref buf)
                : NativeMethods.mailint_records_verify_connected(connection, request, Utf8.Length(request), ref buf);
            return Finish(rc, ref buf);
        }

        /// <summary>Disable-M365Integration: the integration's local state removed.</summary>
        internal string DisableM365Integration(string optionsJson) => CallJson(NativeMethods.mailint_m365_integration_disable, optionsJson);

        /// <summary>Get-ExchangePortForward (table) and Test-ExchangePortForward (test).</summary>
        internal string PortForward(string requestJson, bool test)
        {
            byte[] request = Utf8.Bytes(requestJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = test ? NativeMethods.mailint_port_forward_test(_handle, request, Utf8.Length(request), ref buf)
                          : NativeMethods.mailint_port_forward_table(_handle, request, Utf8.Length(request), ref buf);
            return Finish(rc, ref buf);
        }

        private delegate int SessionJsonCall(SessionHandle session, byte[] json, UIntPtr len, ref NativeMethods.mailint_buf output);

        /// <summary>A session-level call that takes one JSON document and answers one.</summary>
        private string CallJson(SessionJsonCall call, string json)
        {
            byte[] bytes = Utf8.Bytes(json);
            var buf = new NativeMethods.mailint_buf();
            int rc = call(_handle, bytes, Utf8.Length(bytes), ref buf);
            return Finish(rc, ref buf);
        }

        /// <summary>Get-/Resume-MailIntegrationRun: the runs the journals record.</summary>
        internal string ListRuns(string optionsJson) => CallJson(NativeMethods.mailint_runs_list, optionsJson);

        /// <summary>Set-ExchangeIntegration -Full: the configuration file's ordered stages.</summary>
        internal string RunbookStages(string requestJson) => CallJson(NativeMethods.mailint_runbook_stages, requestJson);

        /// <summary>Connect-MailIntegration -SaveProfile.</summary>
        internal void SaveProfile(string optionsJson)
        {
            byte[] options = Utf8.Bytes(optionsJson);
            NativeMethods.Check(NativeMethods.mailint_profile_save(_handle, options, Utf8.Length(options)));
        }

        /// <summary>Connect-MailIntegration -Profile, Get-MailIntegrationConnection -ListProfile.</summary>
        internal string ListProfiles(string optionsJson) => CallJson(NativeMethods.mailint_profile_list, optionsJson);

        /// <summary>Get-TeamsEssentialsRouting's reading of the tenant.</summary>
        internal static string TeamsRoutingStatus(ConnectionHandle connection, string requestJson)
        {
            byte[] request = Utf8.Bytes(requestJson);
            var buf = new NativeMethods.mailint_buf();
            int rc = NativeMethods.mailint_teams_routing_status(connection, request, Utf8.Length(request), ref buf);
            return Finish(rc, ref buf);
        }

        private static string Finish(int rc, ref NativeMethods.mailint_buf buf)
        {
            if (rc != NativeMethods.MAILINT_OK)
            {
                var error = NativeMethods.LastError(rc);
                NativeMethods.TakeString(ref buf);
                throw error;
            }
            return NativeMethods.TakeString(ref buf);
        }

        public void Dispose()
        {
            CompleteProgress();
            if (!_handle.IsInvalid && !_handle.IsClosed)
            {
                // Remove the callbacks before the delegates can be collected.
                try
                {
                    if (_hostDelegate != null) NativeMethods.mailint_session_set_host(_handle, null, IntPtr.Zero);
                    if (_progressDelegate != null) NativeMethods.mailint_session_set_progress(_handle, null, IntPtr.Zero);
                    if (_noticeDelegate != null) NativeMethods.mailint_session_set_notice(_handle, null, IntPtr.Zero);
                }
                catch (Exception) { }
            }
            _handle.Dispose();
            // Only now may the delegates go: a plan still alive keeps the native session alive, but it
            // can only call back through an entry point, which nobody makes after Dispose.
            GC.KeepAlive(_hostDelegate);
            GC.KeepAlive(_progressDelegate);
            GC.KeepAlive(_noticeDelegate);
        }
    }

    /// <summary>What mailint_notice carried: the device code prompt.</summary>
    internal sealed class DeviceCodeNotice
    {
        internal DeviceCodeNotice(string kind, string message, string userCode, string verificationUri)
        {
            Kind = kind ?? string.Empty;
            Message = message ?? string.Empty;
            UserCode = userCode ?? string.Empty;
            VerificationUri = verificationUri ?? string.Empty;
        }

        internal string Kind { get; }
        internal string Message { get; }
        internal string UserCode { get; }
        internal string VerificationUri { get; }
    }
}
