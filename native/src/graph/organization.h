#pragma once
// The tenant as Graph describes it (GET /v1.0/organization): its id, which
// ConfigureCrmServerSideSync.ps1 writes into CRM as S2STenantId (wire-apis.md §4.3), and its
// verified domains.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_client.h"

namespace mailint::graph {

struct verified_domain {
    std::string name;
    std::string type;  // "Managed"
    std::string capabilities;  // "Email, OfficeCommunicationsOnline"
    bool is_default = false;
    bool is_initial = false;
};

struct organization {
    std::string tenant_id;
    std::string display_name;
    std::vector<verified_domain> verified_domains;
};

organization parse_organization(const nlohmann::json &object);

// The first (only) entry of /v1.0/organization. Throws graph.invalid_response when the list is
// empty: every tenant has one, so an empty answer means the token is not for a tenant.
organization get_organization(graph_client &client);

}  // namespace mailint::graph
