#include "graph/service_principals.h"

#include "graph/key_credentials.h"
#include "util/text.h"

#include <algorithm>

namespace emulator::graph {
namespace {

constexpr std::string_view by_app_id_prefix = "appId=";

// params[0] is an object id, or "appId='…'" for the alternate key.
json* find_principal(json& tenant, const std::string& key)
{
    std::string app_id;
    const bool alternate = istarts_with(key, by_app_id_prefix);
    if (alternate) {
        app_id = key.substr(by_app_id_prefix.size());
        if (app_id.size() >= 2 && app_id.front() == '\'' && app_id.back() == '\'')
            app_id = app_id.substr(1, app_id.size() - 2);
    }
    for (auto& principal : tenant["servicePrincipals"])
        if (alternate ? iequals(principal["appId"].get<std::string>(), app_id)
                      : iequals(principal["id"].get<std::string>(), key))
            return &principal;
    return nullptr;
}

// keyCredentials[].key is returned only when one object is read with $select naming
// keyCredentials (keycredential.md); everywhere else it is null.
json shown_principal(json projected, bool reveal_keys)
{
    if (projected.contains("keyCredentials") && !reveal_keys)
        for (auto& credential : projected["keyCredentials"])
            credential["key"] = nullptr;
    return projected;
}

bool selects_keys(const call& c)
{
    return c.query.select && std::find(c.query.select->begin(), c.query.select->end(), "keyCredentials") !=
                                 c.query.select->end();
}

} // namespace

const entity_type& service_principal_type()
{
    static const entity_type type{
        "ServicePrincipal",
        "microsoft.graph.servicePrincipal",
        "servicePrincipals",
        {"id", "accountEnabled", "appDisplayName", "appId", "appOwnerOrganizationId", "displayName", "keyCredentials",
         "passwordCredentials", "servicePrincipalNames", "servicePrincipalType", "tags"},
        {"id", "accountEnabled", "appDisplayName", "appId", "appOwnerOrganizationId", "displayName", "keyCredentials",
         "passwordCredentials", "servicePrincipalNames", "servicePrincipalType", "tags"},
        {{"appId", {"eq"}}, {"id", {"eq"}}, {"displayName", {"eq", "startswith"}}, {"servicePrincipalType", {"eq"}}},
        true};
    return type;
}

http_response_data list_service_principals(call& c)
{
    return list_reply(c, service_principal_type(), c.tenant["servicePrincipals"],
                      [](json principal) { return shown_principal(std::move(principal), false); });
}

http_response_data get_service_principal(call& c)
{
    if (auto refused = check_query(c, service_principal_type()))
        return *refused;
    const json* principal = find_principal(c.tenant, c.params[0]);
    if (!principal)
        return not_found(c.params[0], c.request);
    json out = {{"@odata.context", context_url(c, service_principal_type(), true)}};
    out.update(shown_principal(project(*principal, c, service_principal_type()), selects_keys(c)));
    return json_reply(200, out);
}

http_response_data update_service_principal(call& c)
{
    json* principal = find_principal(c.tenant, c.params[0]);
    if (!principal)
        return not_found(c.params[0], c.request);
    if (!c.body.is_object())
        return error(400, "BadRequest", "The body must be a JSON object.", c.request);
    const auto invalid = [&](const std::string& property, const std::string& reason) {
        return error(400, "Request_BadRequest",
                     "Invalid value specified for property '" + property + "' of resource 'ServicePrincipal'." +
                         (reason.empty() ? "" : " " + reason),
                     c.request);
    };
    json changes = json::object();
    for (const auto& [raw_name, value] : c.body.items()) {
        if (raw_name.starts_with("@odata."))
            continue;
        const auto name = canonical_property(service_principal_type(), raw_name);
        if (!name)
            return error(400, "Request_BadRequest",
                         "Property '" + raw_name + "' does not exist on type 'microsoft.graph.servicePrincipal'.",
                         c.request);
        if (*name == "keyCredentials") {
            auto replaced = replace_key_credentials((*principal)["keyCredentials"], value);
            if (const auto* refused = std::get_if<key_credential_error>(&replaced))
                return invalid(*name, refused->reason + ".");
            changes[*name] = std::get<json>(std::move(replaced));
        } else if (*name == "servicePrincipalNames") {
            if (!value.is_array())
                return invalid(*name, "");
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (!value[i].is_string() || trim(value[i].get<std::string>()).empty())
                    return invalid(*name, "");
                for (std::size_t j = 0; j < i; ++j)
                    if (iequals(value[i].get<std::string>(), value[j].get<std::string>()))
                        return invalid(*name, "'" + value[i].get<std::string>() + "' appears twice.");
                for (const auto& other : c.tenant["servicePrincipals"]) {
                    if (&other == principal)
                        continue;
                    for (const auto& taken : other["servicePrincipalNames"])
                        if (iequals(taken.get<std::string>(), value[i].get<std::string>()))
                            return error(400, "Request_BadRequest",
                                         "Another object with the same value for property servicePrincipalNames already "
                                         "exists.",
                                         c.request);
                }
            }
            changes[*name] = value;
        } else if (*name == "accountEnabled") {
            if (!value.is_boolean())
                return invalid(*name, "");
            changes[*name] = value;
        } else if (*name == "tags") {
            if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const json& t) { return t.is_string(); }))
                return invalid(*name, "");
            changes[*name] = value;
        } else {
            return error(400, "Request_BadRequest", "Property '" + *name + "' is read-only and cannot be set.", c.request);
        }
    }
    for (const auto& [name, value] : changes.items())
        (*principal)[name] = value;
    return no_content();
}

} // namespace emulator::graph
