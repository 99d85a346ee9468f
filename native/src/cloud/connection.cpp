#include "cloud/connection.h"

#include <algorithm>
#include <cctype>

namespace mailint::cloud {

// The token source of one resource: the connection's cache, keyed by tenant, client and resource.
class connection::resource_tokens final : public token_source {
public:
    resource_tokens(connection &owner, std::string resource) : owner_(owner), resource_(std::move(resource)) {}

    auth::token_cache::token_ptr get() override {
        return owner_.cache_.get(key(), [this](const auth::token_key &) {
            return owner_.token_client_.acquire(owner_.settings_.app, owner_.settings_.credential, resource_);
        });
    }
    void reject(const auth::token_cache::token_ptr &token) override { owner_.cache_.invalidate(key(), token); }

private:
    auth::token_key key() const {
        return {owner_.settings_.app.tenant, owner_.settings_.app.client_id, resource_};
    }
    connection &owner_;
    std::string resource_;
};

connection::connection(connection_settings settings, http::client &http, const secret_store &secrets,
                       const auth::clock &time)
    : settings_(std::move(settings)),
      http_(http),
      clock_(time),
      token_client_(http, secrets, settings_.environment, time, settings_.token),
      cache_(time) {}

connection::~connection() = default;

connection::resource_tokens &connection::tokens_for(const std::string &resource) {
    std::lock_guard lock(mutex_);
    auto &slot = tokens_[resource];
    if (!slot) slot = std::make_unique<resource_tokens>(*this, resource);
    return *slot;
}

service_channel &connection::exchange() {
    auto &tokens = tokens_for(settings_.environment.exchange_resource);
    std::lock_guard lock(mutex_);
    if (!exchange_)
        exchange_ = std::make_unique<service_channel>("Exchange Online", http_, tokens, settings_.exchange.throttle,
                                                      settings_.exchange.retry, clock_);
    return *exchange_;
}

service_channel &connection::graph() {
    auto &tokens = tokens_for(settings_.environment.graph_resource);
    std::lock_guard lock(mutex_);
    if (!graph_)
        graph_ = std::make_unique<service_channel>("Microsoft Graph", http_, tokens, settings_.graph.throttle,
                                                   settings_.graph.retry, clock_);
    return *graph_;
}

service_channel &connection::dataverse(std::string_view organization) {
    std::string key(organization);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto &tokens = tokens_for(settings_.environment.dataverse_resource(key));
    std::lock_guard lock(mutex_);
    auto &slot = dataverse_[key];
    if (!slot)
        slot = std::make_unique<service_channel>("Dataverse " + key, http_, tokens, settings_.dataverse.throttle,
                                                 settings_.dataverse.retry, clock_);
    return *slot;
}

auth::token_cache::token_ptr connection::token_for(const std::string &resource) { return tokens_for(resource).get(); }

void connection::forget_tokens() { cache_.clear(); }

std::string_view connection::credential_kind() const {
    return std::visit(
        [](const auto &c) -> std::string_view {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, auth::client_secret_credential>) return "clientSecret";
            else if constexpr (std::is_same_v<T, auth::certificate_credential>) return "certificate";
            else if constexpr (std::is_same_v<T, auth::device_code_credential>) return "deviceCode";
            else return "accessToken";
        },
        settings_.credential);
}

}  // namespace mailint::cloud
