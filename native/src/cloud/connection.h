#pragma once
// One signed-in identity against one tenant: what Connect-MailIntegration makes and every cloud
// cmdlet uses. It owns the token cache and one service channel per transport (Exchange Online,
// Graph, each Dataverse organisation), so pacing and throttling state is per connection and per
// service: two connections to two tenants share nothing (issue 3, runspaces side by side).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "auth/clock.h"
#include "auth/token_cache.h"
#include "auth/token_client.h"
#include "cloud/retry_policy.h"
#include "cloud/service_channel.h"
#include "cloud/throttle_gate.h"
#include "http/cloud_environment.h"
#include "http/http_client.h"
#include "secret/secret_store.h"

namespace mailint::cloud {

struct transport_settings {
    throttle_options throttle;
    retry_policy retry;
};

struct connection_settings {
    auth::app_identity app;  // tenant and client id
    http::cloud_environment environment;
    auth::credential credential;
    // Defaults from service-limits.md: Exchange Online admits about 3 concurrent connections per
    // identity (§1.3), Graph's identity limits are budgets rather than a concurrency cap (§3.1),
    // Dataverse allows 52 concurrent requests per user (§4).
    transport_settings exchange{{3, true, {}}, {}};
    transport_settings graph{{8, true, {}}, {}};
    transport_settings dataverse{{16, true, {}}, {}};
    auth::token_client_options token;
};

class connection {
public:
    // `http` and `secrets` must outlive the connection (they are the session's).
    connection(connection_settings settings, http::client &http, const secret_store &secrets,
               const auth::clock &time = auth::system_time());
    ~connection();
    connection(const connection &) = delete;
    connection &operator=(const connection &) = delete;

    service_channel &exchange();
    service_channel &graph();
    // One channel per organisation: each is a different host with its own limits.
    service_channel &dataverse(std::string_view organization);

    // A token for `resource` now (Connect-MailIntegration asks for one to prove the credential,
    // and for the device code flow to prompt while the cmdlet is in the foreground).
    auth::token_cache::token_ptr token_for(const std::string &resource);
    // Forgets every token (Disconnect-MailIntegration).
    void forget_tokens();

    const connection_settings &settings() const { return settings_; }
    // "clientSecret", "certificate", "deviceCode", "accessToken".
    std::string_view credential_kind() const;

private:
    class resource_tokens;
    resource_tokens &tokens_for(const std::string &resource);

    connection_settings settings_;
    http::client &http_;
    const auth::clock &clock_;
    auth::token_client token_client_;
    auth::token_cache cache_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<resource_tokens>> tokens_;  // by resource
    std::unique_ptr<service_channel> exchange_;
    std::unique_ptr<service_channel> graph_;
    std::map<std::string, std::unique_ptr<service_channel>> dataverse_;  // by lower-case organisation
};

}  // namespace mailint::cloud
