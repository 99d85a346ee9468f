#pragma once
// The "dataverse" section of the state document: one Dataverse organization per
// (tenant, org name), {"dataverse":{"<tenantId>":{"<org>":{"organizations":[…],
// "emailserverprofiles":[…],"mailboxes":[…],"systemusers":[…],"queues":[…]}}}}, rows keyed by
// their primary key and holding every column (lookups as _<name>_value).
#include "dataverse/schema.h"
#include "util/json.h"

#include <string>

namespace emulator::dataverse {

// Fills in what a seed left out: every table, the organization row, each row's missing columns
// with their defaults, versionnumber. Throws std::invalid_argument for the wrong shape.
void normalize_section(json& state);

// Org "contoso" in the demo tenant: its organization row, three users with their mailboxes (not
// approved, not yet on server-side synchronization), no email server profile.
void add_built_in_seed(json& state);

// nullptr when the tenant has no such organization.
json* find_org(json& state, const std::string& tenant_id, const std::string& org);

// A row of `t` with every column at its default.
json new_row(const table& t, const std::string& id);

// The next row version of the organization (Dataverse's versionnumber grows across all tables).
long long next_version(const json& org);

} // namespace emulator::dataverse
