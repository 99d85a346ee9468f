#include "graph/organization.h"

#include "core/error.h"
#include "graph/graph_resources.h"

namespace mailint::graph {

organization parse_organization(const nlohmann::json &object) {
    organization o;
    o.tenant_id = text_field(object, "id");
    o.display_name = text_field(object, "displayName");
    if (auto domains = object.find("verifiedDomains"); domains != object.end() && domains->is_array()) {
        for (const auto &d : *domains) {
            verified_domain v;
            v.name = text_field(d, "name");
            v.type = text_field(d, "type");
            v.capabilities = text_field(d, "capabilities");
            v.is_default = bool_field(d, "isDefault");
            v.is_initial = bool_field(d, "isInitial");
            o.verified_domains.push_back(std::move(v));
        }
    }
    return o;
}

organization get_organization(graph_client &client) {
    auto listing = client.list("/v1.0/organization");
    if (listing.items.empty() || !listing.items.front().is_object())
        throw error(errc::unavailable, "graph.invalid_response",
                    "Microsoft Graph listed no organization for this tenant.",
                    {{"method", "GET"}, {"path", "/v1.0/organization"}});
    return parse_organization(listing.items.front());
}

}  // namespace mailint::graph
