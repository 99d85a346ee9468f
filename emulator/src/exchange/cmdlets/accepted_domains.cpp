// Get-, New- and Set-AcceptedDomain.
#include "exchange/cmdlet_error.h"
#include "exchange/cmdlet_registry.h"
#include "exchange/org_model.h"
#include "exchange/values.h"

#include <array>

namespace emulator::exchange {
namespace {

constexpr std::array<std::string_view, 3> domain_types = {"Authoritative", "ExternalRelay", "InternalRelay"};
constexpr std::string_view domain_type_name = "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomainType";

json& domains(json& org) { return collection(org, "acceptedDomains"); }

json get_accepted_domain(cmdlet_context& context)
{
    return select(context.org, domains(context.org), context, {"Identity", "Name", "DomainName"});
}

json new_accepted_domain(cmdlet_context& context)
{
    const std::string name = *context.params.string("Name");
    const std::string domain_name = parse_domain_name("DomainName", *context.params.string("DomainName"));
    const std::string type = parse_enum("DomainType", context.params.string("DomainType").value_or("Authoritative"),
                                        domain_type_name, domain_types);
    if (find_object(domains(context.org), name, {"Name"}))
        throw_already_exists("An accepted domain with the name '" + name + "' already exists.");
    if (find_object(domains(context.org), domain_name, {"DomainName"}))
        throw_already_exists("An accepted domain for the domain name '" + domain_name + "' already exists.");
    json domain = {{"Identity", name}, {"Name", name}, {"DomainName", domain_name}, {"DomainType", type}, {"Default", false}};
    domains(context.org).push_back(domain);
    return json::array({domain});
}

json set_accepted_domain(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& domain = require_object(context.org, domains(context.org), identity, {"Identity", "Name", "DomainName"});
    bool changed = false;
    if (const auto type = context.params.string("DomainType"))
        changed |= assign(domain, "DomainType", parse_enum("DomainType", *type, domain_type_name, domain_types));
    // There is always exactly one default: making one default takes it from the others, and
    // -MakeDefault $false changes nothing, as in Exchange.
    if (context.params.boolean("MakeDefault").value_or(false)) {
        for (auto& other : domains(context.org))
            if (&other != &domain)
                changed |= assign(other, "Default", false);
        changed |= assign(domain, "Default", true);
    }
    warn_unchanged(context, changed, domain.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> accepted_domain_cmdlets()
{
    return {
        {"Get-AcceptedDomain", {{"Identity", param_kind::string}}, get_accepted_domain},
        {"New-AcceptedDomain",
         {{"Name", param_kind::string, true}, {"DomainName", param_kind::string, true}, {"DomainType", param_kind::string}},
         new_accepted_domain},
        {"Set-AcceptedDomain",
         {{"Identity", param_kind::string, true}, {"MakeDefault", param_kind::boolean}, {"DomainType", param_kind::string}},
         set_accepted_domain},
    };
}

} // namespace emulator::exchange
