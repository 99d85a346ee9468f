#include "graph/service_principals.h"

#include <algorithm>

#include "graph/graph_resources.h"
#include "graph/iso_time.h"
#include "graph/odata_query.h"
#include "http/http_client.h"

namespace mailint::graph {

namespace {

const std::vector<std::string> principal_select = {"id", "appId", "displayName", "servicePrincipalNames",
                                                   "keyCredentials"};

std::string principal_path(std::string_view id) { return "/v1.0/servicePrincipals/" + encode_path_segment(id); }

key_credential parse_key_credential(const nlohmann::json &object) {
    key_credential k;
    k.key_id = text_field(object, "keyId");
    k.type = text_field(object, "type");
    k.usage = text_field(object, "usage");
    k.display_name = text_field(object, "displayName");
    k.custom_key_identifier = text_field(object, "customKeyIdentifier");
    k.start_date_time = text_field(object, "startDateTime");
    k.end_date_time = text_field(object, "endDateTime");
    if (auto key = text_field(object, "key"); !key.empty()) k.key = std::move(key);
    k.raw = object;
    return k;
}

bool expired(const key_credential &k, std::chrono::system_clock::time_point now) {
    auto end = parse_iso_time(k.end_date_time);
    return end && *end < now;
}

}  // namespace

service_principal parse_service_principal(const nlohmann::json &object) {
    service_principal p;
    p.id = text_field(object, "id");
    p.app_id = text_field(object, "appId");
    p.display_name = text_field(object, "displayName");
    p.service_principal_names = text_list_field(object, "servicePrincipalNames");
    if (auto keys = object.find("keyCredentials"); keys != object.end() && keys->is_array())
        for (const auto &k : *keys)
            if (k.is_object()) p.key_credentials.push_back(parse_key_credential(k));
    return p;
}

std::optional<service_principal> find_service_principal(graph_client &client, std::string_view app_id) {
    auto listing = client.list("/v1.0/servicePrincipals",
                               query().filter(filter_eq("appId", app_id)).select(principal_select));
    if (listing.items.empty()) return std::nullopt;
    return parse_service_principal(listing.items.front());
}

key_credential_change add_key_credential(graph_client &client, const service_principal &principal,
                                         const new_key_credential &credential,
                                         std::chrono::system_clock::time_point now) {
    std::vector<key_credential> current = principal.key_credentials;
    const bool material_missing =
        std::any_of(current.begin(), current.end(), [](const key_credential &k) { return !k.key; });
    if (material_missing) {
        // A single object's $select=keyCredentials is where Graph returns `key`.
        auto one = client.get(principal_path(principal.id), query().select({"id", "keyCredentials"}));
        if (one) current = parse_service_principal(*one).key_credentials;
    }

    key_credential_change change;
    nlohmann::json kept = nlohmann::json::array();
    for (const auto &k : current) {
        if (expired(k, now)) {
            change.removed_expired.push_back(k.key_id);
            continue;
        }
        if (k.key && *k.key == credential.key) change.already_present = true;
        nlohmann::json entry = k.raw.is_object() ? k.raw : nlohmann::json::object();
        entry.erase("key");
        kept.push_back(std::move(entry));
    }
    if (change.already_present && change.removed_expired.empty()) return change;

    if (!change.already_present) {
        nlohmann::json added = {{"type", credential.type}, {"usage", credential.usage}, {"key", credential.key}};
        if (!credential.display_name.empty()) added["displayName"] = credential.display_name;
        if (credential.start) added["startDateTime"] = format_iso_time(*credential.start);
        if (credential.end) added["endDateTime"] = format_iso_time(*credential.end);
        kept.push_back(std::move(added));
        change.added = true;
    }
    client.patch(principal_path(principal.id), nlohmann::json{{"keyCredentials", std::move(kept)}});
    return change;
}

bool add_service_principal_names(graph_client &client, const service_principal &principal,
                                 const std::vector<std::string> &names) {
    std::vector<std::string> merged = principal.service_principal_names;
    bool changed = false;
    for (const auto &name : names) {
        const bool present = std::any_of(merged.begin(), merged.end(),
                                         [&](const std::string &have) { return http::equals_ignore_case(have, name); });
        if (!present) {
            merged.push_back(name);
            changed = true;
        }
    }
    if (!changed) return false;
    client.patch(principal_path(principal.id), nlohmann::json{{"servicePrincipalNames", merged}});
    return true;
}

}  // namespace mailint::graph
