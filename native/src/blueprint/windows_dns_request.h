#pragma once
// Publish-MailDnsRecord's request: the records of a scenario (records_request.h), published in a
// zone the administrator's own Windows DNS server hosts, through the host session (the DnsServer
// module's cmdlets), with the same plan/apply rules as everything else.
//
// parameters: {"RecordScenario":"m365"|"exchange-onprem"|"teams-essentials", "DomainName", the
//   scenario's own parameters (records_request.h), "ZoneName"? (default: the domain; the records
//   must lie in it), "ComputerName"? (the DNS server; default: the host session's computer)}
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"
#include "dns/records_request.h"

namespace mailint::windows_dns {

inline constexpr const char *kScenario = "windows-dns";

struct request {
    dns::records_request records;  // one domain
    std::string zone;              // normalised; empty: the domain's own zone
    std::string computer_name;     // empty: the host session's computer
};

diagnostics parse_request(const nlohmann::json &parameters, request &out);

}  // namespace mailint::windows_dns
