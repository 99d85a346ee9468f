#include "graph/domains.h"

#include "graph/domain_records.h"
#include "graph/public_dns.h"
#include "graph/tenant_state.h"
#include "util/text.h"

#include <algorithm>

namespace emulator::graph {
namespace {

constexpr const char* settable_services[] = {"Email", "OfficeCommunicationsOnline", "Yammer", "Intune"};

bool valid_domain_name(const std::string& name)
{
    if (name.empty() || name.size() > 253)
        return false;
    const auto labels = split(name, '.');
    if (labels.size() < 2)
        return false;
    for (const auto& label : labels) {
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        for (const char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                return false;
    }
    const auto& tld = labels.back();
    return std::none_of(tld.begin(), tld.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_subdomain_of(std::string_view child, std::string_view parent)
{
    return child.size() > parent.size() + 1 && child.ends_with(parent) && child[child.size() - parent.size() - 1] == '.';
}

// The closest domain of the tenant that `name` is a subdomain of.
json* parent_domain(json& tenant, const std::string& name)
{
    json* best = nullptr;
    for (auto& domain : tenant["domains"]) {
        const std::string id = domain["id"].get<std::string>();
        if (is_subdomain_of(name, id) && (!best || id.size() > best->at("id").get<std::string>().size()))
            best = &domain;
    }
    return best;
}

json with_context(const call& c, json object)
{
    json out = {{"@odata.context", context_url(c, domain_type(), true)}};
    out.update(object);
    return out;
}

http_response_data domain_reply(call& c, const json& domain, int status = 200)
{
    return json_reply(status, with_context(c, project(domain, c, domain_type())));
}

void mark_verified(call& c, json& domain)
{
    domain["isVerified"] = true;
    domain["availabilityStatus"] = "AvailableImmediately";
    // A verified domain names the tenant at the token endpoint too, as in Entra.
    json& entra_domains = c.state["entra"]["tenants"][c.tenant_id]["domains"];
    const std::string name = domain["id"].get<std::string>();
    if (std::none_of(entra_domains.begin(), entra_domains.end(),
                     [&](const json& d) { return d.is_string() && iequals(d.get<std::string>(), name); }))
        entra_domains.push_back(name);
}

bool verified_elsewhere(const call& c, const std::string& name)
{
    for (const auto& [tenant_id, directory] : c.state["graph"].items()) {
        if (tenant_id == c.tenant_id)
            continue;
        for (const auto& domain : directory["domains"])
            if (domain["id"] == name && domain["isVerified"] == true)
                return true;
    }
    return false;
}

} // namespace

const entity_type& domain_type()
{
    static const entity_type type{
        "Domain",
        "microsoft.graph.domain",
        "domains",
        {"authenticationType", "availabilityStatus", "id", "isAdminManaged", "isDefault", "isInitial", "isRoot",
         "isVerified", "passwordNotificationWindowInDays", "passwordValidityPeriodInDays", "supportedServices", "state"},
        {"authenticationType", "availabilityStatus", "id", "isAdminManaged", "isDefault", "isInitial", "isRoot",
         "isVerified", "passwordNotificationWindowInDays", "passwordValidityPeriodInDays", "supportedServices", "state"},
        {},
        true};
    return type;
}

json* find_domain(json& tenant, std::string_view name)
{
    for (auto& domain : tenant["domains"])
        if (iequals(domain["id"].get<std::string>(), name))
            return &domain;
    return nullptr;
}

http_response_data list_domains(call& c)
{
    return list_reply(c, domain_type(), c.tenant["domains"], [](json object) { return object; });
}

http_response_data get_domain(call& c)
{
    if (auto refused = check_query(c, domain_type()))
        return *refused;
    const json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    return domain_reply(c, *domain);
}

http_response_data add_domain(call& c)
{
    if (!c.body.is_object() || !c.body.contains("id") || !c.body["id"].is_string())
        return error(400, "Request_BadRequest", "Invalid value specified for property 'id' of resource 'Domain'.",
                     c.request);
    for (const auto& [name, value] : c.body.items()) {
        if (name == "id" || name.starts_with("@odata."))
            continue;
        if (canonical_property(domain_type(), name))
            return error(400, "Request_BadRequest",
                         "Property '" + name + "' cannot be set when a domain is added; only id can.", c.request);
        return error(400, "Request_BadRequest",
                     "Property '" + name + "' does not exist on type 'microsoft.graph.domain'.", c.request);
    }
    const std::string name = to_lower(c.body["id"].get<std::string>());
    if (!valid_domain_name(name))
        return error(400, "Request_BadRequest", "The domain name '" + name + "' is not valid.", c.request);
    if (name.ends_with(".onmicrosoft.com"))
        return error(400, "Request_BadRequest",
                     "Domains under onmicrosoft.com cannot be added; the initial domain comes with the tenant.", c.request);
    if (find_domain(c.tenant, name))
        return error(400, "Request_BadRequest", "Another object with the same value for property id already exists.",
                     c.request);
    const json* parent = parent_domain(c.tenant, name);
    // Subdomains of a verified root are verified on add (wire-apis.md §2.2).
    const bool verified = parent && parent->at("isVerified") == true;
    json domain = make_domain(name, false, false, false, parent == nullptr);
    c.tenant["domains"].push_back(domain);
    json& stored = c.tenant["domains"].back();
    if (verified)
        mark_verified(c, stored);
    return domain_reply(c, stored, 201);
}

http_response_data list_verification_records(call& c)
{
    const json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    return json_reply(200, json{{"@odata.context", c.base_url + "/v1.0/$metadata#domains('" +
                                                       domain->at("id").get<std::string>() + "')/verificationDnsRecords"},
                                {"value", verification_records(c.tenant_id, domain->at("id").get<std::string>())}});
}

http_response_data list_service_records(call& c)
{
    const json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    return json_reply(200, json{{"@odata.context", c.base_url + "/v1.0/$metadata#domains('" +
                                                       domain->at("id").get<std::string>() +
                                                       "')/serviceConfigurationRecords"},
                                {"value", service_configuration_records(c.tenant_id, *domain)}});
}

http_response_data verify_domain(call& c)
{
    json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    if (domain->at("isVerified") == true)
        return domain_reply(c, *domain);
    const std::string name = domain->at("id").get<std::string>();
    if (const json* parent = parent_domain(c.tenant, name); parent && parent->at("isVerified") != true)
        return error(400, "Request_BadRequest",
                     "The root domain '" + parent->at("id").get<std::string>() + "' must be verified before '" + name +
                         "'.",
                     c.request);
    if (verified_elsewhere(c, name))
        return error(400, "Request_BadRequest", "The domain '" + name + "' is already verified in another tenant.",
                     c.request);
    const std::string code = verification_code(c.tenant_id, name);
    // With --dns-server this asks a real DNS server while the state is locked: verification stays
    // one step, and a server that does not answer holds other requests for its timeout (about 3 s).
    const auto lookup = find_verification_record(c.state, name, "MS=" + code, code + ".msv1.invalid");
    if (lookup.failure)
        return error(400, "Request_BadRequest",
                     "Domain verification failed: " + *lookup.failure +
                         ". Try again when the domain's DNS servers answer.",
                     c.request);
    if (!lookup.found)
        return error(400, "Request_BadRequest",
                     "Domain verification failed: neither the TXT record 'MS=" + code + "' nor the MX record '" + code +
                         ".msv1.invalid' was found in the DNS zone of '" + name + "'.",
                     c.request);
    mark_verified(c, *domain);
    for (auto& other : c.tenant["domains"])
        if (is_subdomain_of(other["id"].get<std::string>(), name) && other["isVerified"] != true)
            mark_verified(c, other);
    return domain_reply(c, *domain);
}

http_response_data update_domain(call& c)
{
    json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    if (!c.body.is_object())
        return error(400, "BadRequest", "The body must be a JSON object.", c.request);
    // Validate everything first, so a refused PATCH changes nothing.
    json changes = json::object();
    for (const auto& [raw_name, value] : c.body.items()) {
        if (raw_name.starts_with("@odata."))
            continue;
        const auto name = canonical_property(domain_type(), raw_name);
        if (!name)
            return error(400, "Request_BadRequest",
                         "Property '" + raw_name + "' does not exist on type 'microsoft.graph.domain'.", c.request);
        const auto invalid = [&] {
            return error(400, "Request_BadRequest",
                         "Invalid value specified for property '" + *name + "' of resource 'Domain'.", c.request);
        };
        if (*name == "supportedServices") {
            if (!value.is_array())
                return invalid();
            json services = json::array();
            for (const auto& service : value) {
                const auto known = std::find_if(std::begin(settable_services), std::end(settable_services),
                                                [&](const char* s) { return service.is_string() && iequals(service.get<std::string>(), s); });
                if (known == std::end(settable_services))
                    return invalid();
                if (std::find(services.begin(), services.end(), *known) == services.end())
                    services.push_back(*known);
            }
            changes[*name] = std::move(services);
        } else if (*name == "isDefault") {
            if (!value.is_boolean())
                return invalid();
            if (!value.get<bool>() && domain->at("isDefault") == true)
                return error(400, "Request_BadRequest",
                             "The default domain cannot be unset; make another verified domain the default instead.",
                             c.request);
            changes[*name] = value;
        } else if (*name == "passwordNotificationWindowInDays" || *name == "passwordValidityPeriodInDays") {
            if (!value.is_number_integer() || value.get<long long>() < 0)
                return invalid();
            changes[*name] = value;
        } else if (*name == "authenticationType") {
            // Federation needs the federation settings resource, which the emulator does not have.
            if (!value.is_string() || !iequals(value.get<std::string>(), "Managed"))
                return invalid();
            changes[*name] = "Managed";
        } else {
            return error(400, "Request_BadRequest", "Property '" + *name + "' is read-only and cannot be set.",
                         c.request);
        }
    }
    if (domain->at("isVerified") != true)
        return error(400, "Request_BadRequest",
                     "The domain '" + domain->at("id").get<std::string>() +
                         "' is not verified; only verified domains can be updated.",
                     c.request);
    if (changes.contains("isDefault") && changes["isDefault"] == true)
        for (auto& other : c.tenant["domains"])
            other["isDefault"] = false;
    for (const auto& [name, value] : changes.items())
        (*domain)[name] = value;
    return no_content();
}

http_response_data delete_domain(call& c)
{
    json* domain = find_domain(c.tenant, c.params[0]);
    if (!domain)
        return not_found(c.params[0], c.request);
    const std::string name = domain->at("id").get<std::string>();
    if (domain->at("isInitial") == true)
        return error(400, "Request_BadRequest", "The initial domain cannot be deleted.", c.request);
    if (domain->at("isDefault") == true)
        return error(400, "Request_BadRequest", "The default domain cannot be deleted; make another domain the default first.",
                     c.request);
    std::size_t references = 0;
    for (const auto& user : c.tenant["users"])
        if (to_lower(user["userPrincipalName"].get<std::string>()).ends_with("@" + name))
            ++references;
    if (references > 0)
        return error(400, "Request_BadRequest",
                     "The domain '" + name + "' cannot be deleted: " + std::to_string(references) +
                         " user(s) have it in their userPrincipalName.",
                     c.request);
    for (const auto& other : c.tenant["domains"])
        if (is_subdomain_of(other["id"].get<std::string>(), name))
            return error(400, "Request_BadRequest",
                         "The domain '" + name + "' cannot be deleted while its subdomain '" +
                             other["id"].get<std::string>() + "' exists.",
                         c.request);
    auto& domains = c.tenant["domains"];
    domains.erase(std::remove_if(domains.begin(), domains.end(), [&](const json& d) { return d["id"] == name; }),
                  domains.end());
    auto& entra_domains = c.state["entra"]["tenants"][c.tenant_id]["domains"];
    entra_domains.erase(std::remove_if(entra_domains.begin(), entra_domains.end(),
                                       [&](const json& d) { return d.is_string() && iequals(d.get<std::string>(), name); }),
                        entra_domains.end());
    return no_content();
}

} // namespace emulator::graph
