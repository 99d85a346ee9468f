#include "graph/tenant_state.h"

#include "entra/directory.h"
#include "graph/identity_policies.h"
#include "graph/licenses.h"
#include "graph/public_dns.h"
#include "util/guid.h"
#include "util/text.h"
#include "util/utc_time.h"

#include <stdexcept>

namespace emulator::graph {
namespace {

constexpr const char* collections[] = {"domains", "users", "subscribedSkus", "servicePrincipals"};

void require(bool ok, const std::string& message)
{
    if (!ok)
        throw std::invalid_argument(message);
}

// The *.onmicrosoft.com domain Entra created the tenant with, if it names one.
json fresh_directory(const json& entra_tenant)
{
    json directory = {{"domains", json::array()}, {"users", json::array()}, {"subscribedSkus", json::array()},
                      {"servicePrincipals", json::array()}};
    for (const auto& domain : entra_tenant.value("domains", json::array()))
        if (domain.is_string() && to_lower(domain.get<std::string>()).ends_with(".onmicrosoft.com")) {
            json initial = make_domain(to_lower(domain.get<std::string>()), true, true, true, true);
            initial["supportedServices"] = json::array({"Email", "OfficeCommunicationsOnline"});
            directory["domains"].push_back(std::move(initial));
            break;
        }
    return directory;
}

json seed_user(const std::string& tenant_id, const std::string& display_name, const std::string& nickname,
               const std::string& domain)
{
    const std::string upn = nickname + "@" + domain;
    return json{{"id", name_based_guid("user|" + tenant_id + "|" + upn)},
                {"accountEnabled", true},
                {"assignedLicenses", json::array()},
                {"businessPhones", json::array()},
                {"createdDateTime", "2024-01-15T08:00:00Z"},
                {"displayName", display_name},
                {"givenName", nullptr},
                {"jobTitle", nullptr},
                {"lastPasswordChangeDateTime", "2024-01-15T08:00:00Z"},
                {"mail", upn},
                {"mailNickname", nickname},
                {"mobilePhone", nullptr},
                {"officeLocation", nullptr},
                {"otherMails", json::array()},
                {"passwordProfile", {{"forceChangePasswordNextSignIn", false},
                                     {"forceChangePasswordNextSignInWithMfa", false}}},
                {"preferredLanguage", nullptr},
                {"surname", nullptr},
                {"usageLocation", "US"},
                {"userPrincipalName", upn},
                {"userType", "Member"}};
}

json first_party_principal(const std::string& tenant_id, const std::string& app_id, const std::string& name,
                           json names)
{
    return json{{"id", name_based_guid("servicePrincipal|" + tenant_id + "|" + app_id)},
                {"accountEnabled", true},
                {"appDisplayName", name},
                {"appId", app_id},
                // Microsoft Services, the tenant that owns Microsoft's first-party apps.
                {"appOwnerOrganizationId", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"},
                {"displayName", name},
                {"keyCredentials", json::array()},
                {"passwordCredentials", json::array()},
                {"servicePrincipalNames", std::move(names)},
                {"servicePrincipalType", "Application"},
                {"tags", json::array()}};
}

} // namespace

json make_domain(const std::string& name, bool verified, bool initial, bool is_default, bool root)
{
    return json{{"authenticationType", "Managed"},
                {"availabilityStatus", nullptr},
                {"id", name},
                {"isAdminManaged", true},
                {"isDefault", is_default},
                {"isInitial", initial},
                {"isRoot", root},
                {"isVerified", verified},
                {"passwordNotificationWindowInDays", 14},
                {"passwordValidityPeriodInDays", 2147483647},
                {"supportedServices", json::array()},
                {"state", nullptr}};
}

void normalize_section(json& state)
{
    if (!state.contains("graph"))
        state["graph"] = json::object();
    require(state["graph"].is_object(), "graph must be an object keyed by tenant id");
    json tenants = json::object();
    for (auto& [id, directory] : state["graph"].items()) {
        require(directory.is_object(), "graph['" + id + "'] must be an object");
        for (const char* key : collections) {
            if (!directory.contains(key))
                directory[key] = json::array();
            require(directory[key].is_array(), std::string("graph['") + id + "']." + key + " must be an array");
            for (const auto& item : directory[key])
                require(item.is_object() && item.contains("id") && item["id"].is_string(),
                        std::string("every entry of graph['") + id + "']." + key + " must be an object with an id");
        }
        tenants[to_lower(id)] = std::move(directory);
    }
    if (state.contains("entra") && state["entra"].contains("tenants"))
        for (const auto& [id, entra_tenant] : state["entra"]["tenants"].items())
            if (!tenants.contains(id))
                tenants[id] = fresh_directory(entra_tenant);
    for (auto& [id, directory] : tenants.items()) {
        recount_consumed_units(directory);
        normalize_identity_policies(directory, id);
    }
    state["graph"] = std::move(tenants);
    normalize_dns_section(state);
}

void add_built_in_seed(json& state)
{
    const std::string tenant_id = "11111111-2222-3333-4444-555555555555";
    const std::string domain = "contoso.onmicrosoft.com";
    json directory = fresh_directory(state["entra"]["tenants"][tenant_id]);
    directory["users"] = json::array({seed_user(tenant_id, "MOD Administrator", "admin", domain),
                                      seed_user(tenant_id, "Alex Wilber", "alexw", domain),
                                      seed_user(tenant_id, "Megan Bowen", "meganb", domain)});
    directory["subscribedSkus"] = json::array(
        {make_sku(tenant_id, "6fd2c87f-b296-42f0-b197-1e91e994b900", "ENTERPRISEPACK", 25,
                  json::array({json{{"servicePlanId", "efb87545-963c-4e0d-99df-69c6916d9eb0"},
                                    {"servicePlanName", "EXCHANGE_S_ENTERPRISE"},
                                    {"provisioningStatus", "Success"},
                                    {"appliesTo", "User"}},
                               json{{"servicePlanId", "5dbe027f-2339-4123-9542-606e4d348a72"},
                                    {"servicePlanName", "SHAREPOINTENTERPRISE"},
                                    {"provisioningStatus", "Success"},
                                    {"appliesTo", "User"}},
                               json{{"servicePlanId", "57ff2da0-773e-42df-b2af-ffb7a2317929"},
                                    {"servicePlanName", "TEAMS1"},
                                    {"provisioningStatus", "Success"},
                                    {"appliesTo", "User"}}})),
         make_sku(tenant_id, "4b9405b0-7788-4568-add1-99614e613b69", "EXCHANGESTANDARD", 5,
                  json::array({json{{"servicePlanId", "9aaf7827-d63c-4b61-89c3-182f06f82e5c"},
                                    {"servicePlanName", "EXCHANGE_S_STANDARD"},
                                    {"provisioningStatus", "Success"},
                                    {"appliesTo", "User"}}}))});
    // Dynamics' service principal lacks the bare appId among its names, as in a tenant where
    // ConfigureCrmServerSideSync.ps1 has not run (wire-apis.md §4.3 step 6 adds it).
    directory["servicePrincipals"] = json::array(
        {first_party_principal(tenant_id, "00000007-0000-0000-c000-000000000000", "Microsoft Dynamics CRM",
                               json::array({"00000007-0000-0000-c000-000000000000/*.crm.dynamics.com",
                                            "https://*.crm.dynamics.com", "Microsoft.CRM"})),
         first_party_principal(tenant_id, "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online",
                               json::array({"00000002-0000-0ff1-ce00-000000000000/outlook.office365.com",
                                            "00000002-0000-0ff1-ce00-000000000000",
                                            "https://outlook.office365.com", "https://outlook.office365.com/"}))});
    state["graph"] = json{{tenant_id, std::move(directory)}};
    state["dns"] = json::object();
    normalize_section(state);
}

json* tenant_section(json& state, const std::string& tenant_id)
{
    json& graph = state["graph"];
    if (graph.contains(tenant_id))
        return &graph[tenant_id];
    const json* entra_tenant = entra::find_tenant(state, tenant_id);
    if (!entra_tenant)
        return nullptr;
    graph[tenant_id] = fresh_directory(*entra_tenant);
    normalize_identity_policies(graph[tenant_id], tenant_id);
    return &graph[tenant_id];
}

} // namespace emulator::graph
