#pragma once
// Reading what a connected tenant says about a domain's DNS (scenario_records.h's
// tenant_dns_facts): Graph's domain, its verification and service configuration records, the
// tenant's initial domain, and Exchange Online's DKIM signing configuration. Reads only.
#include <string>

#include "dns/records_request.h"
#include "dns/scenario_records.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"

namespace mailint::dns {

// `domain` is normalised. What is absent from the tenant (the domain not added yet, no DKIM
// configuration) is a note, not a failure; a refused token or a service failure other than "not
// found" throws the client's mailint::error. `exchange` may be null (no DKIM read).
tenant_dns_facts read_tenant_dns_facts(graph::graph_client &graph, exchange_online::exo_client *exchange,
                                       dns_scenario scenario, const std::string &domain);

}  // namespace mailint::dns
