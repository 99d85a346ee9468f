#include "exchange_online/seed.h"

#include "entra/directory.h"
#include "exchange/org_model.h"
#include "exchange_online/defaults.h"
#include "exchange_online/mailbox_factory.h"
#include "exchange_online/tenant_model.h"
#include "util/text.h"

#include <map>
#include <stdexcept>

namespace emulator::exchange_online {
namespace {

constexpr const char* collections[] = {"acceptedDomains",    "mailboxes",
                                       "casMailboxes",       "transportRules",
                                       "outboundConnectors", "hostedOutboundSpamFilterPolicies",
                                       "dkimSigningConfigs", "intraOrganizationConnectors",
                                       "organizationRelationships"};

void require(bool condition, const std::string& message)
{
    if (!condition)
        throw std::invalid_argument(message);
}

std::vector<std::string> entra_domains(const json& state, const std::string& tenant_id)
{
    std::vector<std::string> domains;
    if (const json* tenant = entra::find_tenant(state, tenant_id))
        for (const auto& domain : tenant->value("domains", json::array()))
            if (domain.is_string())
                domains.push_back(domain.get<std::string>());
    return domains;
}

bool is_onmicrosoft(std::string_view domain)
{
    // <name>.onmicrosoft.com, but not the <name>.mail.onmicrosoft.com routing domain.
    const auto ends_with = [&](std::string_view suffix) {
        return domain.size() > suffix.size() && iequals(domain.substr(domain.size() - suffix.size()), suffix);
    };
    return ends_with(".onmicrosoft.com") && !ends_with(".mail.onmicrosoft.com");
}

// The initial domain Exchange Online names the organization after: the first *.onmicrosoft.com
// domain of the Entra tenant (else its first domain, else the tenant id).
std::string initial_of(const std::vector<std::string>& domains, const std::string& tenant_id)
{
    for (const auto& domain : domains)
        if (is_onmicrosoft(domain))
            return domain;
    return domains.empty() ? tenant_id : domains.front();
}

std::string display_name_of(const json& state, const std::string& tenant_id)
{
    const json* tenant = entra::find_tenant(state, tenant_id);
    return tenant ? tenant->value("displayName", tenant_id) : tenant_id;
}

// casMailboxes[i] must belong to mailboxes[i]; a seed may list them in any order or leave them out.
json aligned_cas_mailboxes(const json& mailboxes, const json& given, const std::string& tenant_id)
{
    std::map<std::string, const json*> by_name;
    for (const auto& cas : given) {
        require(cas.is_object() && cas.contains("Name") && cas["Name"].is_string(),
                "every CAS mailbox of tenant '" + tenant_id + "' needs a Name");
        by_name[to_lower(cas["Name"].get<std::string>())] = &cas;
    }
    json aligned = json::array();
    for (const auto& mailbox : mailboxes) {
        json cas = make_cas_mailbox(mailbox);
        const auto it = by_name.find(to_lower(mailbox["Name"].get<std::string>()));
        if (it != by_name.end()) {
            for (const auto& [key, value] : it->second->items())
                cas[key] = value;
            by_name.erase(it);
        }
        aligned.push_back(std::move(cas));
    }
    require(by_name.empty(), "tenant '" + tenant_id + "' has CAS mailboxes without a mailbox");
    return aligned;
}

void normalize_tenant(json& tenant, const json& state, const std::string& tenant_id)
{
    require(tenant.is_object(), "exchangeOnline tenant '" + tenant_id + "' must be an object");
    const auto domains = entra_domains(state, tenant_id);
    if (!tenant.contains("organizationConfig"))
        tenant["organizationConfig"] =
            make_organization_config(tenant_id, initial_of(domains, tenant_id), display_name_of(state, tenant_id));
    require(tenant["organizationConfig"].is_object(), "organizationConfig of '" + tenant_id + "' must be an object");
    for (const char* key : collections) {
        if (!tenant.contains(key))
            tenant[key] = key == std::string_view("hostedOutboundSpamFilterPolicies")
                              ? json::array({make_default_outbound_spam_policy()})
                              : json::array();
        require(tenant[key].is_array(), std::string("'") + key + "' of '" + tenant_id + "' must be an array");
        for (const auto& item : tenant[key])
            require(item.is_object(), std::string("every entry of '") + key + "' must be an object");
    }
    json mailboxes = json::array();
    for (const auto& mailbox : tenant["mailboxes"])
        mailboxes.push_back(complete_mailbox(tenant_id, mailbox));
    tenant["casMailboxes"] = aligned_cas_mailboxes(mailboxes, tenant["casMailboxes"], tenant_id);
    tenant["mailboxes"] = std::move(mailboxes);
}

} // namespace

json provision_tenant(const json& state, const std::string& tenant_id)
{
    const auto domains = entra_domains(state, tenant_id);
    const std::string initial = initial_of(domains, tenant_id);
    json tenant = {{"organizationConfig", make_organization_config(tenant_id, initial, display_name_of(state, tenant_id))}};
    for (const char* key : collections)
        tenant[key] = json::array();
    tenant["hostedOutboundSpamFilterPolicies"].push_back(make_default_outbound_spam_policy());
    tenant["dkimSigningConfigs"].push_back(make_dkim_signing_config(initial, initial, true, 2048));
    sync_accepted_domains(tenant, state, tenant_id);
    return tenant;
}

void sync_accepted_domains(json& tenant, const json& state, const std::string& tenant_id)
{
    const auto domains = entra_domains(state, tenant_id);
    json& accepted = exchange::collection(tenant, "acceptedDomains");
    const std::string initial = initial_of(domains, tenant_id);
    for (const auto& domain : domains) {
        if (is_accepted_domain(tenant, domain))
            continue;
        // The first domain of an organization with none is its default, as the initial domain is.
        const bool first = accepted.empty();
        accepted.push_back(make_accepted_domain(domain, first, iequals(domain, initial)));
    }
}

void add_built_in_seed(json& state)
{
    const std::string tenant_id = "11111111-2222-3333-4444-555555555555";
    json tenant = provision_tenant(state, tenant_id);
    const std::string domain = "contoso.onmicrosoft.com";
    const struct {
        const char* name;
        const char* display_name;
        const char* type;
    } people[] = {{"AdeleV", "Adele Vance", "UserMailbox"},
                  {"AlexW", "Alex Wilber", "UserMailbox"},
                  {"MeganB", "Megan Bowen", "UserMailbox"},
                  {"LeeG", "Lee Gu", "UserMailbox"},
                  {"Info", "Contoso Info", "SharedMailbox"}};
    for (const auto& person : people) {
        json mailbox = make_mailbox(tenant_id, person.name, person.display_name, domain, person.type);
        tenant["casMailboxes"].push_back(make_cas_mailbox(mailbox));
        tenant["mailboxes"].push_back(std::move(mailbox));
    }
    state["exchangeOnline"] = json{{tenant_id, std::move(tenant)}};
}

void normalize_section(json& state)
{
    if (!state.contains("exchangeOnline"))
        state["exchangeOnline"] = json::object();
    require(state["exchangeOnline"].is_object(), "exchangeOnline must be an object keyed by tenant id");
    json tenants = json::object();
    for (auto& [id, tenant] : state["exchangeOnline"].items()) {
        const std::string tenant_id = to_lower(id);
        normalize_tenant(tenant, state, tenant_id);
        tenants[tenant_id] = std::move(tenant);
    }
    state["exchangeOnline"] = std::move(tenants);
}

} // namespace emulator::exchange_online
