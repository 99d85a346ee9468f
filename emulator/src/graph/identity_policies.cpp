#include "graph/identity_policies.h"

#include "graph/graph_error.h"
#include "util/text.h"

#include <stdexcept>

namespace emulator::graph {
namespace {

// The fixed identity of the policy in every tenant (identitysecuritydefaultsenforcementpolicy-get).
constexpr const char* security_defaults_id = "00000000-0000-0000-0000-000000000005";

const entity_type& security_defaults_type()
{
    static const entity_type type{"IdentitySecurityDefaultsEnforcementPolicy",
                                  "microsoft.graph.identitySecurityDefaultsEnforcementPolicy",
                                  "policies/identitySecurityDefaultsEnforcementPolicy",
                                  {"id", "displayName", "description", "isEnabled"},
                                  {"id", "displayName", "description", "isEnabled"},
                                  {},
                                  false};
    return type;
}

json security_defaults_object(const call& c)
{
    return json{{"id", security_defaults_id},
                {"displayName", "Security Defaults"},
                {"description", "Security defaults is a set of basic identity security mechanisms recommended by "
                                "Microsoft. When enabled, these recommendations will be automatically enforced in your "
                                "organization. Administrators and users will be better protected from common identity "
                                "related attacks."},
                {"isEnabled", c.tenant["securityDefaults"].value("isEnabled", true)}};
}

} // namespace

const entity_type& conditional_access_policy_type()
{
    static const entity_type type{"ConditionalAccessPolicy",
                                  "microsoft.graph.conditionalAccessPolicy",
                                  "identity/conditionalAccess/policies",
                                  {"id", "displayName", "state", "createdDateTime", "modifiedDateTime", "conditions",
                                   "grantControls", "sessionControls"},
                                  {"id", "displayName", "state", "createdDateTime", "modifiedDateTime", "conditions",
                                   "grantControls", "sessionControls"},
                                  {{"state", {"eq"}}, {"displayName", {"eq", "startswith"}}},
                                  false};
    return type;
}

http_response_data get_security_defaults(call& c)
{
    if (auto refused = check_query(c, security_defaults_type()))
        return *refused;
    json out = {{"@odata.context", c.base_url + "/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity"}};
    out.update(project(security_defaults_object(c), c, security_defaults_type()));
    return json_reply(200, out);
}

http_response_data update_security_defaults(call& c)
{
    if (!c.body.is_object())
        return error(400, "BadRequest", "The request body must be a JSON object.", c.request);
    // Everything is checked before anything changes: isEnabled is the one settable property.
    for (const auto& [name, value] : c.body.items()) {
        const auto known = canonical_property(security_defaults_type(), name);
        if (!known)
            return error(400, "BadRequest",
                         "Property '" + name + "' does not exist on type "
                         "'microsoft.graph.identitySecurityDefaultsEnforcementPolicy'.",
                         c.request);
        if (*known != "isEnabled")
            return error(400, "BadRequest", "Property '" + *known + "' is read-only and cannot be set.", c.request);
        if (!value.is_boolean())
            return error(400, "BadRequest",
                         "Invalid value specified for property 'isEnabled' of resource "
                         "'IdentitySecurityDefaultsEnforcementPolicy'.",
                         c.request);
    }
    if (c.body.contains("isEnabled"))
        c.tenant["securityDefaults"]["isEnabled"] = c.body["isEnabled"];
    return no_content();
}

http_response_data list_conditional_access_policies(call& c)
{
    return list_reply(c, conditional_access_policy_type(), c.tenant["conditionalAccessPolicies"],
                      [](json object) { return object; });
}

void normalize_identity_policies(json& directory, const std::string& tenant_id)
{
    const std::string where = "graph['" + tenant_id + "']";
    if (!directory.contains("securityDefaults"))
        directory["securityDefaults"] = json{{"isEnabled", true}};
    if (!directory["securityDefaults"].is_object() || !directory["securityDefaults"].value("isEnabled", json(true)).is_boolean())
        throw std::invalid_argument(where + ".securityDefaults must be {\"isEnabled\":true|false}");
    if (!directory.contains("conditionalAccessPolicies"))
        directory["conditionalAccessPolicies"] = json::array();
    auto& policies = directory["conditionalAccessPolicies"];
    if (!policies.is_array())
        throw std::invalid_argument(where + ".conditionalAccessPolicies must be an array");
    for (auto& p : policies) {
        if (!p.is_object() || !p.contains("id") || !p["id"].is_string() || !p.contains("displayName"))
            throw std::invalid_argument("every entry of " + where + ".conditionalAccessPolicies needs an id and a displayName");
        const std::string state = p.value("state", "enabled");
        if (state != "enabled" && state != "disabled" && state != "enabledForReportingButNotEnforced")
            throw std::invalid_argument(where + ".conditionalAccessPolicies: state is enabled, disabled or "
                                                "enabledForReportingButNotEnforced");
        p["state"] = state;
        for (const char* member : {"createdDateTime", "modifiedDateTime", "sessionControls"})
            if (!p.contains(member))
                p[member] = nullptr;
        if (!p.contains("conditions"))
            p["conditions"] = json::object();
        if (!p.contains("grantControls"))
            p["grantControls"] = nullptr;
    }
}

} // namespace emulator::graph
