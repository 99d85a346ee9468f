#include "graph/licenses.h"

#include "graph/users.h"
#include "util/guid.h"
#include "util/text.h"

#include <algorithm>
#include <set>

namespace emulator::graph {
namespace {

json* find_sku(json& tenant, std::string_view sku_id)
{
    for (auto& sku : tenant["subscribedSkus"])
        if (iequals(sku["skuId"].get<std::string>(), sku_id))
            return &sku;
    return nullptr;
}

bool has_license(const json& user, std::string_view sku_id)
{
    for (const auto& license : user.at("assignedLicenses"))
        if (iequals(license.value("skuId", ""), sku_id))
            return true;
    return false;
}

http_response_data missing_parameter(const call& c, const std::string& name)
{
    return error(400, "Request_BadRequest",
                 "One or more parameters of the function import 'assignLicense' are missing from the request payload. "
                 "The missing parameters are: " + name + ".",
                 c.request);
}

} // namespace

const entity_type& sku_type()
{
    static const entity_type type{
        "SubscribedSku",
        "microsoft.graph.subscribedSku",
        "subscribedSkus",
        {"accountId", "accountName", "appliesTo", "capabilityStatus", "consumedUnits", "id", "prepaidUnits",
         "servicePlans", "skuId", "skuPartNumber", "subscriptionIds"},
        {"accountId", "accountName", "appliesTo", "capabilityStatus", "consumedUnits", "id", "prepaidUnits",
         "servicePlans", "skuId", "skuPartNumber", "subscriptionIds"},
        {},
        false};  // "only $select supported; no $filter" (wire-apis.md §2.3)
    return type;
}

json make_sku(const std::string& tenant_id, const std::string& sku_id, const std::string& part_number,
              long long prepaid_units, json service_plans)
{
    return json{{"accountId", tenant_id},
                {"accountName", "Contoso"},
                {"appliesTo", "User"},
                {"capabilityStatus", "Enabled"},
                {"consumedUnits", 0},
                {"id", tenant_id + "_" + sku_id},
                {"prepaidUnits", {{"enabled", prepaid_units}, {"lockedOut", 0}, {"suspended", 0}, {"warning", 0}}},
                {"servicePlans", std::move(service_plans)},
                {"skuId", sku_id},
                {"skuPartNumber", part_number},
                {"subscriptionIds", json::array({name_based_guid("subscription|" + tenant_id + "|" + sku_id)})}};
}

void recount_consumed_units(json& tenant)
{
    for (auto& sku : tenant["subscribedSkus"]) {
        long long used = 0;
        for (const auto& user : tenant["users"])
            if (user.contains("assignedLicenses") && has_license(user, sku["skuId"].get<std::string>()))
                ++used;
        sku["consumedUnits"] = used;
    }
}

void release_licenses(json& tenant, const json& user)
{
    for (const auto& license : user.at("assignedLicenses"))
        if (json* sku = find_sku(tenant, license.value("skuId", "")))
            (*sku)["consumedUnits"] = std::max(0LL, (*sku)["consumedUnits"].get<long long>() - 1);
}

http_response_data list_subscribed_skus(call& c)
{
    return list_reply(c, sku_type(), c.tenant["subscribedSkus"], [](json sku) { return sku; });
}

http_response_data assign_license(call& c)
{
    json* user = find_user(c.tenant, c.params[0]);
    if (!user)
        return not_found(c.params[0], c.request);
    if (!c.body.is_object())
        return missing_parameter(c, "addLicenses, removeLicenses");
    if (!c.body.contains("addLicenses"))
        return missing_parameter(c, "addLicenses");
    if (!c.body.contains("removeLicenses"))
        return missing_parameter(c, "removeLicenses");
    const json& add = c.body["addLicenses"];
    const json& remove = c.body["removeLicenses"];
    if (!add.is_array() || !(remove.is_array() || remove.is_null()))
        return error(400, "Request_BadRequest", "addLicenses and removeLicenses must be arrays.", c.request);
    if (user->at("usageLocation").is_null())
        return error(400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.",
                     c.request);

    // Everything is checked before anything changes: a refused call assigns nothing.
    std::set<std::string> removing;
    for (const auto& sku_id : remove.is_array() ? remove : json::array()) {
        if (!sku_id.is_string() || !is_guid(sku_id.get<std::string>()))
            return error(400, "Request_BadRequest", "Invalid value specified for property 'removeLicenses'.", c.request);
        if (!has_license(*user, sku_id.get<std::string>()))
            return error(400, "Request_BadRequest", "User does not have a corresponding license.", c.request);
        removing.insert(to_lower(sku_id.get<std::string>()));
    }
    std::vector<std::pair<json*, json>> adding;  // sku, the assignedLicense to store
    for (const auto& license : add) {
        if (!license.is_object() || !license.contains("skuId") || !license["skuId"].is_string() ||
            !is_guid(license["skuId"].get<std::string>()))
            return error(400, "Request_BadRequest", "Invalid value specified for property 'skuId' of resource 'AssignedLicense'.",
                         c.request);
        const std::string sku_id = to_lower(license["skuId"].get<std::string>());
        json* sku = find_sku(c.tenant, sku_id);
        if (!sku)
            return error(400, "Request_BadRequest",
                         "License " + sku_id + " does not correspond to a valid company License.", c.request);
        if (removing.count(sku_id))
            return error(400, "Request_BadRequest",
                         "License " + sku_id + " cannot be added and removed in the same request.", c.request);
        json disabled = license.value("disabledPlans", json::array());
        if (disabled.is_null())
            disabled = json::array();
        if (!disabled.is_array())
            return error(400, "Request_BadRequest",
                         "Invalid value specified for property 'disabledPlans' of resource 'AssignedLicense'.", c.request);
        for (auto& plan : disabled) {
            const bool known = plan.is_string() &&
                               std::any_of((*sku)["servicePlans"].begin(), (*sku)["servicePlans"].end(), [&](const json& p) {
                                   return iequals(p.value("servicePlanId", ""), plan.get<std::string>());
                               });
            if (!known)
                return error(400, "Request_BadRequest",
                             "Service plan " + plan.dump() + " is not part of license " + sku_id + ".", c.request);
            plan = to_lower(plan.get<std::string>());
        }
        if (!has_license(*user, sku_id)) {
            const long long available = (*sku)["prepaidUnits"]["enabled"].get<long long>() - (*sku)["consumedUnits"].get<long long>();
            if (available < 1)
                return error(400, "Request_BadRequest",
                             "Subscription with SKU " + sku_id + " does not have any available licenses.", c.request);
        }
        adding.emplace_back(sku, json{{"disabledPlans", std::move(disabled)}, {"skuId", sku_id}});
    }

    json& assigned = (*user)["assignedLicenses"];
    for (const auto& sku_id : removing) {
        assigned.erase(std::remove_if(assigned.begin(), assigned.end(),
                                      [&](const json& l) { return iequals(l.value("skuId", ""), sku_id); }),
                       assigned.end());
        if (json* sku = find_sku(c.tenant, sku_id))
            (*sku)["consumedUnits"] = (*sku)["consumedUnits"].get<long long>() - 1;
    }
    for (auto& [sku, license] : adding) {
        const std::string sku_id = license["skuId"].get<std::string>();
        bool updated = false;
        for (auto& existing : assigned)
            if (iequals(existing.value("skuId", ""), sku_id)) {
                existing = license;  // already held: only disabledPlans change, no unit is taken
                updated = true;
            }
        if (!updated) {
            assigned.push_back(license);
            (*sku)["consumedUnits"] = (*sku)["consumedUnits"].get<long long>() + 1;
        }
    }
    c.query.select.reset();
    json out = {{"@odata.context", context_url(c, user_type(), true)}};
    out.update(shown_user(project(*user, c, user_type())));
    out["assignedLicenses"] = assigned;
    return json_reply(200, out);
}

} // namespace emulator::graph
