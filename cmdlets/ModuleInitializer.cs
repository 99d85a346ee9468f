// Runs when Import-Module loads MailIntegration.Commands.dll: makes sure the native core beside
// the assembly is the one this module was written for.
using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace MailIntegration
{
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private const uint LOAD_WITH_ALTERED_SEARCH_PATH = 0x00000008;

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true, EntryPoint = "LoadLibraryExW")]
        private static extern IntPtr LoadLibraryEx(string fileName, IntPtr reserved, uint flags);

        public void OnImport()
        {
            string folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

            // Windows PowerShell 5.1 looks for DllImport("mailint") on the process's DLL search path,
            // not beside the module: load it from the module folder first so the import binds to it.
            // PowerShell 7 on Linux and macOS probes the module folder itself.
            if (Environment.OSVersion.Platform == PlatformID.Win32NT)
            {
                string dll = Path.Combine(folder, "mailint.dll");
                if (File.Exists(dll) && LoadLibraryEx(dll, IntPtr.Zero, LOAD_WITH_ALTERED_SEARCH_PATH) == IntPtr.Zero)
                {
                    int err = Marshal.GetLastWin32Error();
                    throw new InvalidOperationException(
                        "MailIntegration: could not load the native library '" + dll + "' (Windows error " + err + ").");
                }
            }

            uint abi;
            try
            {
                abi = NativeMethods.mailint_abi_version();
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                throw new InvalidOperationException(
                    "MailIntegration: the native library 'mailint' (libmailint.so, libmailint.dylib or mailint.dll) was not found or is not loadable from '"
                    + folder + "': " + ex.Message, ex);
            }

            if (abi != NativeMethods.ExpectedAbiVersion)
            {
                string version = string.Empty;
                try { version = Utf8.FromNative(NativeMethods.mailint_version_string()) ?? string.Empty; }
                catch (EntryPointNotFoundException) { }
                throw new InvalidOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "MailIntegration: the native library in '{0}' has ABI version {1} (library {2}) but this module needs ABI version {3}. Install the module and its native library from the same build.",
                    folder, abi, version.Length == 0 ? "unknown" : version, NativeMethods.ExpectedAbiVersion));
            }
        }
    }
}
