// The only file that declares the C ABI (cabi/include/mailint.h). P/Invoke names are the C names.
//
// netstandard2.0 has no UTF-8 string marshalling, so every string crosses as bytes: inputs are
// UTF-8 byte arrays with an explicit length (or a trailing NUL where the C side wants one),
// outputs are pointers decoded with Utf8.FromNative.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace MailIntegration
{
    internal static class NativeMethods
    {
        internal const string Library = "mailint";
        internal const uint ExpectedAbiVersion = 1;
        internal const int SchemaVersion = 1;

        // ---- status codes (mailint.h, pinned) -----------------------------------------------------
        internal const int MAILINT_OK = 0;
        internal const int MAILINT_E_GENERIC = -1;
        internal const int MAILINT_E_INVALID_ARGUMENT = -3;
        internal const int MAILINT_E_NOT_FOUND = -5;
        internal const int MAILINT_E_ALREADY_EXISTS = -6;
        internal const int MAILINT_E_PERMISSION_DENIED = -7;
        internal const int MAILINT_E_THROTTLED = -8;
        internal const int MAILINT_E_FAILED_PRECONDITION = -9;
        internal const int MAILINT_E_CONFLICT = -10;
        internal const int MAILINT_E_UNSUPPORTED = -12;
        internal const int MAILINT_E_INTERNAL = -13;
        internal const int MAILINT_E_UNAVAILABLE = -14;
        internal const int MAILINT_E_UNAUTHENTICATED = -16;
        internal const int MAILINT_E_CANCELLED = -17;
        internal const int MAILINT_E_TIMEOUT = -18;
        internal const int MAILINT_E_VERSION = -19;
        internal const int MAILINT_E_MISUSE = -21;

        internal const int MAILINT_RENDER_JSON = 0;
        internal const int MAILINT_RENDER_TEXT = 1;
        internal const int MAILINT_RECORDS_JSON = 0;
        internal const int MAILINT_RECORDS_ZONE = 1;
        internal const int MAILINT_RECORDS_CSV = 2;
        internal const int MAILINT_RECORDS_TEXT = 3;

        // ---- frozen structs --------------------------------------------------------------------------
        [StructLayout(LayoutKind.Sequential)]
        internal struct mailint_error
        {
            public int code;
            public IntPtr id;
            public IntPtr message;
            public IntPtr detail_json;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct mailint_buf
        {
            public IntPtr ptr;
            public UIntPtr size;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct mailint_progress
        {
            public uint version;
            public IntPtr activity;
            public IntPtr status;
            public IntPtr step_id;
            public int percent;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct mailint_notice
        {
            public uint version;
            public IntPtr kind;
            public IntPtr message;
            public IntPtr user_code;
            public IntPtr verification_uri;
        }

        // ---- callbacks ---------------------------------------------------------------------------------
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate int mailint_progress_cb(IntPtr info, IntPtr payload);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate int mailint_notice_cb(IntPtr notice, IntPtr payload);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate int mailint_host_invoke_cb(IntPtr requestJson, UIntPtr requestLen, IntPtr reply, IntPtr payload);

        // ---- functions -----------------------------------------------------------------------------------
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr mailint_error_last();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mailint_buf_dispose(ref mailint_buf buf);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern uint mailint_abi_version();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern IntPtr mailint_version_string();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_host_reply_set(IntPtr reply, byte[] json, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_session_new(out SessionHandle session, byte[] configJson, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mailint_session_free(IntPtr session);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_session_set_secret(SessionHandle session, byte[] nameNulTerminated, IntPtr value, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_session_set_host(SessionHandle session, mailint_host_invoke_cb cb, IntPtr payload);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_session_set_progress(SessionHandle session, mailint_progress_cb cb, IntPtr payload);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_session_set_notice(SessionHandle session, mailint_notice_cb cb, IntPtr payload);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_connection_new(out ConnectionHandle connection, SessionHandle session, byte[] configJson, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mailint_connection_free(IntPtr connection);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_connection_describe(ConnectionHandle connection, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_exchange_invoke(ConnectionHandle connection, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_request_validate(SessionHandle session, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_plan_build(out PlanHandle plan, SessionHandle session, byte[] requestJson, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_plan_build_connected(out PlanHandle plan, ConnectionHandle connection, byte[] requestJson, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern void mailint_plan_free(IntPtr plan);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_plan_render(PlanHandle plan, int format, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_plan_apply(PlanHandle plan, byte[] optionsJson, UIntPtr len, ref mailint_buf result);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_records_render(SessionHandle session, byte[] requestJson, UIntPtr len, int format, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_records_render_connected(ConnectionHandle connection, byte[] requestJson, UIntPtr len, int format, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_records_verify(SessionHandle session, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_teams_routing_status(ConnectionHandle connection, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_records_verify_connected(ConnectionHandle connection, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_m365_integration_disable(SessionHandle session, byte[] optionsJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_port_forward_table(SessionHandle session, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_port_forward_test(SessionHandle session, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_runs_list(SessionHandle session, byte[] optionsJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_runbook_stages(SessionHandle session, byte[] requestJson, UIntPtr len, ref mailint_buf output);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_profile_save(SessionHandle session, byte[] optionsJson, UIntPtr len);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        internal static extern int mailint_profile_list(SessionHandle session, byte[] optionsJson, UIntPtr len, ref mailint_buf output);

        // ---- helpers -------------------------------------------------------------------------------------

        /// <summary>Reads mailint_error_last() now, on this thread, and turns it into an exception.</summary>
        internal static MailIntegrationException LastError(int returned)
        {
            IntPtr p = mailint_error_last();
            if (p == IntPtr.Zero)
            {
                return new MailIntegrationException(returned, "mailint.unknown", "The native library reported error " + returned + " without details.", (string)null);
            }
            var e = (mailint_error)Marshal.PtrToStructure(p, typeof(mailint_error));
            int code = e.code != MAILINT_OK ? e.code : returned;
            string id = Utf8.FromNative(e.id);
            string message = Utf8.FromNative(e.message);
            string detail = Utf8.FromNative(e.detail_json);
            if (string.IsNullOrEmpty(id)) id = "mailint.error" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(message)) message = "The native library reported error " + code + ".";
            return new MailIntegrationException(code, id, message, detail);
        }

        /// <summary>Throws the thread's last error when rc is not MAILINT_OK.</summary>
        internal static void Check(int rc)
        {
            if (rc != MAILINT_OK) throw LastError(rc);
        }

        /// <summary>Copies a mailint_buf into a string and disposes it.</summary>
        internal static string TakeString(ref mailint_buf buf)
        {
            try
            {
                if (buf.ptr == IntPtr.Zero) return string.Empty;
                return Utf8.FromNative(buf.ptr, checked((int)buf.size.ToUInt64()));
            }
            finally
            {
                if (buf.ptr != IntPtr.Zero) mailint_buf_dispose(ref buf);
            }
        }
    }

    internal static class Utf8
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, false);

        internal static byte[] Bytes(string s) => Strict.GetBytes(s ?? string.Empty);

        internal static byte[] NulTerminated(string s)
        {
            var count = Strict.GetByteCount(s);
            var bytes = new byte[count + 1];
            Strict.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }

        internal static UIntPtr Length(byte[] b) => b == null ? UIntPtr.Zero : new UIntPtr((uint)b.Length);

        /// <summary>Decodes a NUL-terminated UTF-8 string; NULL gives null.</summary>
        internal static string FromNative(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0) len++;
            return FromNative(p, len);
        }

        internal static string FromNative(IntPtr p, int len)
        {
            if (p == IntPtr.Zero || len == 0) return string.Empty;
            var bytes = new byte[len];
            Marshal.Copy(p, bytes, 0, len);
            return Strict.GetString(bytes);
        }
    }
}
