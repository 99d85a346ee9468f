// mailint_connection_*: Connect-MailIntegration's connection to a tenant.
#include "connection.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <openssl/crypto.h>

#include "auth/base64url.h"
#include "cloud/connection_config.h"
#include "error_state.h"
#include "graph/graph_client.h"
#include "graph/organization.h"
#include "session.h"

using namespace mailint;

namespace mailint::cabi {

void rethrow_redacted(const mailint_connection &c, const error &e) {
    nlohmann::json detail = nlohmann::json::parse(c.redacted(e.detail().dump()), nullptr, false);
    throw error(e.code(), e.id(), c.redacted(e.what()), detail.is_discarded() ? nlohmann::json::object() : detail);
}

exchange_online::exo_endpoint exchange_endpoint(const mailint_connection &c) {
    const auto &s = c.cloud->settings();
    return {s.environment.exchange_base, s.app.tenant, {}};
}

std::string tenant_guid(mailint_connection &c) {
    const std::string &t = c.cloud->settings().app.tenant;
    if (t.size() == 36 && std::count(t.begin(), t.end(), '-') == 4) return t;
    graph::graph_client graph(c.cloud->graph(), c.cloud->settings().environment.graph_base);
    return graph::get_organization(graph).tenant_id;
}

}  // namespace mailint::cabi

namespace {

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The claims of a JWT access token, or null for an opaque one. Only names leave this function:
// the token itself is never copied.
nlohmann::json token_claims(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos) return nullptr;
    auto payload = auth::base64url_decode(token.substr(first + 1, second - first - 1));
    if (!payload) return nullptr;
    auto claims = nlohmann::json::parse(payload->begin(), payload->end(), nullptr, false);
    OPENSSL_cleanse(payload->data(), payload->size());
    return claims.is_object() ? claims : nlohmann::json(nullptr);
}

std::string claim(const nlohmann::json &claims, const char *name) {
    auto it = claims.find(name);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The device code credential: the prompt goes to the session's notice callback and each wait
// between polls asks the progress callback, both only on the thread inside the entry point.
auth::device_code_credential device_code_callbacks(mailint_connection &c) {
    auth::device_code_credential cred;
    cred.show = [&c](const auth::device_code_prompt &prompt) {
        if (std::this_thread::get_id() != c.calling_thread || !c.session->notice_cb)
            throw error(errc::unauthenticated, "auth.device_code.prompt_unavailable",
                        "The device code sign-in has expired and cannot be renewed here (a parallel batch); run "
                        "Connect-MailIntegration again.");
        c.sign_in_cancelled = false;
        mailint_notice notice{1, "deviceCode", prompt.message.c_str(), prompt.user_code.c_str(),
                              prompt.verification_uri.c_str()};
        if (c.session->notice_cb(&notice, c.session->notice_payload) != 0) c.sign_in_cancelled = true;
    };
    cred.cancelled = [&c]() {
        if (c.sign_in_cancelled) return true;
        if (std::this_thread::get_id() != c.calling_thread || !c.session->progress_cb) return false;
        mailint_progress info{1, "Signing in", "Waiting for the device code to be entered", "", -1};
        if (c.session->progress_cb(&info, c.session->progress_payload) != 0) c.sign_in_cancelled = true;
        return c.sign_in_cancelled;
    };
    return cred;
}

const std::string &resource_of(const cloud::connection_settings &s, const std::string &service) {
    return service == "graph" ? s.environment.graph_resource : s.environment.exchange_resource;
}

}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_connection_new(mailint_connection **out, mailint_session *session,
                                           const char *config_json, size_t len) {
    return cabi::guard([&] {
        if (!out) throw error(errc::misuse, "abi.null_argument", "mailint_connection_new: out is NULL.");
        *out = nullptr;
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_connection_new: session is NULL.");
        auto doc = cabi::parse_document(config_json, len);
        // Every check, the certificate included, runs before the first request.
        auto config = cloud::parse_connection_config(doc, session->secrets);
        const bool device_code = std::holds_alternative<auth::device_code_credential>(config.settings.credential);
        if (device_code && !session->notice_cb && !config.verify.empty())
            throw error(errc::failed_precondition, "connection.notice.missing",
                        "A device code sign-in needs a way to show its prompt: install a notice callback with "
                        "mailint_session_set_notice first.");

        auto c = std::make_unique<mailint_connection>();
        c->session = session;
        for (const auto &name : config.secret_names)
            if (const auto *v = session->secrets.find(name)) c->secrets.set(name, v->bytes());
        c->environment_name = std::string(http::cloud_name(config.settings.environment.kind));
        c->client_id = config.settings.app.client_id;
        c->account = nullptr;
        if (device_code) config.settings.credential = device_code_callbacks(*c);
        c->http = std::make_unique<http::cpprest_client>(http::cpprest_options{config.allow_insecure_tls});
        c->cloud = std::make_unique<cloud::connection>(std::move(config.settings), *c->http, c->secrets);
        c->auth_kind = std::string(c->cloud->credential_kind());

        cabi::calling_thread_scope scope(*c);
        try {
            for (const auto &service : config.verify) {
                auto token = c->cloud->token_for(resource_of(c->cloud->settings(), service));
                // The first token says who signed in: a delegated one (scp) names its user.
                if (service != config.verify.front() || !token) continue;
                auto claims = token_claims(token->value.view());
                if (!claims.is_object()) continue;
                if (claims.contains("scp")) {
                    for (const char *name : {"upn", "unique_name", "preferred_username"})
                        if (auto v = claim(claims, name); !v.empty()) {
                            c->account = v;
                            break;
                        }
                }
                if (c->client_id.empty()) c->client_id = claim(claims, "appid").empty() ? claim(claims, "azp") : claim(claims, "appid");
            }
        } catch (const error &e) {
            if (e.id() == "auth.device_code.cancelled" || c->sign_in_cancelled)
                throw error(errc::cancelled, "auth.device_code.cancelled", "Device code sign-in was cancelled.");
            cabi::rethrow_redacted(*c, e);
        }
        c->connected_at = utc_now();
        *out = c.release();
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(void) mailint_connection_free(mailint_connection *connection) {
    if (!connection) return;
    try {
        if (connection->cloud) connection->cloud->forget_tokens();
    } catch (...) {
        // Nothing may cross the boundary; the tokens go with the cache below anyway.
    }
    delete connection;
}

MAILINT_EXTERN(int) mailint_connection_describe(const mailint_connection *connection, mailint_buf *out) {
    return cabi::guard([&] {
        if (!connection || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_connection_describe: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        const auto &s = connection->cloud->settings();
        nlohmann::json doc = {{"schemaVersion", 1},
                              {"tenantId", s.app.tenant},
                              {"clientId", connection->client_id.empty() ? nlohmann::json(nullptr)
                                                                         : nlohmann::json(connection->client_id)},
                              {"environment", connection->environment_name},
                              {"endpoint", s.environment.exchange_base},
                              {"authKind", connection->auth_kind},
                              {"account", connection->account},
                              {"connectedAt", connection->connected_at}};
        cabi::fill_buf(out, doc.dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
