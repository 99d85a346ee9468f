#pragma once
// Access tokens from Entra ID's v2.0 endpoint (wire-apis.md §2.1) for one resource at a time:
// client credentials with a secret or a certificate assertion, the device code flow, or a token
// the caller already has. Secrets are taken from the session's secret_store by name and, like
// assertions and tokens, never appear in a message, an error detail or a log.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "auth/clock.h"
#include "auth/jwt_assertion.h"
#include "auth/refresh_token_slot.h"
#include "auth/sensitive_text.h"
#include "http/cloud_environment.h"
#include "http/http_client.h"
#include "secret/secret_store.h"
#include "validate/pfx_key.h"

namespace mailint::auth {

struct access_token {
    sensitive_text value;
    std::string token_type = "Bearer";
    // time_point::max() for a handed-in token that is not a JWT (its lifetime is unknown).
    std::chrono::system_clock::time_point expires_at;
};

struct app_identity {
    std::string tenant;     // GUID or verified domain ("contoso.onmicrosoft.com")
    std::string client_id;  // application (client) id
};

struct client_secret_credential {
    std::string secret_name;  // in the secret_store
};

struct certificate_credential {
    std::shared_ptr<const validate::pfx_key> key;
    assertion_algorithm algorithm = assertion_algorithm::rs256;
    thumbprint_headers thumbprints = thumbprint_headers::x5t;
};

struct device_code_prompt {
    std::string message;  // Entra's localised instruction, to show as is
    std::string user_code;
    std::string verification_uri;
    std::chrono::seconds expires_in{0};
};

struct device_code_credential {
    // Shows the prompt to the user (through the cmdlet); called once, before polling starts.
    std::function<void(const device_code_prompt &)> show;
    // Asked before every poll; true stops with auth.device_code.cancelled.
    std::function<bool()> cancelled;
    // Filled by the first sign-in (which asks for offline_access) and redeemed for every later
    // token, for any resource, so the user is asked once per connection. Shared by copies.
    std::shared_ptr<refresh_token_slot> refresh = std::make_shared<refresh_token_slot>();
};

struct supplied_token_credential {
    std::string secret_name;  // the token, in the secret_store
};

using credential =
    std::variant<client_secret_credential, certificate_credential, device_code_credential, supplied_token_credential>;

struct token_client_options {
    // Token requests change nothing, so connection failures, 429 and 5xx are retried.
    int max_attempts = 4;
    std::chrono::milliseconds backoff{2000};  // 2 s, 4 s, 8 s … when no Retry-After is given
    std::chrono::milliseconds max_wait{std::chrono::seconds(60)};  // a longer Retry-After fails instead
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};   // per request
};

class token_client {
public:
    // All references must outlive the token_client (they are the session's).
    token_client(http::client &http, const secret_store &secrets, http::cloud_environment environment,
                 const clock &time = system_time(), token_client_options options = {});

    // A token for `resource` (e.g. "https://graph.microsoft.com"; the scope is
    // "<resource>/.default"). Throws mailint::error: the ids of token_request_error
    // (entra_error.h); auth.secret.missing (invalid_argument) when the named secret is not in the
    // store; auth.certificate.missing; auth.access_token.expired (unauthenticated) for a
    // handed-in token past its exp; auth.token_response.invalid (unavailable) for a 200 without
    // a token; auth.device_code.declined / .expired / .invalid / .cancelled; and the transport's
    // transport.http.* errors after the retries.
    access_token acquire(const app_identity &app, const credential &cred, std::string_view resource) const;

private:
    access_token with_secret(const app_identity &app, const client_secret_credential &c, std::string_view scope) const;
    access_token with_certificate(const app_identity &app, const certificate_credential &c, std::string_view scope) const;
    access_token with_device_code(const app_identity &app, const device_code_credential &c, std::string_view scope) const;
    access_token supplied(const supplied_token_credential &c) const;

    // POSTs the form to `url` with the retry policy above, asking `body` for each attempt's body;
    // the last answer, whatever its status.
    http::response post_form(const std::string &url, const std::function<std::string()> &body) const;
    // `keep`, when given, receives the answer's refresh token; otherwise it is overwritten unused.
    access_token parse_success(http::response &r, refresh_token_slot *keep = nullptr) const;
    // The refresh_token grant for `scope`; nullopt when Entra refused the refresh token
    // (invalid_grant: revoked, lapsed), which is then dropped from the slot.
    std::optional<access_token> redeem_refresh_token(const app_identity &app, refresh_token_slot &slot,
                                                     std::string_view scope) const;

    http::client &http_;
    const secret_store &secrets_;
    http::cloud_environment environment_;
    const clock &clock_;
    token_client_options options_;
};

// "https://graph.microsoft.com" → "https://graph.microsoft.com/.default".
std::string default_scope(std::string_view resource);

}  // namespace mailint::auth
