// Get-, New- and Set-DkimSigningConfig: DKIM for a custom domain (seeds T2, T11).
#include "exchange/cmdlet_error.h"
#include "exchange/org_model.h"
#include "exchange/values.h"
#include "exchange_online/cmdlet_registry.h"
#include "exchange_online/defaults.h"
#include "exchange_online/tenant_model.h"
#include "graph/public_dns.h"
#include "util/text.h"

#include <array>

namespace emulator::exchange_online {
namespace {

using exchange::param_kind;

constexpr std::string_view kind = "DkimSigningConfig";
constexpr std::array<std::string_view, 2> canonicalizations = {"Relaxed", "Simple"};
constexpr std::string_view canonicalization_type = "Microsoft.Exchange.Data.CanonicalizationType";

json& configs(json& tenant) { return exchange::collection(tenant, "dkimSigningConfigs"); }

bool apply_common(cmdlet_context& context, json& config)
{
    bool changed = false;
    if (const auto enabled = context.params.boolean("Enabled"))
        changed |= exchange::assign(config, "Enabled", *enabled);
    for (const std::string_view property : {"BodyCanonicalization", "HeaderCanonicalization"})
        if (const auto value = context.params.string(property))
            changed |= exchange::assign(config, property,
                                        exchange::parse_enum(property, *value, canonicalization_type, canonicalizations));
    if (const auto name = context.params.string("AdminDisplayName"))
        changed |= exchange::assign(config, "AdminDisplayName", *name);
    return changed;
}

// Exchange Online signs a custom domain only once public DNS shows both selector CNAMEs pointing at
// its keys: enabling before that is refused with the records to publish (seed T2). The initial
// domain's keys live in Microsoft's own zone, so it needs nothing.
void require_selector_records(cmdlet_context& context, const json& config)
{
    const std::string domain = config.value("Domain", "");
    if (iequals(domain, initial_domain(context.tenant)))
        return;
    std::string missing;
    for (const std::string_view selector : {"selector1", "selector2"}) {
        const std::string host = std::string(selector) + "._domainkey";
        const std::string target = config.value(std::string(selector == "selector1" ? "Selector1CNAME" : "Selector2CNAME"), "");
        const auto lookup = graph::find_alias(context.state, host + "." + domain, target);
        if (lookup.failure)
            throw exchange::cmdlet_error(400, exchange::exception_class::task_validation,
                                         "The CNAME records of '" + domain + "' could not be checked: " + *lookup.failure +
                                             ". Please try again later.");
        if (!lookup.found)
            missing += " Domain Name : " + domain + " Host Name : " + host + " Points to address or value: " + target;
    }
    if (!missing.empty())
        throw exchange::cmdlet_error(400, exchange::exception_class::task_validation,
                                     "CNAME record does not exist for this config. Please publish the following two "
                                     "CNAME records first." + missing +
                                         " . If you have already published the CNAME records, sync will take a few "
                                         "minutes to as many as 4 days.");
}

json get_dkim_signing_config(cmdlet_context& context)
{
    return select_visible(context, configs(context.tenant), kind, {"Identity", "Name", "Domain"});
}

json new_dkim_signing_config(cmdlet_context& context)
{
    const std::string domain = exchange::parse_domain_name("DomainName", *context.params.string("DomainName"));
    if (!is_accepted_domain(context.tenant, domain))
        exchange::throw_data_validation("The domain '" + domain + "' isn't an accepted domain of your organization.");
    if (exchange::find_object(configs(context.tenant), domain, {"Domain"}))
        exchange::throw_already_exists("A DKIM signing configuration for the domain '" + domain + "' already exists.");
    int key_size = 2048;
    if (const auto given = context.params.string("KeySize")) {
        key_size = static_cast<int>(exchange::parse_integer("KeySize", *given, 0, 65535));
        if (key_size != 1024 && key_size != 2048)
            exchange::throw_invalid_argument("KeySize", "The key size must be 1024 or 2048.");
    }
    // Exchange keeps the domain as the accepted domain spells it.
    const std::string accepted =
        exchange::find_object(exchange::collection(context.tenant, "acceptedDomains"), domain, {"DomainName"})
            ->value("DomainName", domain);
    json config = make_dkim_signing_config(accepted, initial_domain(context.tenant), false, key_size);
    apply_common(context, config);
    if (config.value("Enabled", false))
        require_selector_records(context, config);
    configs(context.tenant).push_back(config);
    context.created.push_back({std::string(kind), accepted});
    return json::array({config});
}

json set_dkim_signing_config(cmdlet_context& context)
{
    const std::string identity = *context.params.string("Identity");
    json& config = require_visible(context, configs(context.tenant), kind, identity, {"Identity", "Name", "Domain"});
    json changed = config;
    const bool differs = apply_common(context, changed);
    if (differs && changed.value("Enabled", false) && !config.value("Enabled", false))
        require_selector_records(context, changed);
    config = std::move(changed);
    warn_unchanged(context, differs, config.value("Identity", identity));
    return json::array();
}

} // namespace

std::vector<cmdlet_spec> dkim_signing_cmdlets()
{
    return {
        {"Get-DkimSigningConfig", {{"Identity", param_kind::string}}, get_dkim_signing_config},
        {"New-DkimSigningConfig",
         {{"DomainName", param_kind::string, true},
          {"Enabled", param_kind::boolean, true},
          {"KeySize", param_kind::scalar},
          {"BodyCanonicalization", param_kind::string},
          {"HeaderCanonicalization", param_kind::string},
          {"AdminDisplayName", param_kind::string}},
         new_dkim_signing_config},
        {"Set-DkimSigningConfig",
         {{"Identity", param_kind::string, true},
          {"Enabled", param_kind::boolean},
          {"BodyCanonicalization", param_kind::string},
          {"HeaderCanonicalization", param_kind::string},
          {"AdminDisplayName", param_kind::string}},
         set_dkim_signing_config},
    };
}

} // namespace emulator::exchange_online
