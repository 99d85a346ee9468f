#pragma once
// Users in Microsoft Graph (wire-apis.md §2.3). A new user's password is taken from the
// session's secret_store by name and goes into the request body only: never into a message, an
// error detail, a log or a returned document, and the body is overwritten once sent.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_batch.h"
#include "graph/graph_client.h"
#include "graph/odata_query.h"
#include "secret/secret_store.h"

namespace mailint::graph {

struct new_user {
    std::string user_principal_name;
    std::string display_name;
    // Empty: the UPN's local part without the characters Graph refuses in a nickname.
    std::string mail_nickname;
    std::optional<std::string> usage_location;  // two-letter country; licences need it
    bool account_enabled = true;
    bool force_change_password = true;
    std::string password_secret;  // name in the secret_store
    // Further properties sent as given (jobTitle, department …).
    nlohmann::json extra = nlohmann::json::object();
};

// POST /v1.0/users; the created user as Graph returns it. Throws graph.user.password_missing
// (invalid_argument) when the secret is not in the store, graph.user.upn_conflict and the other
// graph.* ids, with every stored secret cut out of the message.
nlohmann::json create_user(graph_client &client, const secret_store &secrets, const new_user &user);

// The same create as a $batch item (run it with batch_options::secrets set). Throws as above
// for a missing secret.
batch_request create_user_request(const secret_store &secrets, const new_user &user, std::string id = {});

// GET /v1.0/users/{id or UPN}; nullopt when there is no such user.
std::optional<nlohmann::json> get_user(graph_client &client, std::string_view id_or_upn,
                                       const std::vector<std::string> &select = {});
// GET /v1.0/users with $select/$filter (use filter_eq for values), every page.
std::vector<nlohmann::json> list_users(graph_client &client, const query &q = {}, const list_options &options = {});
// PATCH /v1.0/users/{id or UPN} with the properties given.
void update_user(graph_client &client, std::string_view id_or_upn, const nlohmann::json &changes);
void delete_user(graph_client &client, std::string_view id_or_upn);

// The nickname derived from a UPN ("o'neil.smith@contoso.com" → "o'neil.smith").
std::string nickname_from_upn(std::string_view upn);

}  // namespace mailint::graph
