#include "graph/licenses.h"

#include <algorithm>

#include "graph/graph_resources.h"

namespace mailint::graph {

long long subscribed_sku::available_units() const { return std::max(0LL, enabled_units - consumed_units); }

subscribed_sku parse_subscribed_sku(const nlohmann::json &object) {
    subscribed_sku s;
    s.id = text_field(object, "id");
    s.sku_id = text_field(object, "skuId");
    s.sku_part_number = text_field(object, "skuPartNumber");
    s.capability_status = text_field(object, "capabilityStatus");
    s.consumed_units = int_field(object, "consumedUnits");
    if (auto prepaid = object.find("prepaidUnits"); prepaid != object.end() && prepaid->is_object()) {
        s.enabled_units = int_field(*prepaid, "enabled");
        s.suspended_units = int_field(*prepaid, "suspended");
        s.warning_units = int_field(*prepaid, "warning");
    }
    if (auto plans = object.find("servicePlans"); plans != object.end() && plans->is_array())
        for (const auto &p : *plans) s.service_plan_names.push_back(text_field(p, "servicePlanName"));
    return s;
}

std::vector<subscribed_sku> list_subscribed_skus(graph_client &client) {
    std::vector<subscribed_sku> out;
    for (const auto &s : client.list("/v1.0/subscribedSkus").items) out.push_back(parse_subscribed_sku(s));
    return out;
}

nlohmann::json assign_license_body(const std::vector<license_to_add> &add, const std::vector<std::string> &remove) {
    nlohmann::json adds = nlohmann::json::array();
    for (const auto &l : add) adds.push_back({{"disabledPlans", l.disabled_plans}, {"skuId", l.sku_id}});
    return {{"addLicenses", std::move(adds)}, {"removeLicenses", remove}};
}

nlohmann::json assign_license(graph_client &client, std::string_view id_or_upn, const std::vector<license_to_add> &add,
                              const std::vector<std::string> &remove) {
    request_options options;
    options.idempotent = true;
    auto answer = client.post(user_path(id_or_upn) + "/assignLicense", assign_license_body(add, remove), options);
    return answer ? std::move(*answer) : nlohmann::json::object();
}

batch_request assign_license_request(std::string_view id_or_upn, const std::vector<license_to_add> &add,
                                     const std::vector<std::string> &remove, std::string id,
                                     std::vector<std::string> depends_on) {
    batch_request r;
    r.id = std::move(id);
    r.method = "POST";
    r.url = user_path(id_or_upn).substr(5) + "/assignLicense";  // "/users/…": $batch urls omit the version
    r.body = assign_license_body(add, remove);
    r.depends_on = std::move(depends_on);
    return r;
}

}  // namespace mailint::graph
