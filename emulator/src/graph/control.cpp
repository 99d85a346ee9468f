#include "graph/control.h"

#include "entra/directory.h"
#include "graph/domains.h"
#include "graph/licenses.h"
#include "graph/public_dns.h"
#include "graph/tenant_state.h"
#include "graph/users.h"
#include "util/guid.h"
#include "util/text.h"

#include <set>
#include <stdexcept>

namespace emulator::graph {
namespace {

http_response_data reply(int status, const json& body) { return {status, dump_json(body), {}}; }

http_response_data bad_request(const std::string& message)
{
    return reply(400, json{{"error", {{"code", "BadRequest"}, {"message", message}}}});
}

void require(bool ok, const std::string& message)
{
    if (!ok)
        throw std::invalid_argument(message);
}

json generate_users(json& tenant, const json& body)
{
    require(body.contains("count") && body["count"].is_number_integer() && body["count"].get<long long>() >= 1 &&
                body["count"].get<long long>() <= 200000,
            "count must be an integer from 1 to 200000");
    require(body.contains("prefix") && body["prefix"].is_string() && !body["prefix"].get<std::string>().empty() &&
                body["prefix"].get<std::string>().find_first_of(" @") == std::string::npos,
            "prefix must be a non-empty string without spaces or @");
    require(body.contains("domain") && body["domain"].is_string(), "domain is required");
    const json* domain = find_domain(tenant, body["domain"].get<std::string>());
    require(domain && domain->at("isVerified") == true, "domain must be a verified domain of the tenant");
    json usage = body.value("usageLocation", json());
    require(usage.is_null() || (usage.is_string() && usage.get<std::string>().size() == 2),
            "usageLocation must be a two-letter country code");
    if (usage.is_string())
        usage = to_upper(usage.get<std::string>());
    const std::string prefix = body["prefix"].get<std::string>();
    const std::string domain_name = domain->at("id").get<std::string>();
    const long long count = body["count"].get<long long>();

    std::set<std::string> taken;
    for (const auto& user : tenant["users"])
        taken.insert(to_lower(user["userPrincipalName"].get<std::string>()));
    std::vector<json> created;
    for (long long n = 1; n <= count; ++n) {
        const std::string nickname = prefix + std::to_string(n);
        const std::string upn = nickname + "@" + domain_name;
        require(!taken.count(to_lower(upn)), "a user " + upn + " already exists");
        json user = new_user(json{{"accountEnabled", true},
                                  {"displayName", prefix + " " + std::to_string(n)},
                                  {"mailNickname", nickname},
                                  {"passwordProfile", {{"forceChangePasswordNextSignIn", true},
                                                       {"forceChangePasswordNextSignInWithMfa", false}}},
                                  {"userPrincipalName", upn},
                                  {"usageLocation", usage}});
        created.push_back(std::move(user));
    }
    for (auto& user : created)
        tenant["users"].push_back(std::move(user));
    return json{{"created", count},
                {"first", prefix + "1@" + domain_name},
                {"last", prefix + std::to_string(count) + "@" + domain_name}};
}

json upsert_sku(const std::string& tenant_id, json& tenant, const json& body)
{
    require(body.contains("skuId") && body["skuId"].is_string() && is_guid(body["skuId"].get<std::string>()),
            "skuId must be a GUID");
    require(body.contains("skuPartNumber") && body["skuPartNumber"].is_string() &&
                !body["skuPartNumber"].get<std::string>().empty(),
            "skuPartNumber is required");
    require(body.contains("prepaidUnits") && body["prepaidUnits"].is_number_integer() &&
                body["prepaidUnits"].get<long long>() >= 0,
            "prepaidUnits must be a non-negative integer");
    json plans = body.value("servicePlans", json::array());
    require(plans.is_array(), "servicePlans must be an array");
    for (const auto& plan : plans)
        require(plan.is_object() && plan.contains("servicePlanId") && plan["servicePlanId"].is_string() &&
                    is_guid(plan["servicePlanId"].get<std::string>()),
                "each service plan needs a servicePlanId GUID");
    const std::string sku_id = to_lower(body["skuId"].get<std::string>());
    json sku = make_sku(tenant_id, sku_id, body["skuPartNumber"].get<std::string>(),
                        body["prepaidUnits"].get<long long>(), plans);
    for (auto& existing : tenant["subscribedSkus"])
        if (iequals(existing["skuId"].get<std::string>(), sku_id)) {
            sku["consumedUnits"] = existing["consumedUnits"];
            existing = sku;
            return sku;
        }
    tenant["subscribedSkus"].push_back(sku);
    recount_consumed_units(tenant);
    return tenant["subscribedSkus"].back();
}

} // namespace

std::optional<http_response_data> control(store& s, const http_request_data& request)
{
    const auto& seg = request.segments;
    const bool dns = seg.size() == 3 && seg[0] == "control" && seg[1] == "dns" && seg[2] == "records";
    const bool generate = seg.size() == 5 && seg[0] == "control" && seg[1] == "graph" && seg[3] == "users" &&
                          seg[4] == "generate" && request.method == "POST";
    const bool skus = seg.size() == 4 && seg[0] == "control" && seg[1] == "graph" && seg[3] == "skus" &&
                      request.method == "POST";
    if (!dns && !generate && !skus)
        return std::nullopt;
    if (dns && request.method == "GET")
        return s.with_state([](json& state) { return reply(200, state["dns"]); });
    if (dns && request.method != "POST")
        return std::nullopt;
    const json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return bad_request("The body must be a JSON object.");
    return s.with_state([&](json& state) -> http_response_data {
        try {
            if (dns)
                return reply(201, add_dns_records(state, body));
            const auto tenant_id = entra::resolve_tenant(state, seg[2]);
            json* tenant = tenant_id ? tenant_section(state, *tenant_id) : nullptr;
            if (!tenant)
                return reply(404, json{{"error", {{"code", "NotFound"}, {"message", "No tenant '" + seg[2] + "'."}}}});
            if (generate)
                return reply(201, generate_users(*tenant, body));
            return reply(201, upsert_sku(*tenant_id, *tenant, body));
        } catch (const std::invalid_argument& problem) {
            return bad_request(problem.what());
        } catch (const json::exception& problem) {
            return bad_request(problem.what());
        }
    });
}

} // namespace emulator::graph
