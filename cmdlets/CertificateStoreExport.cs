// Connect-MailIntegration -CertificateThumbprint: the Windows certificate store holds the app's
// certificate, but the core signs with OpenSSL from PFX bytes. So the certificate is exported with
// its key (Cert:\CurrentUser\My first, then Cert:\LocalMachine\My, as Connect-ExchangeOnline looks)
// into a PFX protected by a random one-time password, and both are handed over as session secrets;
// the managed copies are zeroed at once. Nothing is written to disk. On Linux and macOS, .NET keeps
// a CurrentUser\My store of its own (certificates added with X509Store), which is searched the same
// way; .NET has no LocalMachine\My there, so that search finds nothing.
using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MailIntegration
{
    internal static class CertificateStoreExport
    {
        internal static void HandOver(CoreSession session, string thumbprint, string pfxSecret, string passwordSecret)
        {
            string wanted = Normalize(thumbprint);
            X509Certificate2 certificate = Find(StoreLocation.CurrentUser, wanted) ?? Find(StoreLocation.LocalMachine, wanted);
            if (certificate == null)
            {
                throw new MailIntegrationException(NativeMethods.MAILINT_E_NOT_FOUND, "connection.certificate_store.not_found",
                    "No certificate with thumbprint " + wanted + " in Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My" +
                    (System.Environment.OSVersion.Platform == PlatformID.Win32NT ? "." : " (on this system: the .NET CurrentUser\\My store); add it there, or use -CertificatePath with a .pfx file."),
                    (string)null);
            }
            byte[] password = null, pfx = null;
            try
            {
                if (!certificate.HasPrivateKey)
                {
                    throw new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "connection.certificate_store.no_private_key",
                        "The certificate " + wanted + " has no private key in the store; import it with its key.", (string)null);
                }
                password = RandomPassword();
                string passwordText = Encoding.ASCII.GetString(password);
                try
                {
                    pfx = certificate.Export(X509ContentType.Pfx, passwordText);
                }
                catch (CryptographicException ex)
                {
                    throw new MailIntegrationException(NativeMethods.MAILINT_E_FAILED_PRECONDITION, "connection.certificate_store.not_exportable",
                        "The private key of certificate " + wanted + " cannot be exported (it was imported as non-exportable); use -CertificatePath with a .pfx file.", ex);
                }
                session.SetSecretBytes(pfxSecret, pfx);
                session.SetSecretBytes(passwordSecret, password);
            }
            finally
            {
                if (password != null) Array.Clear(password, 0, password.Length);
                if (pfx != null) Array.Clear(pfx, 0, pfx.Length);
                certificate.Dispose();
            }
        }

        private static string Normalize(string thumbprint)
        {
            var sb = new StringBuilder();
            foreach (char c in thumbprint ?? string.Empty)
            {
                if (Uri.IsHexDigit(c)) sb.Append(char.ToUpperInvariant(c));
            }
            return sb.ToString();
        }

        private static X509Certificate2 Find(StoreLocation location, string thumbprint)
        {
            using (var store = new X509Store(StoreName.My, location))
            {
                try { store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly); }
                catch (CryptographicException) { return null; }
                catch (PlatformNotSupportedException) { return null; }
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, false);
                return found.Count > 0 ? found[0] : null;
            }
        }

        // 32 random bytes as base64 (ASCII): a password that exists only for this hand-over.
        private static byte[] RandomPassword()
        {
            var raw = new byte[32];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(raw);
            var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(raw));
            Array.Clear(raw, 0, raw.Length);
            return text;
        }
    }
}
