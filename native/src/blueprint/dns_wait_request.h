#pragma once
// The parameters of every plan that waits for public DNS to show a record the administrator
// publishes (Add-M365Domain's verification TXT, Enable-M365DkimSigning's selector CNAMEs): how
// long to wait, how often to look, and which resolvers stand for "public DNS".
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint {

struct dns_wait_request {
    std::chrono::seconds wait{0};  // 0 = look once
    std::chrono::seconds poll_interval{30};
    std::vector<std::string> dns_servers;  // "203.0.113.53", "127.0.0.1:5353"; empty = the system's
};

// WaitTimeoutSeconds (0..86400), PollIntervalSeconds (1..3600), DnsServer (a list the resolver
// accepts). Findings: <id_prefix>.wait_timeout.invalid, <id_prefix>.poll_interval.invalid,
// dns.resolver.server.malformed, each naming its parameter.
void parse_dns_wait(const nlohmann::json &parameters, std::string_view id_prefix, dns_wait_request &out,
                    diagnostics &d);

}  // namespace mailint
