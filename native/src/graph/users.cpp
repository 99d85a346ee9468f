#include "graph/users.h"

#include <openssl/crypto.h>

#include "core/error.h"
#include "graph/graph_resources.h"
#include "graph/json_wipe.h"

namespace mailint::graph {

namespace {

// The body with the password in it, serialised; the document is wiped before it is freed.
std::string user_body(const secret_store &secrets, const new_user &user) {
    const auto *password = secrets.find(user.password_secret);
    if (!password || password->bytes().empty())
        throw error(errc::invalid_argument, "graph.user.password_missing",
                    "No password named \"" + user.password_secret + "\" was handed to the session for user " +
                        user.user_principal_name + ".",
                    {{"secret", user.password_secret}, {"userPrincipalName", user.user_principal_name}});
    nlohmann::json body = user.extra.is_object() ? user.extra : nlohmann::json::object();
    body["accountEnabled"] = user.account_enabled;
    body["displayName"] = user.display_name.empty() ? user.user_principal_name : user.display_name;
    body["mailNickname"] = user.mail_nickname.empty() ? nickname_from_upn(user.user_principal_name) : user.mail_nickname;
    body["userPrincipalName"] = user.user_principal_name;
    if (user.usage_location) body["usageLocation"] = *user.usage_location;
    body["passwordProfile"] = {{"forceChangePasswordNextSignIn", user.force_change_password},
                               {"password", std::string(password->view())}};
    std::string text = body.dump();
    wipe_json(body);
    return text;
}

mailint::error redacted(const mailint::error &e, const secret_store &secrets) {
    auto detail = nlohmann::json::parse(secrets.redact(e.detail().dump()), nullptr, false);
    if (detail.is_discarded()) detail = nlohmann::json::object();
    return mailint::error(e.code(), e.id(), secrets.redact(e.what()), std::move(detail));
}

}  // namespace

std::string nickname_from_upn(std::string_view upn) {
    // Graph refuses these in mailNickname (user resource: "cannot contain … @ () \ [] " ; : <> , SPACE").
    constexpr std::string_view refused = "@()\\[]\";:<>, ";
    std::string out;
    for (char c : upn.substr(0, upn.find('@')))
        if (refused.find(c) == std::string_view::npos && static_cast<unsigned char>(c) >= 0x20 &&
            static_cast<unsigned char>(c) < 0x7f)
            out += c;
    if (out.size() > 64) out.resize(64);  // Graph's limit for mailNickname
    return out;
}

nlohmann::json create_user(graph_client &client, const secret_store &secrets, const new_user &user) {
    std::string body = user_body(secrets, user);
    try {
        auto answer = client.send("POST", client.base() + "/v1.0/users", std::move(body), {}, false);
        auto created = parse_body(answer, "POST", "/v1.0/users");
        return created ? std::move(*created) : nlohmann::json::object();
    } catch (const mailint::error &e) {
        throw redacted(e, secrets);
    }
}

batch_request create_user_request(const secret_store &secrets, const new_user &user, std::string id) {
    std::string text = user_body(secrets, user);
    batch_request r;
    r.id = std::move(id);
    r.method = "POST";
    r.url = "/users";
    r.body = nlohmann::json::parse(text);
    OPENSSL_cleanse(text.data(), text.size());
    return r;
}

std::optional<nlohmann::json> get_user(graph_client &client, std::string_view id_or_upn,
                                       const std::vector<std::string> &select) {
    query q;
    if (!select.empty()) q.select(select);
    try {
        return client.get(user_path(id_or_upn), q);
    } catch (const error &e) {
        if (e.code() == errc::not_found) return std::nullopt;
        throw;
    }
}

std::vector<nlohmann::json> list_users(graph_client &client, const query &q, const list_options &options) {
    return client.list("/v1.0/users", q, options).items;
}

void update_user(graph_client &client, std::string_view id_or_upn, const nlohmann::json &changes) {
    client.patch(user_path(id_or_upn), changes);
}

void delete_user(graph_client &client, std::string_view id_or_upn) { client.del(user_path(id_or_upn)); }

}  // namespace mailint::graph
