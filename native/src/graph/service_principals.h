#pragma once
// Service principals (wire-apis.md §2.4, §4.3): what ConfigureCrmServerSideSync.ps1 does to the
// Dynamics CRM principal (appId 00000007-0000-0000-c000-000000000000) — add the S2S certificate
// as a key credential and the app id as a service principal name — without MSOnline.
//
// keyCredentials is replaced as a whole by PATCH, so adding one key means re-sending every key
// to keep. Like the official script, the kept ones are sent without `key` (Graph matches them by
// keyId and keeps their material; the public key need not travel again), expired ones are
// dropped, and nothing is sent when the certificate is already there.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_client.h"

namespace mailint::graph {

struct key_credential {
    std::string key_id;
    std::string type;   // "AsymmetricX509Cert"
    std::string usage;  // "Verify"
    std::string display_name;
    std::string custom_key_identifier;
    std::string start_date_time, end_date_time;  // as Graph sent them
    std::optional<std::string> key;  // base64 DER; Graph sends it only for one object's $select
    nlohmann::json raw;              // every property as sent, re-sent (minus key) on PATCH
};

struct service_principal {
    std::string id;
    std::string app_id;
    std::string display_name;
    std::vector<std::string> service_principal_names;
    std::vector<key_credential> key_credentials;
};

struct new_key_credential {
    std::string key;  // base64 of the certificate's DER
    std::string display_name;  // "CN=crm.contoso.com"
    std::optional<std::chrono::system_clock::time_point> start, end;  // the certificate's validity
    std::string type = "AsymmetricX509Cert";
    std::string usage = "Verify";
};

struct key_credential_change {
    bool added = false;            // the new key was sent
    bool already_present = false;  // a key with the same material was there (nothing sent for it)
    std::vector<std::string> removed_expired;  // keyIds of expired keys dropped
};

service_principal parse_service_principal(const nlohmann::json &object);

// GET /v1.0/servicePrincipals?$filter=appId eq '<appId>'&$select=id,appId,displayName,
// servicePrincipalNames,keyCredentials; nullopt when the tenant has none for that app.
std::optional<service_principal> find_service_principal(graph_client &client, std::string_view app_id);

// Adds `credential` to the principal's keyCredentials (see above); `now` decides what has
// expired. When some listed key came without its material (Graph omits `key` in listings), the
// principal is read once more by id so "already there" is decided on the key itself.
key_credential_change add_key_credential(graph_client &client, const service_principal &principal,
                                         const new_key_credential &credential,
                                         std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// PATCH servicePrincipalNames with the existing names plus the missing ones, in that order;
// false (and nothing sent) when none is missing. Names compare ignoring case, as Entra does.
bool add_service_principal_names(graph_client &client, const service_principal &principal,
                                 const std::vector<std::string> &names);

}  // namespace mailint::graph
