#pragma once
// The "exchangeOnline" section of the state document: {"<tenantId lower-case>":{"organizationConfig",
// "acceptedDomains","mailboxes","casMailboxes","transportRules","outboundConnectors",
// "hostedOutboundSpamFilterPolicies","dkimSigningConfigs"}} (PROTOCOL.md "Exchange Online").
#include "util/json.h"

#include <string>

namespace emulator::exchange_online {

// The demo tenant's organization (after entra::add_built_in_seed): a few user mailboxes and a
// shared one on contoso.onmicrosoft.com.
void add_built_in_seed(json& state);

// Fills what a seed document left out, after entra::normalize_section: an empty section, tenant ids
// lower-cased, missing collections empty (the outbound spam filter policies get the built-in
// "Default" one, which every organization has), mailboxes completed and a CAS mailbox for each.
// Throws std::invalid_argument when the section has the wrong shape.
void normalize_section(json& state);

// The organization of an Entra tenant that has none yet (a tenant registered through
// /control/entra/apps): Exchange Online provisions one for every tenant.
json provision_tenant(const json& state, const std::string& tenant_id);

// Adds the Entra tenant's domains that are not accepted domains yet (Authoritative), as the
// service does once a domain is added to the tenant.
void sync_accepted_domains(json& tenant, const json& state, const std::string& tenant_id);

} // namespace emulator::exchange_online
