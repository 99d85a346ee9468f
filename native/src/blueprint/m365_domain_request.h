#pragma once
// Add-M365Domain's request (seeds M1, M3, T2): link a custom domain to the tenant, verify it
// through the TXT record Microsoft hands out, mark its services and, on request, make it the
// default. Parsed without reading anything; every finding is collected.
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/dns_wait_request.h"
#include "core/diagnostic.h"

namespace mailint::m365_domain {

inline constexpr const char *kScenario = "m365-domain";

// The wait for the verification record (wait, poll_interval, dns_servers) is dns_wait_request's.
struct request : dns_wait_request {
    std::string domain;  // normalised: lower case, no trailing dot
    bool set_default = false;
    // Services to have on the domain (Graph can set Email, OfficeCommunicationsOnline, Yammer);
    // added to those the domain already has, never removing one an administrator set.
    std::vector<std::string> supported_services{"Email"};
};

// Parameters: DomainName (required), SetDefault, SupportedServices, WaitTimeoutSeconds (0..86400),
// PollIntervalSeconds (1..3600), DnsServer (array), AllowSubdomain (M1 links second-level
// domains only; a subdomain of a verified root is allowed only when asked for).
diagnostics parse_request(const nlohmann::json &parameters, request &out);

}  // namespace mailint::m365_domain
