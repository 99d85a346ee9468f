#include "graph/organization.h"

#include "graph/entity_type.h"
#include "util/text.h"

namespace emulator::graph {
namespace {

const entity_type& organization_type()
{
    static const entity_type type{"Organization",
                                  "microsoft.graph.organization",
                                  "organization",
                                  {"id", "displayName", "tenantType", "verifiedDomains"},
                                  {"id", "displayName", "tenantType", "verifiedDomains"},
                                  {},
                                  false};
    return type;
}

json organization_object(const call& c)
{
    json verified = json::array();
    for (const auto& domain : c.tenant["domains"]) {
        if (domain["isVerified"] != true)
            continue;
        std::string capabilities;
        for (const auto& service : domain["supportedServices"])
            capabilities += (capabilities.empty() ? "" : ", ") + service.get<std::string>();
        verified.push_back(json{{"capabilities", capabilities.empty() ? "None" : capabilities},
                                {"isDefault", domain["isDefault"]},
                                {"isInitial", domain["isInitial"]},
                                {"name", domain["id"]},
                                {"type", domain["authenticationType"]}});
    }
    const json& entra_tenant = c.state["entra"]["tenants"][c.tenant_id];
    return json{{"id", c.tenant_id},
                {"displayName", entra_tenant.value("displayName", c.tenant_id)},
                {"tenantType", "AAD"},
                {"verifiedDomains", std::move(verified)}};
}

} // namespace

http_response_data list_organization(call& c)
{
    const json rows = json::array({organization_object(c)});
    return list_reply(c, organization_type(), rows, [](json object) { return object; });
}

http_response_data get_organization(call& c)
{
    if (auto refused = check_query(c, organization_type()))
        return *refused;
    if (!iequals(c.params[0], c.tenant_id))
        return not_found(c.params[0], c.request);
    json out = {{"@odata.context", context_url(c, organization_type(), true)}};
    out.update(project(organization_object(c), c, organization_type()));
    return json_reply(200, out);
}

} // namespace emulator::graph
