#pragma once
// Enable-M365DkimSigning's request (seed T2, "DKIM done right"): have Exchange Online sign mail of
// a custom domain with DKIM. Parsed without reading anything; every finding is collected.
#include <string>

#include <nlohmann/json.hpp>

#include "blueprint/dns_wait_request.h"
#include "core/diagnostic.h"

namespace mailint::m365_dkim {

inline constexpr const char *kScenario = "m365-dkim";

// The wait for the two selector CNAMEs (wait, poll_interval, dns_servers) is dns_wait_request's.
struct request : dns_wait_request {
    std::string domain;  // normalised; any level (Exchange Online signs any accepted domain)
    int key_size = 2048;  // New-DkimSigningConfig -KeySize, for a configuration not made yet
};

// Parameters: DomainName (required), KeySize (1024 or 2048), WaitTimeoutSeconds,
// PollIntervalSeconds, DnsServer.
diagnostics parse_request(const nlohmann::json &parameters, request &out);

}  // namespace mailint::m365_dkim
