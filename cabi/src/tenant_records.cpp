#include "tenant_records.h"

#include <optional>

#include "connection.h"
#include "dns/tenant_dns_facts.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"

namespace mailint::cabi {

void throw_invalid(const diagnostics &found) {
    const auto *first = found.first_error();
    throw error(errc::invalid_argument, first ? first->id : "validation.failed",
                first ? first->message : "Invalid input.", {{"schemaVersion", 1}, {"diagnostics", found.to_json()}});
}

std::vector<dns::scenario_records> offline_records(const dns::records_request &request, diagnostics &found) {
    std::vector<dns::scenario_records> all;
    all.reserve(request.domains.size());
    for (const auto &domain : request.domains)
        if (auto r = dns::records_for(request, domain, nullptr, found)) all.push_back(std::move(*r));
    if (found.has_errors()) throw_invalid(found);
    return all;
}

void apply_tenant_records(mailint_connection &c, const dns::records_request &request,
                          std::vector<dns::scenario_records> &all, diagnostics &found) {
    if (request.scenario == dns::dns_scenario::exchange_onprem) return;  // nothing of it lives in the cloud
    calling_thread_scope scope(c);
    try {
        const auto &s = c.cloud->settings();
        graph::graph_client graph(c.cloud->graph(), s.environment.graph_base);
        std::optional<exchange_online::exo_client> exchange;
        if (request.scenario == dns::dns_scenario::teams_essentials)
            exchange.emplace(c.cloud->exchange(), exchange_endpoint(c));
        for (auto &r : all) {
            auto facts = dns::read_tenant_dns_facts(graph, exchange ? &*exchange : nullptr, request.scenario, r.zone);
            diagnostics again;
            if (auto with_tenant = dns::records_for(request, r.zone, &facts, again)) r = std::move(*with_tenant);
            found.append(again);
        }
    } catch (const error &e) {
        rethrow_redacted(c, e);
    }
    if (found.has_errors()) throw_invalid(found);
}

}  // namespace mailint::cabi
