#include "cloud/connection_config.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <span>

#include "core/diagnostic.h"
#include "core/error.h"
#include "http/cpprest_client.h"
#include "validate/pfx_key.h"

namespace mailint::cloud {

namespace {

using nlohmann::json;

bool is_guid(const std::string &s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

// A verified domain ("contoso.onmicrosoft.com"): Entra accepts it wherever a tenant id goes.
bool is_domain_name(const std::string &s) {
    if (s.empty() || s.size() > 253 || s.find('.') == std::string::npos) return false;
    std::size_t label = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '.') {
            if (label == 0 || label > 63 || s[i - 1] == '-' || s[i - label] == '-') return false;
            label = 0;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (!std::isalnum(c) && c != '-') return false;
        ++label;
    }
    return true;
}

// A member that must be a string when present; a wrong type is a finding, not an exception, so
// it is reported together with the rest.
const json *member(const json &o, const char *name) {
    auto it = o.find(name);
    return it == o.end() || it->is_null() ? nullptr : &*it;
}

std::string text_member(const json &o, const char *name, const std::string &target, const std::string &id_prefix,
                        diagnostics &d) {
    const json *v = member(o, name);
    if (!v) return {};
    if (!v->is_string()) {
        d.error(id_prefix + ".invalid", target, "'" + target + "' must be a string.");
        return {};
    }
    return v->get<std::string>();
}

std::span<const unsigned char> secret_bytes(const secret_store &secrets, const std::string &name) {
    const secret_value *v = name.empty() ? nullptr : secrets.find(name);
    return v ? v->bytes() : std::span<const unsigned char>();
}

// A named secret the credential needs: the name must be given and the secret handed over
// (mailint_session_set_secret) before connecting.
std::string required_secret(const json &auth, const char *field, const std::string &what, const secret_store &secrets,
                            diagnostics &d) {
    const std::string target = std::string("auth.") + field;
    const std::string id = field == std::string("secret") ? "connection.auth.secret" : "connection.auth.password_secret";
    std::string name = text_member(auth, field, target, id, d);
    if (!member(auth, field)) {
        d.error(id + ".missing", target,
                "'" + target + "' must name the session secret that holds the " + what +
                    " (hand it over with mailint_session_set_secret).");
    } else if (!name.empty() && !secrets.find(name)) {
        d.error(id + ".not_set", target,
                "The " + what + " was not handed over: no session secret named '" + name +
                    "' (call mailint_session_set_secret before connecting).");
    }
    return name;
}

void parse_certificate(const json &auth, const secret_store &secrets, connection_config &out, diagnostics &d) {
    auth::certificate_credential cred;
    const bool by_path = member(auth, "certificatePath") != nullptr;
    const bool by_secret = member(auth, "certificateSecret") != nullptr;
    if (!by_path && !by_secret)
        d.error("connection.auth.certificate.missing", "auth.certificatePath",
                "A certificate credential needs 'certificatePath' (an absolute path to a .pfx) or "
                "'certificateSecret' (a session secret holding the PFX bytes).");
    if (by_path && by_secret)
        d.error("connection.auth.certificate.ambiguous", "auth.certificatePath",
                "Give either 'certificatePath' or 'certificateSecret', not both.");

    std::string password_name;
    if (member(auth, "passwordSecret")) {
        password_name = text_member(auth, "passwordSecret", "auth.passwordSecret", "connection.auth.password_secret", d);
        if (!password_name.empty() && !secrets.find(password_name))
            d.error("connection.auth.password_secret.not_set", "auth.passwordSecret",
                    "The certificate password was not handed over: no session secret named '" + password_name +
                        "' (call mailint_session_set_secret before connecting).");
    }
    const auto password = secret_bytes(secrets, password_name);

    if (const json *h = member(auth, "thumbprintHeader")) {
        const std::string header = h->is_string() ? h->get<std::string>() : std::string();
        // The header decides the algorithm too: x5t goes with RS256 in the client-credentials
        // document's own example, x5t#S256 with PS256 in the certificate-credentials one.
        if (header == "x5t") {
            cred.algorithm = auth::assertion_algorithm::rs256;
            cred.thumbprints = auth::thumbprint_headers::x5t;
        } else if (header == "x5t#S256") {
            cred.algorithm = auth::assertion_algorithm::ps256;
            cred.thumbprints = auth::thumbprint_headers::x5t_s256;
        } else {
            d.error("connection.auth.thumbprint_header.unknown", "auth.thumbprintHeader",
                    "'auth.thumbprintHeader' must be \"x5t\" or \"x5t#S256\".");
        }
    }
    if (d.has_errors() || by_path == by_secret) {
        out.settings.credential = std::move(cred);
        return;
    }

    validate::pfx_key_result loaded;
    std::string target;
    if (by_path) {
        target = "auth.certificatePath";
        const std::string path = text_member(auth, "certificatePath", target, "connection.auth.certificate_path", d);
        if (d.has_errors()) return;
        if (!std::filesystem::path(path).is_absolute()) {
            d.error("connection.auth.certificate_path.relative", target,
                    "'auth.certificatePath' must be an absolute path (the library has no current directory of the "
                    "caller's).");
            return;
        }
        loaded = validate::load_pfx_key_file(path, password);
        if (loaded.status == validate::pfx_status::not_found) {
            d.error("connection.auth.certificate_path.not_found", target, "No certificate file at '" + path + "'.");
            return;
        }
    } else {
        target = "auth.certificateSecret";
        const std::string name = text_member(auth, "certificateSecret", target, "connection.auth.certificate_secret", d);
        if (d.has_errors()) return;
        const secret_value *pfx = secrets.find(name);
        if (!pfx) {
            d.error("connection.auth.certificate_secret.not_set", target,
                    "The certificate was not handed over: no session secret named '" + name + "'.");
            return;
        }
        loaded = validate::load_pfx_key(pfx->bytes(), password);
    }
    switch (loaded.status) {
    case validate::pfx_status::ok:
        if (!loaded.key)
            d.error("connection.auth.certificate.no_private_key", target,
                    "The certificate file holds no private key for its certificate; export it with its key.");
        break;
    case validate::pfx_status::bad_password:
        d.error("connection.auth.certificate.bad_password", "auth.passwordSecret",
                "The certificate password does not open the PFX.");
        break;
    case validate::pfx_status::password_missing:
        d.error("connection.auth.certificate.password_missing", "auth.passwordSecret",
                "The PFX is protected by a password: name it with 'auth.passwordSecret'.");
        break;
    default:
        d.error("connection.auth.certificate.unreadable", target,
                "The certificate cannot be read: " + (loaded.detail.empty() ? std::string("not a PFX") : loaded.detail) +
                    ".");
        break;
    }
    cred.key = std::move(loaded.key);
    out.settings.credential = std::move(cred);
}

void parse_auth(const json &doc, const secret_store &secrets, connection_config &out, diagnostics &d) {
    const json *auth = member(doc, "auth");
    if (!auth || !auth->is_object()) {
        d.error("connection.auth.missing", "auth",
                "'auth' must be an object: {\"kind\":\"clientSecret\"|\"certificate\"|\"deviceCode\"|\"accessToken\",…}.");
        return;
    }
    const json *kind_v = member(*auth, "kind");
    const std::string kind = kind_v && kind_v->is_string() ? kind_v->get<std::string>() : std::string();
    if (kind == "clientSecret") {
        auto name = required_secret(*auth, "secret", "client secret", secrets, d);
        out.settings.credential = auth::client_secret_credential{name};
        out.secret_names.push_back(name);
    } else if (kind == "accessToken") {
        auto name = required_secret(*auth, "secret", "access token", secrets, d);
        out.settings.credential = auth::supplied_token_credential{name};
        out.secret_names.push_back(name);
    } else if (kind == "certificate") {
        parse_certificate(*auth, secrets, out, d);
    } else if (kind == "deviceCode") {
        out.settings.credential = auth::device_code_credential{};
    } else {
        d.error("connection.auth.kind.unknown", "auth.kind",
                "'auth.kind' must be \"clientSecret\", \"certificate\", \"deviceCode\" or \"accessToken\".");
    }
}

int bounded_int(const json &o, const char *name, int low, int high, const std::string &id, const std::string &target,
                int fallback, diagnostics &d) {
    const json *v = member(o, name);
    if (!v) return fallback;
    if (!v->is_number_integer() || v->get<long long>() < low || v->get<long long>() > high) {
        d.error(id, target, "'" + target + "' must be a whole number from " + std::to_string(low) + " to " +
                                std::to_string(high) + ".");
        return fallback;
    }
    return static_cast<int>(v->get<long long>());
}

void parse_limits(const json &doc, connection_config &out, diagnostics &d) {
    const json *limits = member(doc, "limits");
    if (!limits) return;
    if (!limits->is_object()) {
        d.error("connection.limits.invalid", "limits", "'limits' must be an object keyed by service.");
        return;
    }
    for (const auto &[service, value] : limits->items()) {
        transport_settings *t = service == "exchange"  ? &out.settings.exchange
                                : service == "graph"   ? &out.settings.graph
                                : service == "dataverse" ? &out.settings.dataverse
                                                         : nullptr;
        if (!t) {
            d.error("connection.limits.service.unknown", "limits." + service,
                    "'limits' knows the services \"exchange\", \"graph\" and \"dataverse\".");
            continue;
        }
        if (!value.is_object()) {
            d.error("connection.limits.max_concurrency.invalid", "limits." + service,
                    "'limits." + service + "' must be an object: {\"maxConcurrency\":n}.");
            continue;
        }
        // 64: far above any service's published concurrency budget (service-limits.md), low
        // enough that a typo does not open thousands of sockets.
        t->throttle.max_concurrency = bounded_int(value, "maxConcurrency", 1, 64, "connection.limits.max_concurrency.invalid",
                                                  "limits." + service + ".maxConcurrency", t->throttle.max_concurrency, d);
    }
}

void parse_retry(const json &doc, connection_config &out, diagnostics &d) {
    const json *retry = member(doc, "retry");
    if (!retry) return;
    if (!retry->is_object()) {
        d.error("connection.retry.invalid", "retry", "'retry' must be an object.");
        return;
    }
    using std::chrono::milliseconds;
    retry_policy base = out.settings.exchange.retry;
    base.max_attempts = bounded_int(*retry, "maxAttempts", 1, 20, "connection.retry.max_attempts.invalid",
                                    "retry.maxAttempts", base.max_attempts, d);
    base.base_backoff = milliseconds(bounded_int(*retry, "baseBackoffMs", 0, 600000, "connection.retry.base_backoff_ms.invalid",
                                                 "retry.baseBackoffMs", static_cast<int>(base.base_backoff.count()), d));
    base.max_retry_after =
        milliseconds(bounded_int(*retry, "maxRetryAfterMs", 0, 3600000, "connection.retry.max_retry_after_ms.invalid",
                                 "retry.maxRetryAfterMs", static_cast<int>(base.max_retry_after.count()), d));
    // One policy for every request of the connection, token requests included, so a runbook or a
    // test that shortens it gets the shorter waits everywhere.
    out.settings.exchange.retry = out.settings.graph.retry = out.settings.dataverse.retry = base;
    out.settings.token.max_attempts = base.max_attempts;
    out.settings.token.backoff = base.base_backoff;
    out.settings.token.max_wait = base.max_retry_after;
}

void parse_verify(const json &doc, connection_config &out, diagnostics &d) {
    const json *verify = member(doc, "verify");
    if (!verify) {
        out.verify = {"exchange"};
        return;
    }
    if (!verify->is_array()) {
        d.error("connection.verify.invalid", "verify", "'verify' must be an array of \"exchange\" and \"graph\".");
        return;
    }
    for (const auto &v : *verify) {
        const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        if (s != "exchange" && s != "graph") {
            d.error("connection.verify.unknown", "verify",
                    "'verify' may name \"exchange\" and \"graph\"; '" + s + "' is not one of them.");
            continue;
        }
        if (std::find(out.verify.begin(), out.verify.end(), s) == out.verify.end()) out.verify.push_back(s);
    }
}

void parse_environment(const json &doc, connection_config &out, diagnostics &d) {
    std::string name = text_member(doc, "environment", "environment", "connection.environment", d);
    if (name.empty()) name = "Global";
    auto kind = http::parse_cloud(name);
    if (!kind) {
        d.error("connection.environment.unknown", "environment",
                "'environment' must be Global, USGovGCCHigh, USGovDoD, China or Custom.");
        return;
    }
    const std::string endpoint = text_member(doc, "endpoint", "endpoint", "connection.endpoint", d);
    const json *insecure = member(doc, "allowInsecureTls");
    if (insecure && !insecure->is_boolean())
        d.error("connection.allow_insecure_tls.invalid", "allowInsecureTls", "'allowInsecureTls' must be true or false.");
    out.allow_insecure_tls = insecure && insecure->is_boolean() && insecure->get<bool>();

    if (*kind != http::cloud::custom) {
        if (member(doc, "endpoint"))
            d.error("connection.endpoint.unexpected", "endpoint",
                    "'endpoint' is only for the Custom environment; remove it or set environment to Custom.");
        if (out.allow_insecure_tls)
            d.error("connection.allow_insecure_tls.unexpected", "allowInsecureTls",
                    "Skipping certificate checks is only possible for a Custom endpoint, never for Microsoft's clouds.");
        if (!d.has_errors()) out.settings.environment = http::environment_for(*kind);
        return;
    }
    if (endpoint.empty()) {
        d.error("connection.endpoint.required", "endpoint",
                "The Custom environment needs 'endpoint', the base URL of the service (e.g. http://127.0.0.1:5123).");
        return;
    }
    try {
        out.settings.environment = http::custom_environment(endpoint);
        out.endpoint = out.settings.environment.custom_base;
        // Refused now rather than at the first request: a secret must not be sent to a
        // Microsoft host over an unverified or plain connection, not even once.
        http::check_tls_policy(out.endpoint + "/", http::cpprest_options{out.allow_insecure_tls});
    } catch (const error &e) {
        const std::string id = e.id() == "transport.endpoint.invalid" ? "connection.endpoint.invalid" : e.id();
        d.error(id, "endpoint", e.what());
    }
}

}  // namespace

connection_config parse_connection_config(const json &doc, const secret_store &secrets) {
    if (!doc.is_object())
        throw error(errc::invalid_argument, "connection.malformed", "The connection configuration is not a JSON object.");
    if (auto v = doc.find("schemaVersion"); v == doc.end() || !v->is_number_integer() || *v != 1)
        throw error(errc::version, "connection.schema_version", "The connection configuration's schemaVersion must be 1.");

    connection_config out;
    diagnostics d;
    const std::string tenant = text_member(doc, "tenantId", "tenantId", "connection.tenant_id", d);
    if (!member(doc, "tenantId") || (tenant.empty() && !d.has_errors()))
        d.error("connection.tenant_id.missing", "tenantId",
                "'tenantId' is required: the tenant's id (a GUID) or one of its verified domains.");
    else if (!tenant.empty() && !is_guid(tenant) && !is_domain_name(tenant))
        d.error("connection.tenant_id.invalid", "tenantId",
                "'tenantId' must be a GUID (11111111-2222-3333-4444-555555555555) or a verified domain "
                "(contoso.onmicrosoft.com).");
    out.settings.app.tenant = tenant;

    parse_environment(doc, out, d);
    parse_auth(doc, secrets, out, d);

    std::string client = text_member(doc, "clientId", "clientId", "connection.client_id", d);
    const bool device_code = std::holds_alternative<auth::device_code_credential>(out.settings.credential);
    const bool handed_in = std::holds_alternative<auth::supplied_token_credential>(out.settings.credential);
    if (client.empty() && device_code) client = exchange_powershell_client_id;
    if (client.empty() && !handed_in && !member(doc, "clientId"))
        d.error("connection.client_id.missing", "clientId", "'clientId' is required: the application (client) id, a GUID.");
    else if (!client.empty() && !is_guid(client))
        d.error("connection.client_id.invalid", "clientId",
                "'clientId' must be the application (client) id, a GUID such as 97e0a5b7-d745-40b6-94fe-5f77d35c6e05.");
    std::transform(client.begin(), client.end(), client.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.settings.app.client_id = client;

    parse_limits(doc, out, d);
    parse_retry(doc, out, d);
    parse_verify(doc, out, d);

    if (const auto *first = d.first_error())
        throw error(errc::invalid_argument, first->id, first->message, {{"diagnostics", d.to_json()}});
    return out;
}

}  // namespace mailint::cloud
