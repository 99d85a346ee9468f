#include "exchange_online/tenant_model.h"

#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "util/text.h"

namespace emulator::exchange_online {

json* find_visible(const cmdlet_context& context, json& list, std::string_view kind, std::string_view identity,
                   std::initializer_list<std::string_view> keys)
{
    const std::string_view wanted = trim(identity);
    for (const auto key : keys)
        for (auto& object : list) {
            const auto value = object.find(std::string(key));
            if (value != object.end() && value->is_string() && iequals(value->get_ref<const std::string&>(), wanted))
                return context.is_visible(kind, object.value("Name", "")) ? &object : nullptr;
        }
    return nullptr;
}

json& require_visible(const cmdlet_context& context, json& list, std::string_view kind, std::string_view identity,
                      std::initializer_list<std::string_view> keys)
{
    if (json* object = find_visible(context, list, kind, identity, keys))
        return *object;
    exchange::throw_not_found(identity, lookup_host);
}

json select_visible(const cmdlet_context& context, json& list, std::string_view kind,
                    std::initializer_list<std::string_view> keys)
{
    if (const auto identity = context.params.string("Identity"))
        return json::array({require_visible(context, list, kind, *identity, keys)});
    json visible = json::array();
    for (const auto& object : list)
        if (context.is_visible(kind, object.value("Name", "")))
            visible.push_back(object);
    return visible;
}

void warn_unchanged(cmdlet_context& context, bool changed, std::string_view identity)
{
    if (!changed)
        context.warnings.push_back("The command completed successfully but no settings of '" + std::string(identity) +
                                   "' have been modified.");
}

std::string initial_domain(json& tenant)
{
    for (const auto& domain : exchange::collection(tenant, "acceptedDomains"))
        if (domain.value("InitialDomain", false))
            return domain.value("DomainName", "");
    for (const auto& domain : exchange::collection(tenant, "acceptedDomains")) {
        const std::string name = domain.value("DomainName", "");
        if (name.size() > 16 && iequals(std::string_view(name).substr(name.size() - 16), ".onmicrosoft.com"))
            return name;
    }
    return "";
}

bool is_accepted_domain(json& tenant, std::string_view domain)
{
    for (const auto& accepted : exchange::collection(tenant, "acceptedDomains"))
        if (iequals(accepted.value("DomainName", ""), domain))
            return true;
    return false;
}

} // namespace emulator::exchange_online
