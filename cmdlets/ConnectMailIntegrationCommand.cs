// Connect-MailIntegration: signs in to one tenant (Entra ID app with a secret or certificate, the
// device code flow, or a token the caller already has) and keeps the connection for this runspace.
// Every check of the input is the core's (mailint_connection_new); secrets reach it only as session
// secrets, never inside the configuration document.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsCommunications.Connect, "MailIntegration", DefaultParameterSetName = ClientSecretSet)]
    [OutputType(typeof(Connection))]
    public sealed class ConnectMailIntegrationCommand : MailIntegrationCmdletBase
    {
        private const string ClientSecretSet = "ClientSecret";
        private const string CredentialSet = "Credential";
        private const string CertificateSet = "Certificate";
        private const string ThumbprintSet = "Thumbprint";
        private const string DeviceCodeSet = "DeviceCode";
        private const string AccessTokenSet = "AccessToken";
        private const string ProfileSet = "Profile";

        // Names of the session secrets the configuration refers to.
        private const string ClientSecretName = "ClientSecret";
        private const string CertificatePasswordName = "CertificatePassword";
        private const string CertificatePfxName = "CertificatePfx";
        private const string AccessTokenName = "AccessToken";

        /// <summary>The public client Connect-ExchangeOnline -Device uses.</summary>
        public const string ExchangeOnlinePowerShellClientId = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

        private CoreSession _connecting;
        // The parameter set the connection is made with: the one bound, or the saved profile's.
        private string _set;

        #region Parameters

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientSecretSet, HelpMessage = "The tenant: its id (a GUID) or a verified domain such as contoso.onmicrosoft.com")]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ThumbprintSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet)]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ProfileSet, HelpMessage = "Connect as a saved profile says (-SaveProfile); give its secret again when it uses one")]
        [ValidateNotNullOrEmpty]
        public string Profile { get; set; }

        [Parameter(HelpMessage = "After connecting, save how (never a secret) under this name, for Connect-MailIntegration -Profile")]
        [ValidateNotNullOrEmpty]
        public string SaveProfile { get; set; }

        [Parameter(HelpMessage = "Where saved profiles are kept; default: the user's MailIntegration state folder")]
        public string StateDirectory { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet, HelpMessage = "The application (client) id of the app registration")]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Alias("AppId", "ApplicationId")]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet, HelpMessage = "The app's client secret")]
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString ClientSecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet, HelpMessage = "User name: the application (client) id; password: its client secret")]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CertificateSet, HelpMessage = "The app's certificate with its private key, a .pfx file")]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificateSet, HelpMessage = "The password of the .pfx file")]
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet, HelpMessage = "Thumbprint of a certificate with an exportable private key in Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My (on Linux and macOS: the .NET CurrentUser\\My store)")]
        [ValidateNotNullOrEmpty]
        public string CertificateThumbprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet, HelpMessage = "Sign in as a user with a code entered in a browser")]
        [Alias("Device")]
        public SwitchParameter UseDeviceCode { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet, HelpMessage = "An access token for the service, obtained elsewhere")]
        [Parameter(ParameterSetName = ProfileSet)]
        public SecureString AccessToken { get; set; }

        [Parameter(HelpMessage = "The Microsoft cloud: Global (default), USGovGCCHigh, USGovDoD, China, or Custom with -Endpoint")]
        [ValidateSet("Global", "USGovGCCHigh", "USGovDoD", "China", "Custom", IgnoreCase = true)]
        public string Environment { get; set; }

        [Parameter(HelpMessage = "The base URL of a custom endpoint (a lab or the emulator); implies -Environment Custom")]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        [Parameter(HelpMessage = "Do not verify the custom endpoint's TLS certificate (Custom only; refused for Microsoft's hosts)")]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter(HelpMessage = "At most this many Exchange Online requests at once (1-64; default 3)")]
        [ValidateRange(1, 64)]
        public int MaxConcurrency { get; set; }

        [Parameter(HelpMessage = "Retries of a throttled or failed request before it fails (0-19; default 5, as the Exchange Online module)")]
        [ValidateRange(0, 19)]
        public int? MaximumRetryCount { get; set; }

        [Parameter(HelpMessage = "The first wait between retries when the service names none; it doubles each time (default 2 s)")]
        public TimeSpan? RetryInterval { get; set; }

        [Parameter(HelpMessage = "Write the connection object")]
        public SwitchParameter PassThru { get; set; }

        #endregion

        #region Command code

        protected override void StopProcessing()
        {
            _connecting?.Stop();
        }

        protected override void ProcessRecord()
        {
            var runspace = ConnectionRegistry.CurrentRunspace();
            if (runspace == null)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                    "Connect-MailIntegration must run in a PowerShell runspace's pipeline."),
                    "connection.runspace.unavailable", ErrorCategory.InvalidOperation, null));
            }

            // A failed Connect must not leave the previous tenant's connection in place: a script that
            // carries on after the error would otherwise act on the wrong tenant.
            ConnectionRegistry.Remove(runspace);

            var session = OpenSession(null);
            _connecting = session;
            ConnectionHandle handle = null;
            try
            {
                _set = ParameterSetName;
                if (_set == ProfileSet) ApplyProfile(session);
                HandOverSecrets(session);
                session.SetNotice(ShowDeviceCode);
                session.BeginInvocation(this, ProgressActivityId);
                handle = session.Connect(Json.Serialize(BuildConfiguration()));
                var info = Connection.FromJson(Json.ParseObject(CoreSession.Describe(handle)));
                session.EndInvocation();
                ConnectionRegistry.Set(runspace, new RunspaceConnection(session, handle, info));
                _connecting = null;
                WriteVerbose("Connected to tenant " + info.TenantId + " (" + info.Environment + ", " + info.AuthenticationKind + ").");
                if (SaveProfile != null) Save(session, info);
                if (PassThru) WriteObject(info);
            }
            catch (MailIntegrationException ex)
            {
                Abandon(session, handle);
                if (ex.Code == NativeMethods.MAILINT_E_CANCELLED && session.Stopping) throw new PipelineStoppedException();
                ThrowTerminatingError(ConnectError(ex));
            }
            catch (Exception)
            {
                Abandon(session, handle);
                throw;
            }
        }

        /// <summary>Takes the saved profile's tenant, app, cloud and way of signing in; a secret it
        /// needs must be given again (a profile never holds one).</summary>
        private void ApplyProfile(CoreSession session)
        {
            var options = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion }, { "name", Profile } };
            if (StateDirectory != null) options["stateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            var saved = (Json.ParseObject(session.ListProfiles(Json.Serialize(options))).GetArray("profiles") ?? new List<object>())
                .OfType<JsonObject>().FirstOrDefault() ?? new JsonObject();
            TenantId = saved.GetString("tenantId");
            ClientId = ClientId ?? saved.GetString("clientId");
            Environment = Environment ?? saved.GetString("environment");
            if (Endpoint == null && saved.GetString("endpoint") is string endpoint) Endpoint = new Uri(endpoint);
            if (MaxConcurrency == 0 && saved.GetInt64("maxConcurrency") is long limit) MaxConcurrency = (int)limit;
            if (MaximumRetryCount == null && saved.GetInt64("maximumRetryCount") is long retries) MaximumRetryCount = (int)retries;
            if (RetryInterval == null && saved.GetInt64("retryIntervalMs") is long interval) RetryInterval = TimeSpan.FromMilliseconds(interval);
            string kind = saved.GetString("credentialKind");
            string Needs(string parameter) => throw new MailIntegrationException(NativeMethods.MAILINT_E_INVALID_ARGUMENT, "connection.profile.secret_needed",
                "The profile '" + Profile + "' signs in with " + kind + ": give -" + parameter + " again (a profile keeps no secret).", (string)null);
            switch (kind)
            {
                case "clientSecret":
                    if (ClientSecret == null) Needs(nameof(ClientSecret));
                    _set = ClientSecretSet;
                    break;
                case "certificate":
                    CertificatePath = saved.GetString("certificatePath");
                    _set = CertificateSet;
                    break;
                case "certificateThumbprint":
                    CertificateThumbprint = saved.GetString("certificateThumbprint");
                    _set = ThumbprintSet;
                    break;
                case "deviceCode":
                    _set = DeviceCodeSet;
                    break;
                case "accessToken":
                    if (AccessToken == null) Needs(nameof(AccessToken));
                    _set = AccessTokenSet;
                    break;
                default:
                    throw new MailIntegrationException(NativeMethods.MAILINT_E_INVALID_ARGUMENT, "connection.profile.malformed",
                        "The profile '" + Profile + "' names no way of signing in: save it again with -SaveProfile.", (string)null);
            }
        }

        private void Save(CoreSession session, Connection info)
        {
            string kind = _set == ClientSecretSet || _set == CredentialSet ? "clientSecret"
                : _set == CertificateSet ? "certificate"
                : _set == ThumbprintSet ? "certificateThumbprint"
                : _set == DeviceCodeSet ? "deviceCode" : "accessToken";
            var profile = new JsonObject
            {
                { "tenantId", info.TenantId },
                { "clientId", info.ClientId },
                { "credentialKind", kind },
                { "environment", info.Environment },
                { "account", info.Account },
                { "savedAt", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) },
            };
            if (kind == "certificate") profile["certificatePath"] = ResolvePath(CertificatePath);
            if (kind == "certificateThumbprint") profile["certificateThumbprint"] = CertificateThumbprint;
            if (Endpoint != null) profile["endpoint"] = Endpoint.IsAbsoluteUri ? Endpoint.AbsoluteUri : Endpoint.OriginalString;
            if (MaxConcurrency > 0) profile["maxConcurrency"] = (long)MaxConcurrency;
            if (MaximumRetryCount != null) profile["maximumRetryCount"] = (long)MaximumRetryCount.Value;
            if (RetryInterval != null) profile["retryIntervalMs"] = (long)RetryInterval.Value.TotalMilliseconds;
            var options = new JsonObject { { "schemaVersion", NativeMethods.SchemaVersion }, { "name", SaveProfile }, { "profile", profile } };
            if (StateDirectory != null) options["stateDirectory"] = GetUnresolvedProviderPathFromPSPath(StateDirectory);
            try
            {
                session.SaveProfile(Json.Serialize(options));
                WriteVerbose("Saved as profile '" + SaveProfile + "' (no secret kept).");
            }
            catch (MailIntegrationException ex)
            {
                // Connected all the same: the profile is what failed, said as such.
                WriteError(ToErrorRecord(ex, SaveProfile));
            }
        }

        private void Abandon(CoreSession session, ConnectionHandle handle)
        {
            _connecting = null;
            handle?.Dispose();
            session.Dispose();
        }

        /// <summary>The configuration document: names of secrets only, never their values.</summary>
        private JsonObject BuildConfiguration()
        {
            bool endpointGiven = Endpoint != null;
            string environment = Environment ?? (endpointGiven ? "Custom" : "Global");
            var config = new JsonObject
            {
                { "schemaVersion", NativeMethods.SchemaVersion },
                { "tenantId", TenantId },
            };
            string clientId = _set == CredentialSet ? Credential?.UserName
                : _set == DeviceCodeSet ? (ClientId ?? ExchangeOnlinePowerShellClientId)
                : ClientId;
            if (clientId != null) config.Add("clientId", clientId);
            config.Add("environment", environment);
            if (endpointGiven) config.Add("endpoint", Endpoint.IsAbsoluteUri ? Endpoint.AbsoluteUri : Endpoint.OriginalString);
            if (SkipCertificateCheck.IsPresent) config.Add("allowInsecureTls", true);
            config.Add("auth", Authentication());
            if (MaxConcurrency > 0)
                config.Add("limits", new JsonObject { { "exchange", new JsonObject { { "maxConcurrency", MaxConcurrency } } } });
            if (MaximumRetryCount != null || RetryInterval != null)
            {
                // The core checks the ranges (connection.retry.*) and says which value is wrong.
                var retry = new JsonObject();
                if (MaximumRetryCount != null) retry.Add("maxAttempts", MaximumRetryCount.Value + 1);
                if (RetryInterval != null) retry.Add("baseBackoffMs", (long)Math.Ceiling(RetryInterval.Value.TotalMilliseconds));
                config.Add("retry", retry);
            }
            return config;
        }

        private JsonObject Authentication()
        {
            switch (_set)
            {
                case ClientSecretSet:
                case CredentialSet:
                    return new JsonObject { { "kind", "clientSecret" }, { "secret", ClientSecretName } };
                case CertificateSet:
                    var byPath = new JsonObject { { "kind", "certificate" }, { "certificatePath", ResolvePath(CertificatePath) } };
                    if (CertificatePassword != null) byPath.Add("passwordSecret", CertificatePasswordName);
                    return byPath;
                case ThumbprintSet:
                    return new JsonObject
                    {
                        { "kind", "certificate" },
                        { "certificateSecret", CertificatePfxName },
                        { "passwordSecret", CertificatePasswordName },
                    };
                case DeviceCodeSet:
                    return new JsonObject { { "kind", "deviceCode" } };
                default:
                    return new JsonObject { { "kind", "accessToken" }, { "secret", AccessTokenName } };
            }
        }

        private void HandOverSecrets(CoreSession session)
        {
            switch (_set)
            {
                case ClientSecretSet:
                    session.SetSecret(ClientSecretName, ClientSecret);
                    break;
                case CredentialSet:
                    session.SetSecret(ClientSecretName, Credential?.Password);
                    break;
                case CertificateSet:
                    session.SetSecret(CertificatePasswordName, CertificatePassword);
                    break;
                case ThumbprintSet:
                    CertificateStoreExport.HandOver(session, CertificateThumbprint, CertificatePfxName, CertificatePasswordName);
                    break;
                case AccessTokenSet:
                    session.SetSecret(AccessTokenName, AccessToken);
                    break;
            }
        }

        /// <summary>The device code prompt, shown as Connect-ExchangeOnline -Device shows it: plain text
        /// on the host. It is written like Write-Host (a HostInformationMessage tagged PSHOST), which the
        /// host displays whatever $InformationPreference says and which still lands in the information
        /// stream (tag DeviceCode), where automation and tests read it.</summary>
        private bool ShowDeviceCode(DeviceCodeNotice notice)
        {
            WriteInformation(new HostInformationMessage { Message = notice.Message }, new[] { "PSHOST", "DeviceCode" });
            return false;
        }

        /// <summary>The core's error as a record: its id, its category, the field it names as target,
        /// and every finding in the message when there were several.</summary>
        private static ErrorRecord ConnectError(MailIntegrationException ex)
        {
            object target = null;
            var findings = new List<string>();
            foreach (var d in ex.Diagnostics)
            {
                if (target == null && d.Id == ex.ErrorId) target = d.Target;
                if (d.IsError) findings.Add(d.Message + " (" + d.Id + ")");
            }
            var record = new ErrorRecord(ex, ex.ErrorId, ex.Category, target);
            if (findings.Count > 1) record.ErrorDetails = new ErrorDetails(string.Join(" ", findings));
            return record;
        }

        #endregion
    }
}
