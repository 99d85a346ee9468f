#pragma once
// Licences (wire-apis.md §2.3): the tenant's subscriptions with their free units, and
// assignLicense. A licence needs the user's usageLocation, and a subscription with no free units
// refuses more; both come back as their own error ids (graph.license.usage_location_missing,
// graph.license.exhausted) so a bulk run can report them per user.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph_batch.h"
#include "graph/graph_client.h"

namespace mailint::graph {

struct subscribed_sku {
    std::string id;
    std::string sku_id;
    std::string sku_part_number;  // "ENTERPRISEPREMIUM"
    std::string capability_status;  // "Enabled"
    long long enabled_units = 0;    // prepaidUnits.enabled
    long long consumed_units = 0;
    long long suspended_units = 0;
    long long warning_units = 0;
    std::vector<std::string> service_plan_names;

    // Units that can still be assigned: prepaidUnits.enabled − consumedUnits (never negative:
    // a tenant over its count after a downgrade has none, not a debt).
    long long available_units() const;
};

struct license_to_add {
    std::string sku_id;
    std::vector<std::string> disabled_plans;
};

subscribed_sku parse_subscribed_sku(const nlohmann::json &object);
std::vector<subscribed_sku> list_subscribed_skus(graph_client &client);

// {"addLicenses":[{"disabledPlans":[…],"skuId":…}],"removeLicenses":[…]}
nlohmann::json assign_license_body(const std::vector<license_to_add> &add, const std::vector<std::string> &remove);
// POST /v1.0/users/{id or UPN}/assignLicense; the user as Graph returns it. Assigning a licence
// the user has is a no-op for Graph, so the call counts as idempotent.
nlohmann::json assign_license(graph_client &client, std::string_view id_or_upn, const std::vector<license_to_add> &add,
                              const std::vector<std::string> &remove = {});
// The same as a $batch item, typically dependsOn the user's create.
batch_request assign_license_request(std::string_view id_or_upn, const std::vector<license_to_add> &add,
                                     const std::vector<std::string> &remove = {}, std::string id = {},
                                     std::vector<std::string> depends_on = {});

}  // namespace mailint::graph
