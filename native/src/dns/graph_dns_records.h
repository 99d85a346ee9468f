#pragma once
// Graph's domainDnsRecord (wire-apis.md §2.2: verificationDnsRecords, serviceConfigurationRecords)
// to and from dns_record. When a tenant is connected these are the records Get-MailDnsRecord
// shows: Microsoft's own list for that tenant wins over the documents' tables (m365_records.h).
//
// Graph writes every label absolute ("autodiscover.contoso.com"); an SRV record's label is the
// name the _service._protocol labels go under, with `service` ("_sip"), `protocol` ("_tls") and
// `nameTarget` apart. dns_record names are relative to the zone, so the conversion needs it.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "dns/dns_record.h"
#include "graph/domains.h"

namespace mailint::dns {

// One Graph record (as graph::parse_dns_record reads it) in `zone` (normalised), with a purpose
// derived from what it is (ownership proof, Exchange Online MX, SPF, autodiscover, Skype, Intune,
// else "Required by Microsoft 365 for <service>"), " (optional)" added when Graph says isOptional.
// nullopt with a finding in `out` (target: the record's label) when it cannot be one:
//   dns.graph_record.unsupported  warning: a domainDnsUnavailableRecord or an unknown type, skipped
//   dns.graph_record.outside_zone error: the label is not `zone` or a name under it
//   dns.graph_record.invalid      error: no data, a host name that is not one, a number out of range
// A missing or zero ttl becomes 3600, the value Microsoft publishes.
std::optional<dns_record> from_graph_record(const graph::domain_dns_record &record, std::string_view zone,
                                            diagnostics &out);

// Every record of a list, in Graph's order; those that cannot be converted are left out (their
// findings are in `out`).
std::vector<dns_record> from_graph_records(const std::vector<graph::domain_dns_record> &records,
                                           std::string_view zone, diagnostics &out);

// The same from Graph's JSON: an answer {"value":[…]} or the array itself. Anything else is one
// dns.graph_record.invalid finding and no record.
std::vector<dns_record> from_graph_json(const nlohmann::json &answer, std::string_view zone, diagnostics &out);

// The other way, in the shape Graph lists (with "@odata.type" "#microsoft.graph.domainDns…Record",
// no id): for comparing a list with Graph's and for tests that play Graph. A records have no Graph
// form: throws mailint::error(unsupported, "dns.graph_record.unsupported"). An SRV record whose
// name is not "_service._protocol[.host]" throws mailint::error(invalid_argument,
// "dns.graph_record.invalid").
nlohmann::json to_graph_json(const dns_record &record, std::string_view supported_service = "Email",
                             bool is_optional = false);

}  // namespace mailint::dns
