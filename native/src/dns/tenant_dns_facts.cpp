#include "dns/tenant_dns_facts.h"

#include "core/error.h"
#include "dns/graph_dns_records.h"
#include "dns/m365_records.h"
#include "graph/domains.h"

namespace mailint::dns {

namespace {

void read_verification_code(graph::graph_client &graph, const std::string &domain, tenant_dns_facts &facts) {
    for (const auto &r : graph::verification_dns_records(graph, domain)) {
        if (auto code = parse_verification_code(r.value)) {
            facts.verification_code = *code;
            return;
        }
    }
}

void read_dkim(exchange_online::exo_client &exchange, const std::string &domain, tenant_dns_facts &facts) {
    try {
        auto result = exchange.invoke({"Get-DkimSigningConfig", {{"Identity", domain}}});
        for (const auto &config : result.objects) {
            const auto s1 = config.value("Selector1CNAME", std::string());
            const auto s2 = config.value("Selector2CNAME", std::string());
            if (!s1.empty() && !s2.empty()) {
                facts.dkim = dkim_selector_targets{s1, s2};
                return;
            }
        }
    } catch (const error &e) {
        if (e.code() != errc::not_found) throw;
    }
    facts.notes.push_back("Exchange Online has no DKIM signing configuration for " + domain +
                          " yet: New-DkimSigningConfig creates it, and Get-DkimSigningConfig then gives the selectors' own targets.");
}

}  // namespace

tenant_dns_facts read_tenant_dns_facts(graph::graph_client &graph, exchange_online::exo_client *exchange,
                                       dns_scenario scenario, const std::string &domain) {
    tenant_dns_facts facts;
    if (scenario == dns_scenario::exchange_onprem) return facts;  // nothing of it lives in the cloud
    auto found = graph::get_domain(graph, domain);
    if (found) {
        facts.domain_in_tenant = true;
        facts.domain_verified = found->is_verified;
        if (!found->is_verified) read_verification_code(graph, domain, facts);
    }
    if (scenario == dns_scenario::m365 && found) {
        diagnostics skipped;
        facts.service_records = from_graph_records(graph::service_configuration_records(graph, domain), domain, skipped);
        for (const auto &d : skipped.items()) facts.notes.push_back(d.message);
    }
    if (scenario == dns_scenario::teams_essentials) {
        for (const auto &d : graph::list_domains(graph))
            if (d.is_initial) facts.initial_domain = d.id;
        if (exchange) read_dkim(*exchange, domain, facts);
    }
    return facts;
}

}  // namespace mailint::dns
