#pragma once
// Publish-MailDnsRecord's plan: a scenario's records into a zone on the administrator's Windows DNS
// server, through the host session's DnsServer cmdlets. One Get-DnsServerResourceRecord per name
// decides everything; only what differs is written, and nothing the module did not ask for is
// removed:
//
//   create  Add-DnsServerResourceRecord -ZoneName z -Name n -MX -MailExchange … -Preference …
//           (-A -IPv4Address, -CName -HostNameAlias, -Txt -DescriptiveText, -Srv -DomainName
//           -Priority -Weight -Port; -TimeToLive from the record)            the record is absent
//   delete  Remove-DnsServerResourceRecord -ZoneName z -Name n -RRType … -RecordData … -Force,
//           then create, only to replace the record the required one takes the place of: a
//           CNAME aliasing elsewhere, the domain's one SPF record (merged, T2: every mechanism
//           and the all qualifier kept), an MX to the same host with another preference
//   manual  what Windows would refuse or what only the administrator may decide: a CNAME where
//           other records are (or other records where a CNAME is), two SPF records
//   noop    the record is there
// MX records to other hosts are kept (mail still flows to them until the administrator moves it),
// with a note.
#include "blueprint/windows_dns_request.h"
#include "dns/scenario_records.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::windows_dns {

// Throws mailint::error: windows_dns.zone.not_found (failed_precondition) when the server does
// not host the zone, windows_dns.record.outside_zone (invalid_argument) when a record does not
// lie in it, and the host's errors of the reads other than "not found".
plan build_plan(const request &r, const dns::scenario_records &records, host_session &host,
                const progress_fn &progress);

}  // namespace mailint::windows_dns
