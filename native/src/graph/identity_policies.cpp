#include "graph/identity_policies.h"

#include <algorithm>
#include <cctype>

#include "graph/graph_resources.h"

namespace mailint::graph {

namespace {

constexpr const char *kSecurityDefaults = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";
constexpr const char *kExchangeOnlineApp = "00000002-0000-0ff1-ce00-000000000000";

bool has(const std::vector<std::string> &list, const std::string &value) {
    return std::any_of(list.begin(), list.end(), [&](const std::string &v) {
        return v.size() == value.size() && std::equal(v.begin(), v.end(), value.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    });
}

const nlohmann::json &member(const nlohmann::json &o, const char *name) {
    static const nlohmann::json empty = nlohmann::json::object();
    auto it = o.find(name);
    return it != o.end() && it->is_object() ? *it : empty;
}

}  // namespace

bool security_defaults_enabled(graph_client &client) {
    auto doc = client.get(kSecurityDefaults);
    return doc && bool_field(*doc, "isEnabled", false);
}

void set_security_defaults(graph_client &client, bool enabled) {
    request_options options;
    options.idempotent = true;
    client.patch(kSecurityDefaults, {{"isEnabled", enabled}}, options);
}

std::vector<nlohmann::json> list_conditional_access_policies(graph_client &client) {
    return client.list("/v1.0/identity/conditionalAccess/policies").items;
}

std::optional<std::string> blocks_pop(const nlohmann::json &policy) {
    if (text_field(policy, "state") != "enabled") return std::nullopt;
    const auto &conditions = member(policy, "conditions");
    const auto client_apps = text_list_field(conditions, "clientAppTypes");
    if (!has(client_apps, "all") && !has(client_apps, "other")) return std::nullopt;
    const auto &apps = member(conditions, "applications");
    const auto include_apps = text_list_field(apps, "includeApplications");
    const auto exclude_apps = text_list_field(apps, "excludeApplications");
    const bool exchange = has(include_apps, "All") || has(include_apps, "Office365") || has(include_apps, kExchangeOnlineApp);
    if (!exchange || has(exclude_apps, "Office365") || has(exclude_apps, kExchangeOnlineApp)) return std::nullopt;
    const auto &users = member(conditions, "users");
    if (text_list_field(users, "includeUsers").empty() && text_list_field(users, "includeGroups").empty() &&
        text_list_field(users, "includeRoles").empty())
        return std::nullopt;
    const auto controls = text_list_field(member(policy, "grantControls"), "builtInControls");
    if (has(controls, "block")) return std::string("it blocks other clients (POP among them)");
    if (has(controls, "mfa")) return std::string("it requires MFA, which a POP client cannot give");
    return std::nullopt;
}

}  // namespace mailint::graph
