#pragma once
// A signed-in cloud connection to a freshly started emulator, as a session makes one: the
// cpprest client, the session's secret store, and a cloud::connection with the demo app's
// secret (emulator/PROTOCOL.md, Entra ID built-in seed) over http::custom_environment(base).
// Control-endpoint calls go straight through the HTTP client.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../http/emulator_process.h"
#include "cloud/connection.h"
#include "http/cloud_environment.h"
#include "http/cpprest_client.h"
#include "secret/secret_store.h"

namespace mailint::test {

inline const std::string demo_tenant = "11111111-2222-3333-4444-555555555555";
inline const std::string demo_client_id = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
inline const std::string demo_secret_text = "demo-client-secret-not-for-production";

inline std::span<const unsigned char> bytes_of(std::string_view s) {
    return {reinterpret_cast<const unsigned char *>(s.data()), s.size()};
}

struct emulator_cloud {
    emulator_process emulator;
    http::cpprest_client http;
    secret_store secrets;
    std::unique_ptr<cloud::connection> connection;

    explicit emulator_cloud(cloud::retry_policy graph_retry = {}, cloud::retry_policy dataverse_retry = {})
        : emulator_cloud(std::vector<std::string>{}, graph_retry, dataverse_retry) {}

    // `emulator_args` for the emulator's command line, e.g. {"--dns-server", "127.0.0.1:5353"}.
    emulator_cloud(std::vector<std::string> emulator_args, cloud::retry_policy graph_retry,
                   cloud::retry_policy dataverse_retry = {})
        : emulator(std::move(emulator_args)) {
        secrets.set("ClientSecret", bytes_of(demo_secret_text));
        cloud::connection_settings settings;
        settings.app = {demo_tenant, demo_client_id};
        settings.environment = http::custom_environment(emulator.url());
        settings.credential = auth::client_secret_credential{"ClientSecret"};
        settings.graph.retry = graph_retry;
        settings.dataverse.retry = dataverse_retry;
        connection = std::make_unique<cloud::connection>(settings, http, secrets);
    }

    http::response control(const std::string &method, const std::string &path,
                           const std::optional<nlohmann::json> &body = std::nullopt) {
        http::request r;
        r.method = method;
        r.url = emulator.url() + path;
        if (body) {
            r.headers.set("Content-Type", "application/json");
            r.body = body->dump();
        }
        return http.send(r);
    }
    nlohmann::json control_json(const std::string &method, const std::string &path,
                                const std::optional<nlohmann::json> &body = std::nullopt) {
        auto answer = control(method, path, body);
        auto parsed = nlohmann::json::parse(answer.body, nullptr, false);
        if (answer.status < 200 || answer.status > 299 || parsed.is_discarded())
            throw std::runtime_error("control " + path + " answered " + std::to_string(answer.status) + ": " + answer.body);
        return parsed;
    }
    // Requests the emulator logged as writes since its log was last cleared.
    std::size_t writes_logged() {
        std::size_t n = 0;
        const nlohmann::json log = control_json("GET", "/control/requests");  // held: the range below is a member of it
        for (const auto &r : log.at("requests"))
            if (r.value("write", false)) ++n;
        return n;
    }
};

// Retries sized for the emulator: same attempts as ExchangeOnlineManagement, short backoff.
inline cloud::retry_policy quick_retry(int attempts = 6) {
    cloud::retry_policy p;
    p.max_attempts = attempts;
    p.base_backoff = std::chrono::milliseconds(50);
    p.max_backoff = std::chrono::milliseconds(400);
    p.max_retry_after = std::chrono::seconds(30);
    return p;
}

}  // namespace mailint::test
