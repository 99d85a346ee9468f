#pragma once
// Set-ExchangeSplitDns's plan (seed X10): on the Essentials server's DNS server, a primary forward
// zone named after the Exchange server's FQDN (mail.contoso.com) holding one A record with a blank
// name (the zone itself) for Exchange's intranet address, so computers inside reach Exchange by
// the name they use outside. Through the host session's DnsServer cmdlets; the zone is made as
// the New Zone wizard's defaults make it (Active Directory-integrated, replicated to the domain's
// DNS servers, secure dynamic updates only).
//
//   create  Add-DnsServerPrimaryZone -Name mail.contoso.com -ReplicationScope Domain
//           -DynamicUpdate Secure                                    the zone is absent
//   create  Add-DnsServerResourceRecord -ZoneName mail.contoso.com -Name @ -A -IPv4Address ip
//   delete  Remove-DnsServerResourceRecord … -RRType A -RecordData old -Force, then create:
//           the blank-name A points elsewhere
//   manual  a zone of that name that is not a primary zone (secondary, stub, forwarder)
//
// parameters: {"HostName", "IPAddress", "ComputerName"?, "ReplicationScope"? ("Domain"|"Forest"|
//   "Legacy")}
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "plan/plan.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_split_dns {

inline constexpr const char *kScenario = "exchange-split-dns";

struct request {
    std::string host_name;  // normalised
    std::string address;    // dotted quad
    std::string computer_name;
    std::string replication_scope = "Domain";
};

// validation.domain.* (HostName), validation.ipv4.malformed (IPAddress), a warning
// split_dns.address.public when the address is not an intranet one.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

plan build_plan(const request &r, host_session &host, const progress_fn &progress);

}  // namespace mailint::exchange_split_dns
