#pragma once
// The connection document of mailint_connection_new / Connect-MailIntegration, checked and turned
// into connection_settings before anything is sent: every finding is collected (an administrator
// fixes them in one go), each with a stable id naming the field and the fix. Secrets are only
// referred to by name; they must already be in the session's store, and a certificate is opened
// here, so a wrong PFX password is a configuration finding rather than a token request that fails.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/connection.h"
#include "secret/secret_store.h"

namespace mailint::cloud {

struct connection_config {
    // Everything but the device code credential's callbacks, which only the caller can supply.
    connection_settings settings;
    std::string endpoint;             // Custom only: the base every service is reached under
    bool allow_insecure_tls = false;  // Custom only (cpprest_options refuses it for Microsoft hosts)
    // Resources whose token proves the credential at connect time ("exchange", "graph"), in order.
    std::vector<std::string> verify;
    // Secrets the credential reads at each token request (client secret, handed-in token); the
    // connection keeps its own copy of them so the session's store may change afterwards.
    std::vector<std::string> secret_names;
};

// The well-known public client of the Exchange Online PowerShell module: the default client of
// the device code flow, as Connect-ExchangeOnline -Device uses it.
inline constexpr const char *exchange_powershell_client_id = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

// Throws mailint::error: version (connection.schema_version) for a schemaVersion other than 1;
// invalid_argument with the first finding's id and {"diagnostics":[…]} in the detail otherwise.
// Ids: connection.malformed, connection.tenant_id.missing / .invalid, connection.client_id.missing
// / .invalid, connection.environment.unknown, connection.endpoint.required / .unexpected /
// .invalid, connection.allow_insecure_tls.unexpected / .invalid, transport.tls.insecure_refused /
// transport.tls.plaintext_refused (endpoint), connection.auth.missing, connection.auth.kind.unknown,
// connection.auth.secret.missing / .not_set, connection.auth.certificate.missing / .ambiguous,
// connection.auth.certificate_path.relative / .not_found, connection.auth.certificate.unreadable /
// .bad_password / .password_missing / .no_private_key, connection.auth.password_secret.not_set,
// connection.auth.thumbprint_header.unknown, connection.limits.service.unknown,
// connection.limits.max_concurrency.invalid, connection.retry.max_attempts.invalid /
// .base_backoff_ms.invalid / .max_retry_after_ms.invalid, connection.verify.invalid / .unknown.
connection_config parse_connection_config(const nlohmann::json &doc, const secret_store &secrets);

}  // namespace mailint::cloud
