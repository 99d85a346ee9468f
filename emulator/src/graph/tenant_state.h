#pragma once
// The "graph" section of the state document, one directory per tenant:
// {"graph":{"<tenantId>":{"domains":[…],"users":[…],"subscribedSkus":[…],"servicePrincipals":[…]}}}
// (PROTOCOL.md "Microsoft Graph personality"). Objects are kept in Graph's own shape; a user's
// password is never among them (only lastPasswordChangeDateTime says one was set).
#include "util/json.h"

#include <string>

namespace emulator::graph {

// Fills in what a seed left out: a directory for every Entra tenant (with its initial
// *.onmicrosoft.com domain), empty collections, consumedUnits recounted from the users' licences.
// Throws std::invalid_argument when the section has the wrong shape.
void normalize_section(json& state);

// The demo tenant's directory: its initial domain, three users, two SKUs and the first-party
// service principals of Dynamics CRM and Exchange Online.
void add_built_in_seed(json& state);

// The tenant's directory, created on first use for a tenant registered after the seed; nullptr when
// Entra does not know the tenant.
json* tenant_section(json& state, const std::string& tenant_id);

// A domain object as Graph prints it.
json make_domain(const std::string& name, bool verified, bool initial, bool is_default, bool root);

} // namespace emulator::graph
