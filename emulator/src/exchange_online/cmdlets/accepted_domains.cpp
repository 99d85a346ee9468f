// Get- and Set-AcceptedDomain: the tenant's domains (added through Entra / Graph, not by a cmdlet
// in the cloud) and their type; seeds T9 makes the existing domain InternalRelay.
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/tenant_model.h"

#include <array>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "AcceptedDomain";
constexpr std::array<std::string_view, 3> domain_types = {"Authoritative", "ExternalRelay", "InternalRelay"};
constexpr std::string_view domain_type_name = "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomainType";

json& domains(json& tenant) { return exchange::collection(tenant, "acceptedDomains"); }

json get_accepted_domain(cmdlet_context& context)
{
    return select_visible(context, domains(context.tenant), kind, {"Identity", "Name", "DomainName"});
}

json set_accepted_domain(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& domain = require_visible(context, domains(context.tenant), kind, identity, {"Identity", "Name", "DomainName"});
    bool changed = false;
    if (const auto type = context.params.string("DomainType")) {
        const std::string parsed = exchange::parse_enum("DomainType", *type, domain_type_name, domain_types);
        // Mail for the initial domain is always delivered in Exchange Online.
        if (domain.value("InitialDomain", false) && parsed != "Authoritative")
            exchange::throw_data_validation("The initial domain '" + domain.value("DomainName", identity) +
                                            "' must stay Authoritative.");
        changed |= exchange::assign(domain, "DomainType", parsed);
    }
    if (context.params.boolean("MakeDefault").value_or(false)) {
        for (auto& other : domains(context.tenant))
            if (&other != &domain)
                changed |= exchange::assign(other, "Default", false);
        changed |= exchange::assign(domain, "Default", true);
    }
    warn_unchanged(context, changed, domain.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> accepted_domain_cmdlets()
{
    return {
        {"Get-AcceptedDomain", {{"Identity", param_kind::string}}, get_accepted_domain},
        {"Set-AcceptedDomain",
         {{"Identity", param_kind::string, true}, {"DomainType", param_kind::string}, {"MakeDefault", param_kind::boolean}},
         set_accepted_domain},
    };
}

} // namespace emulator::exchange_online
