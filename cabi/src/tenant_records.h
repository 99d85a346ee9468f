#pragma once
// The records of a DNS request (records_request.h) for each of its domains: from the documents'
// tables, every domain checked before anything is read or sent; then, with a connection, replaced
// by what the tenant says (tenant_dns_facts.h). Shared by mailint_records_* and the windows-dns
// plans.
#include <vector>

#include "core/diagnostic.h"
#include "dns/records_request.h"
#include "dns/scenario_records.h"
#include "mailint.h"

namespace mailint::cabi {

// Throws mailint::error(invalid_argument) with every finding when a domain or option is invalid.
std::vector<dns::scenario_records> offline_records(const dns::records_request &request, diagnostics &found);

// Reads through the connection (Graph; Exchange Online for teams-essentials); errors are redacted
// of the connection's secrets.
void apply_tenant_records(mailint_connection &c, const dns::records_request &request,
                          std::vector<dns::scenario_records> &all, diagnostics &found);

[[noreturn]] void throw_invalid(const diagnostics &found);

}  // namespace mailint::cabi
