#include "graph/users.h"

#include "graph/domains.h"
#include "graph/licenses.h"
#include "util/guid.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <algorithm>

namespace emulator::graph {
namespace {

constexpr const char* read_only[] = {"id", "assignedLicenses", "createdDateTime", "lastPasswordChangeDateTime"};
constexpr const char* required[] = {"accountEnabled", "displayName", "mailNickname", "passwordProfile",
                                    "userPrincipalName"};
constexpr const char* nullable_strings[] = {"givenName", "surname", "jobTitle", "mobilePhone", "officeLocation",
                                            "preferredLanguage", "mail"};

http_response_data invalid_value(const call& c, const std::string& property)
{
    return error(400, "Request_BadRequest", "Invalid value specified for property '" + property + "' of resource 'User'.",
                 c.request);
}

bool valid_nickname(const std::string& nickname)
{
    // Exchange's alias rules: no spaces, no @, and none of the characters it reserves.
    if (nickname.empty() || nickname.size() > 64)
        return false;
    return nickname.find_first_of(" @\\[](),:;<>\"") == std::string::npos;
}

bool valid_usage_location(const json& value)
{
    if (value.is_null())
        return true;
    if (!value.is_string() || value.get<std::string>().size() != 2)
        return false;
    const std::string text = value.get<std::string>();
    return std::all_of(text.begin(), text.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); });
}

// Checks one settable property; returns the value to store or an error.
std::variant<json, http_response_data> checked_value(call& c, const std::string& name, const json& value,
                                                     const json* self)
{
    if (name == "accountEnabled")
        return value.is_boolean() ? std::variant<json, http_response_data>(value) : invalid_value(c, name);
    if (name == "displayName")
        return value.is_string() && !trim(value.get<std::string>()).empty() ? std::variant<json, http_response_data>(value)
                                                                            : invalid_value(c, name);
    if (name == "mailNickname")
        return value.is_string() && valid_nickname(value.get<std::string>()) ? std::variant<json, http_response_data>(value)
                                                                             : invalid_value(c, name);
    if (name == "usageLocation") {
        if (!valid_usage_location(value))
            return invalid_value(c, name);
        return value.is_null() ? json(nullptr) : json(to_upper(value.get<std::string>()));
    }
    if (name == "userType") {
        if (!value.is_string() || (value != "Member" && value != "Guest"))
            return invalid_value(c, name);
        return value;
    }
    if (name == "passwordProfile") {
        if (!value.is_object() || !value.contains("password") || !value["password"].is_string() ||
            value["password"].get<std::string>().empty())
            return invalid_value(c, name);
        json kept = {{"forceChangePasswordNextSignIn", value.value("forceChangePasswordNextSignIn", true)},
                     {"forceChangePasswordNextSignInWithMfa", value.value("forceChangePasswordNextSignInWithMfa", false)}};
        if (!kept["forceChangePasswordNextSignIn"].is_boolean() || !kept["forceChangePasswordNextSignInWithMfa"].is_boolean())
            return invalid_value(c, name);
        return kept;
    }
    if (name == "businessPhones" || name == "otherMails") {
        if (!value.is_array() || (name == "businessPhones" && value.size() > 1))
            return invalid_value(c, name);
        for (const auto& item : value)
            if (!item.is_string())
                return invalid_value(c, name);
        return value;
    }
    if (name == "userPrincipalName") {
        if (!value.is_string())
            return invalid_value(c, name);
        const std::string upn = value.get<std::string>();
        const auto at = upn.find('@');
        if (at == std::string::npos || at == 0 || upn.find('@', at + 1) != std::string::npos ||
            upn.find(' ') != std::string::npos)
            return invalid_value(c, name);
        const json* domain = find_domain(c.tenant, upn.substr(at + 1));
        if (!domain || domain->at("isVerified") != true)
            return error(400, "Request_BadRequest",
                         "The domain portion of the userPrincipalName property is invalid. You must use one of the "
                         "verified domain names in your organization.",
                         c.request);
        const json* existing = find_user(c.tenant, upn);
        if (existing && existing != self)
            return error(400, "Request_BadRequest",
                         "Another object with the same value for property userPrincipalName already exists.", c.request);
        return json(upn.substr(0, at) + "@" + to_lower(upn.substr(at + 1)));
    }
    for (const char* nullable : nullable_strings)
        if (name == nullable)
            return value.is_string() || value.is_null() ? std::variant<json, http_response_data>(value)
                                                        : invalid_value(c, name);
    return invalid_value(c, name);
}

// The body's properties checked and canonically named; the error to send otherwise.
std::variant<json, http_response_data> checked_fields(call& c, const json* self)
{
    if (!c.body.is_object())
        return error(400, "BadRequest", "The body must be a JSON object.", c.request);
    json fields = json::object();
    for (const auto& [raw_name, value] : c.body.items()) {
        if (raw_name.starts_with("@odata."))
            continue;
        const auto name = canonical_property(user_type(), raw_name);
        if (!name)
            return error(400, "Request_BadRequest",
                         "Property '" + raw_name + "' does not exist on type 'microsoft.graph.user'.", c.request);
        if (std::find(std::begin(read_only), std::end(read_only), *name) != std::end(read_only))
            return error(400, "Request_BadRequest", "Property '" + *name + "' is read-only and cannot be set.", c.request);
        auto checked = checked_value(c, *name, value, self);
        if (auto* refused = std::get_if<http_response_data>(&checked))
            return std::move(*refused);
        fields[*name] = std::get<json>(std::move(checked));
    }
    return fields;
}

json user_with_context(const call& c, const json& user)
{
    json out = {{"@odata.context", context_url(c, user_type(), true)}};
    out.update(shown_user(project(user, c, user_type())));
    return out;
}

} // namespace

const entity_type& user_type()
{
    static const entity_type type{
        "User",
        "microsoft.graph.user",
        "users",
        {"id", "accountEnabled", "assignedLicenses", "businessPhones", "createdDateTime", "displayName", "givenName",
         "jobTitle", "lastPasswordChangeDateTime", "mail", "mailNickname", "mobilePhone", "officeLocation",
         "otherMails", "passwordProfile", "preferredLanguage", "surname", "usageLocation", "userPrincipalName",
         "userType"},
        // Graph v1.0's default property set for users.
        {"businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
         "preferredLanguage", "surname", "userPrincipalName", "id"},
        {{"userPrincipalName", {"eq", "startswith"}},
         {"mail", {"eq", "startswith"}},
         {"displayName", {"eq", "startswith"}},
         {"mailNickname", {"eq", "startswith"}},
         {"givenName", {"eq", "startswith"}},
         {"surname", {"eq", "startswith"}},
         {"id", {"eq"}},
         {"accountEnabled", {"eq"}},
         {"usageLocation", {"eq"}},
         {"userType", {"eq"}}},
        true};
    return type;
}

json* find_user(json& tenant, std::string_view id_or_upn)
{
    for (auto& user : tenant["users"])
        if (iequals(user["id"].get<std::string>(), id_or_upn) ||
            iequals(user["userPrincipalName"].get<std::string>(), id_or_upn))
            return &user;
    return nullptr;
}

json new_user(const json& fields)
{
    const std::string now = iso_utc(now_epoch_seconds());
    json user = {{"id", new_guid()},
                 {"accountEnabled", fields.at("accountEnabled")},
                 {"assignedLicenses", json::array()},
                 {"businessPhones", json::array()},
                 {"createdDateTime", now},
                 {"displayName", fields.at("displayName")},
                 {"givenName", nullptr},
                 {"jobTitle", nullptr},
                 {"lastPasswordChangeDateTime", now},
                 {"mail", nullptr},
                 {"mailNickname", fields.at("mailNickname")},
                 {"mobilePhone", nullptr},
                 {"officeLocation", nullptr},
                 {"otherMails", json::array()},
                 {"passwordProfile", fields.at("passwordProfile")},
                 {"preferredLanguage", nullptr},
                 {"surname", nullptr},
                 {"usageLocation", nullptr},
                 {"userPrincipalName", fields.at("userPrincipalName")},
                 {"userType", "Member"}};
    for (const auto& [name, value] : fields.items())
        user[name] = value;
    return user;
}

json shown_user(json projected)
{
    if (projected.contains("passwordProfile"))
        projected["passwordProfile"] = nullptr;
    return projected;
}

http_response_data list_users(call& c)
{
    return list_reply(c, user_type(), c.tenant["users"], [](json user) { return shown_user(std::move(user)); });
}

http_response_data get_user(call& c)
{
    if (auto refused = check_query(c, user_type()))
        return *refused;
    const json* user = find_user(c.tenant, c.params[0]);
    if (!user)
        return not_found(c.params[0], c.request);
    return json_reply(200, user_with_context(c, *user));
}

http_response_data create_user(call& c)
{
    auto checked = checked_fields(c, nullptr);
    if (auto* refused = std::get_if<http_response_data>(&checked))
        return std::move(*refused);
    const json& fields = std::get<json>(checked);
    for (const char* name : required)
        if (!fields.contains(name))
            return invalid_value(c, name);
    c.tenant["users"].push_back(new_user(fields));
    c.query.select.reset();
    return json_reply(201, user_with_context(c, c.tenant["users"].back()));
}

http_response_data update_user(call& c)
{
    json* user = find_user(c.tenant, c.params[0]);
    if (!user)
        return not_found(c.params[0], c.request);
    auto checked = checked_fields(c, user);
    if (auto* refused = std::get_if<http_response_data>(&checked))
        return std::move(*refused);
    for (const auto& [name, value] : std::get<json>(checked).items()) {
        (*user)[name] = value;
        if (name == "passwordProfile")
            (*user)["lastPasswordChangeDateTime"] = iso_utc(now_epoch_seconds());
    }
    return no_content();
}

http_response_data delete_user(call& c)
{
    json* user = find_user(c.tenant, c.params[0]);
    if (!user)
        return not_found(c.params[0], c.request);
    const std::string id = user->at("id").get<std::string>();
    release_licenses(c.tenant, *user);
    auto& users = c.tenant["users"];
    users.erase(std::remove_if(users.begin(), users.end(), [&](const json& u) { return u["id"] == id; }), users.end());
    return no_content();
}

} // namespace emulator::graph
