// What Get-MailIntegrationConnection and Connect-MailIntegration -PassThru write: the connection as
// the core describes it (mailint_connection_describe). It never holds a token or a secret, so it
// may be printed, logged or serialized freely.
using System;
using System.Globalization;

namespace MailIntegration
{
    public sealed class Connection
    {
        public string TenantId { get; private set; }
        public string ClientId { get; private set; }
        /// <summary>Global, USGovGCCHigh, USGovDoD, China or Custom.</summary>
        public string Environment { get; private set; }
        /// <summary>The Exchange Online base URL the connection uses.</summary>
        public Uri Endpoint { get; private set; }
        /// <summary>ClientSecret, Certificate, DeviceCode or AccessToken.</summary>
        public string AuthenticationKind { get; private set; }
        /// <summary>The signed-in user of a delegated connection (device code); null for an app.</summary>
        public string Account { get; private set; }
        public DateTime ConnectedAt { get; private set; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} ({1}, {2})", TenantId, Environment, AuthenticationKind);

        internal static Connection FromJson(JsonObject o)
        {
            Uri.TryCreate(o.GetString("endpoint") ?? string.Empty, UriKind.Absolute, out var endpoint);
            DateTime.TryParse(o.GetString("connectedAt"), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var connectedAt);
            return new Connection
            {
                TenantId = o.GetString("tenantId"),
                ClientId = o.GetString("clientId"),
                Environment = o.GetString("environment"),
                Endpoint = endpoint,
                AuthenticationKind = KindName(o.GetString("authKind")),
                Account = o.GetString("account"),
                ConnectedAt = connectedAt,
            };
        }

        // The core's camelCase kinds as PowerShell shows names (and as the parameter sets are named).
        private static string KindName(string kind)
        {
            if (string.IsNullOrEmpty(kind)) return kind;
            return char.ToUpperInvariant(kind[0]) + kind.Substring(1);
        }
    }
}
