#include "auth/token_client.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "auth/base64url.h"
#include "auth/entra_error.h"
#include "auth/form_body.h"
#include "core/error.h"
#include "http/retry_after.h"

namespace mailint::auth {

namespace {

using namespace std::chrono;

constexpr std::string_view assertion_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr std::string_view device_code_grant = "urn:ietf:params:oauth:grant-type:device_code";

void wipe(std::string &s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

bool retryable_status(int status) { return status == 429 || status == 500 || status == 502 || status == 503 || status == 504; }

long long integer_field(const nlohmann::json &j, const char *name, long long fallback) {
    auto it = j.find(name);
    if (it == j.end()) return fallback;
    if (it->is_number_integer()) return it->get<long long>();
    if (it->is_string()) {  // the v1 endpoint and some proxies send "3599"
        try {
            return std::stoll(it->get<std::string>());
        } catch (...) {
        }
    }
    return fallback;
}

std::string string_field(const nlohmann::json &j, const char *name) {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const secret_value &named_secret(const secret_store &store, const std::string &name, const char *what) {
    const secret_value *v = name.empty() ? nullptr : store.find(name);
    if (!v)
        throw error(errc::invalid_argument, "auth.secret.missing",
                    std::string("The ") + what + " was not handed over (secret '" + name + "').", {{"secret", name}});
    return *v;
}

}  // namespace

std::string default_scope(std::string_view resource) {
    while (resource.ends_with('/')) resource.remove_suffix(1);
    return std::string(resource) + "/.default";
}

token_client::token_client(http::client &http, const secret_store &secrets, http::cloud_environment environment,
                           const clock &time, token_client_options options)
    : http_(http), secrets_(secrets), environment_(std::move(environment)), clock_(time), options_(options) {}

access_token token_client::acquire(const app_identity &app, const credential &cred, std::string_view resource) const {
    const std::string scope = default_scope(resource);
    return std::visit(
        [&](const auto &c) -> access_token {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, client_secret_credential>) return with_secret(app, c, scope);
            else if constexpr (std::is_same_v<T, certificate_credential>) return with_certificate(app, c, scope);
            else if constexpr (std::is_same_v<T, device_code_credential>) return with_device_code(app, c, scope);
            else return supplied(c);
        },
        cred);
}

http::response token_client::post_form(const std::string &url, const std::function<std::string()> &body) const {
    http::request req;
    req.method = "POST";
    req.url = url;
    req.headers.set("Content-Type", "application/x-www-form-urlencoded");
    req.headers.set("Accept", "application/json");
    req.timeout = options_.timeout;

    const int attempts = std::max(1, options_.max_attempts);
    for (int attempt = 1;; ++attempt) {
        wipe(req.body);
        req.body = body();  // wiped with req
        std::optional<http::response> answer;
        try {
            answer = http_.send(req);
        } catch (const error &e) {
            bool transient = e.code() == errc::unavailable || e.code() == errc::timeout;
            if (!transient || attempt >= attempts) throw;
        }
        if (answer && (!retryable_status(answer->status) || attempt >= attempts)) return std::move(*answer);

        milliseconds wait = options_.backoff * (1LL << std::min(attempt - 1, 10));
        if (answer)
            if (auto h = answer->headers.find("Retry-After"))
                if (auto ra = http::parse_retry_after(*h, clock_.now())) wait = *ra;
        // A wait longer than the caller accepts ends the attempts with the answer in hand.
        if (wait > options_.max_wait) {
            if (answer) return std::move(*answer);
            wait = options_.max_wait;
        }
        clock_.sleep_for(wait);
    }
}

access_token token_client::parse_success(http::response &r, refresh_token_slot *keep) const {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    wipe(r.body);
    auto it = j.is_object() ? j.find("access_token") : j.end();
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string &>().empty())
        throw error(errc::unavailable, "auth.token_response.invalid",
                    "Entra ID answered without an access token.", {{"status", r.status}});
    access_token t;
    t.value = sensitive_text(std::move(it->get_ref<std::string &>()));
    wipe(it->get_ref<std::string &>());
    if (auto type = string_field(j, "token_type"); !type.empty()) t.token_type = type;
    // expires_in is required by RFC 6749 for Entra; assume an hour, Entra's default, if absent.
    t.expires_at = clock_.now() + seconds(integer_field(j, "expires_in", 3600));
    if (auto rt = j.find("refresh_token"); rt != j.end() && rt->is_string()) {
        if (keep && !rt->get_ref<const std::string &>().empty())
            keep->store(sensitive_text(std::string(rt->get_ref<const std::string &>())));
        wipe(rt->get_ref<std::string &>());
    }
    return t;
}

access_token token_client::with_secret(const app_identity &app, const client_secret_credential &c,
                                       std::string_view scope) const {
    const secret_value &secret = named_secret(secrets_, c.secret_name, "client secret");
    std::string body = form_encode({{"client_id", app.client_id},
                                    {"scope", scope},
                                    {"client_secret", secret.view()},
                                    {"grant_type", "client_credentials"}});
    http::response r = post_form(environment_.token_endpoint(app.tenant), [&] { return body; });
    wipe(body);
    if (r.status == 200) return parse_success(r);
    std::array<std::string_view, 1> never{secret.view()};
    throw token_request_error(r.status, parse_entra_error(r.body), never);
}

access_token token_client::with_certificate(const app_identity &app, const certificate_credential &c,
                                            std::string_view scope) const {
    if (!c.key)
        throw error(errc::invalid_argument, "auth.certificate.missing", "No certificate was given for the assertion.");
    const std::string endpoint = environment_.token_endpoint(app.tenant);
    assertion_options o;
    o.client_id = app.client_id;
    o.audience = endpoint;
    o.now = clock_.now();
    o.algorithm = c.algorithm;
    o.thumbprints = c.thumbprints;
    // A fresh assertion (new jti, new nbf) for every attempt: a request that failed after Entra
    // saw it may have consumed its jti, and a replayed jti is refused.
    sensitive_text assertion;
    http::response r = post_form(endpoint, [&] {
        o.now = clock_.now();
        assertion = build_client_assertion(*c.key, o);
        return form_encode({{"client_id", app.client_id},
                            {"scope", scope},
                            {"client_assertion_type", assertion_type},
                            {"client_assertion", assertion.view()},
                            {"grant_type", "client_credentials"}});
    });
    if (r.status == 200) return parse_success(r);
    std::array<std::string_view, 1> never{assertion.view()};
    throw token_request_error(r.status, parse_entra_error(r.body), never);
}

std::optional<access_token> token_client::redeem_refresh_token(const app_identity &app, refresh_token_slot &slot,
                                                               std::string_view scope) const {
    auto refresh = slot.take_copy();
    if (!refresh) return std::nullopt;
    const std::string scopes = std::string(scope) + " offline_access";
    http::response r = post_form(environment_.token_endpoint(app.tenant), [&] {
        return form_encode({{"grant_type", "refresh_token"},
                            {"client_id", app.client_id},
                            {"refresh_token", refresh->view()},
                            {"scope", scopes}});
    });
    if (r.status == 200) return parse_success(r, &slot);
    auto body = parse_entra_error(r.body);
    if (r.status == 400 && body && body->error == "invalid_grant") {
        slot.clear();
        return std::nullopt;
    }
    std::array<std::string_view, 1> never{refresh->view()};
    throw token_request_error(r.status, body, never);
}

access_token token_client::with_device_code(const app_identity &app, const device_code_credential &c,
                                            std::string_view scope) const {
    // Signed in before on this connection: no new code to show, whatever the resource.
    if (c.refresh)
        if (auto token = redeem_refresh_token(app, *c.refresh, scope)) return std::move(*token);
    // offline_access earns the refresh token that spares the user every later sign-in.
    const std::string scopes = std::string(scope) + " offline_access";
    http::response r = post_form(environment_.device_code_endpoint(app.tenant),
                                 [&] { return form_encode({{"client_id", app.client_id}, {"scope", scopes}}); });
    if (r.status != 200) throw token_request_error(r.status, parse_entra_error(r.body), {});
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || string_field(j, "device_code").empty() || string_field(j, "user_code").empty())
        throw error(errc::unavailable, "auth.token_response.invalid", "Entra ID answered without a device code.",
                    {{"status", r.status}});
    sensitive_text device_code(string_field(j, "device_code"));
    device_code_prompt prompt;
    prompt.user_code = string_field(j, "user_code");
    prompt.verification_uri = string_field(j, "verification_uri");
    prompt.message = string_field(j, "message");
    prompt.expires_in = seconds(integer_field(j, "expires_in", 900));
    if (prompt.message.empty())
        prompt.message = "To sign in, open " + prompt.verification_uri + " and enter the code " + prompt.user_code + ".";
    seconds interval(std::max<long long>(1, integer_field(j, "interval", 5)));
    const auto deadline = clock_.now() + prompt.expires_in;
    if (c.show) c.show(prompt);

    for (;;) {
        if (c.cancelled && c.cancelled())
            throw error(errc::cancelled, "auth.device_code.cancelled", "Device code sign-in was cancelled.");
        if (clock_.now() >= deadline)
            throw error(errc::unauthenticated, "auth.device_code.expired",
                        "The device code expired before sign-in completed; start again.");
        clock_.sleep_for(duration_cast<milliseconds>(interval));
        http::response poll = post_form(environment_.token_endpoint(app.tenant), [&] {
            return form_encode({{"grant_type", device_code_grant},
                                {"client_id", app.client_id},
                                {"device_code", device_code.view()}});
        });
        if (poll.status == 200) return parse_success(poll, c.refresh.get());
        auto body = parse_entra_error(poll.body);
        const std::string e = body ? body->error : std::string();
        if (e == "authorization_pending") continue;
        if (e == "slow_down") {  // RFC 8628 §3.5: every later poll waits 5 s longer
            interval += seconds(5);
            continue;
        }
        if (e == "expired_token")
            throw error(errc::unauthenticated, "auth.device_code.expired",
                        "The device code expired before sign-in completed; start again.");
        if (e == "authorization_declined" || e == "access_denied")
            throw error(errc::permission_denied, "auth.device_code.declined", "Sign-in was declined.");
        if (e == "bad_verification_code")
            throw error(errc::unauthenticated, "auth.device_code.invalid", "Entra ID did not recognise the device code.");
        std::array<std::string_view, 1> never{device_code.view()};
        throw token_request_error(poll.status, body, never);
    }
}

access_token token_client::supplied(const supplied_token_credential &c) const {
    const secret_value &v = named_secret(secrets_, c.secret_name, "access token");
    access_token t;
    t.value = sensitive_text(std::string(v.view()));
    t.expires_at = system_clock::time_point::max();
    // A JWT says when it expires; an opaque token is used until the service refuses it.
    std::string_view text = v.view();
    auto first = text.find('.');
    auto second = first == std::string_view::npos ? first : text.find('.', first + 1);
    if (second != std::string_view::npos) {
        if (auto payload = base64url_decode(text.substr(first + 1, second - first - 1))) {
            auto claims = nlohmann::json::parse(payload->begin(), payload->end(), nullptr, false);
            OPENSSL_cleanse(payload->data(), payload->size());
            if (claims.is_object() && claims.contains("exp") && claims["exp"].is_number())
                t.expires_at = system_clock::time_point(seconds(claims["exp"].get<long long>()));
        }
    }
    if (t.expires_at <= clock_.now())
        throw error(errc::unauthenticated, "auth.access_token.expired",
                    "The access token that was handed in has expired; get a new one.");
    return t;
}

}  // namespace mailint::auth
