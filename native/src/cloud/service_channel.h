#pragma once
// Authorised, paced and retried HTTP to one service of one connection. The Exchange Online, Graph
// and Dataverse clients build requests and read answers; everything about *when* a request may be
// sent and whether it is sent again lives here, once:
//   - the bearer token from the token source; a 401 makes the token be re-acquired and the request
//     sent once more, never twice (issue 3: "a 401 triggers one re-acquisition");
//   - the transport's throttle gate: bounded concurrency, and a 429 (or a 503 naming a wait) pauses
//     every request of the transport for the Retry-After, parsed as decimal seconds;
//   - retries on 429, 503, 504 and on answers the service client calls transient (Exchange's
//     DCOverloadedException …), with the policy's backoff when no Retry-After is given; never on
//     other 4xx;
//   - connection failures and timeouts are retried only for idempotent requests: a create that
//     may have reached the service is not sent blindly again (the caller resolves it by reading).
//     A 504 (a gateway gave up; the service may have run the request) is treated the same way:
//     returned at once for a non-idempotent request.
// The answer of the last attempt is returned whatever its status; mapping it to an error id is
// the service client's business.
#include <atomic>
#include <functional>
#include <string>

#include "auth/clock.h"
#include "cloud/retry_policy.h"
#include "cloud/throttle_gate.h"
#include "cloud/token_source.h"
#include "http/http_client.h"

namespace mailint::cloud {

struct call_options {
    // False for creates: a connection failure or timeout then throws instead of resending, and a
    // 504 is returned instead of resent.
    bool idempotent = true;
    // Service-specific transient failures in an answer that is not 429/503/504.
    std::function<bool(const http::response &)> transient;
    // Set by the thread that owns the operation; checked before each attempt and while waiting.
    const std::atomic<bool> *cancelled = nullptr;
};

struct channel_stats {
    std::uint64_t requests = 0;       // attempts sent
    std::uint64_t retries = 0;        // attempts beyond the first, 401 re-sends included
    std::uint64_t reauthentications = 0;
    throttle_stats gate;
};

class service_channel {
public:
    // `name` ("Exchange Online", "Microsoft Graph", "Dataverse contoso") appears in messages.
    // References must outlive the channel (they are the connection's).
    service_channel(std::string name, http::client &http, token_source &tokens, throttle_options throttle,
                    retry_policy policy, const auth::clock &time = auth::system_time());
    service_channel(const service_channel &) = delete;
    service_channel &operator=(const service_channel &) = delete;

    // Sends `r` with "Authorization: Bearer …" added. Throws mailint::error for: auth.* (no token
    // could be had), transport.http.unavailable / transport.http.timeout after the retries (or at
    // once for a non-idempotent request: then the detail says {"outcomeUnknown":true}),
    // transport.cancelled.
    http::response send(http::request r, const call_options &options = {});

    const std::string &name() const { return name_; }
    throttle_gate &gate() { return gate_; }
    const retry_policy &policy() const { return policy_; }
    channel_stats stats() const;

private:
    std::string name_;
    http::client &http_;
    token_source &tokens_;
    throttle_gate gate_;
    retry_policy policy_;
    const auth::clock &clock_;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> retries_{0};
    std::atomic<std::uint64_t> reauthentications_{0};
};

// 429, 503 and 504: the statuses every Microsoft service uses for "try again later".
bool retryable_status(int status);

}  // namespace mailint::cloud
