#pragma once
// The Exchange Online admin API as ExchangeOnlineManagement v3 uses it (wire-apis.md §1):
// POST {base}/adminapi/beta/{tenant}/InvokeCommand with the CmdletInput envelope. One call runs
// one cmdlet and returns every object (following @odata.nextLink by POSTing the same body), the
// warnings and the non-terminating errors; a terminating error becomes a mailint::error with a
// stable exchange.* id. Pacing, tokens and retries are the service channel's (cloud/).
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/service_channel.h"
#include "core/error.h"

namespace mailint::exchange_online {

struct command {
    std::string name;  // "Set-Mailbox"
    // Parameter values as JSON: strings, numbers, booleans (switches are true), arrays, objects
    // for hashtables (@{Add=…;Remove=…}); {"$bytes":"<base64>"} for byte[]. The encoder adds the
    // @odata.type annotations the service expects (§1.4).
    nlohmann::json parameters = nlohmann::json::object();
};

struct command_result {
    std::vector<nlohmann::json> objects;
    std::vector<std::string> warnings;      // @adminapi.warnings of every page
    std::vector<nlohmann::json> errors;     // @adminapi.errors: non-terminating, as sent
    int pages = 0;
};

struct invoke_options {
    // Prefer: odata.maxpagesize (1..1000).
    int page_size = 1000;
    // An object this run created a moment ago may read 404 while the directory replicates
    // (§1.7): keep retrying a ManagementObjectNotFoundException for this long. Zero: never.
    std::chrono::milliseconds not_found_grace{0};
    std::chrono::milliseconds not_found_interval{std::chrono::seconds(5)};
    const std::atomic<bool> *cancelled = nullptr;
};

struct exo_endpoint {
    std::string base;    // "https://outlook.office365.com" or the emulator's base
    std::string tenant;  // tenant id (GUID) or initial domain
    // X-AnchorMailbox (§1.3); empty: "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@<tenant>".
    std::string anchor;
};

class exo_client {
public:
    exo_client(cloud::service_channel &channel, exo_endpoint endpoint, const auth::clock &time = auth::system_time());

    // Throws mailint::error (ids in exo_error.h): the service's terminating error, or the
    // channel's transport/auth errors.
    command_result invoke(const command &c, const invoke_options &options = {});

    // Runs the commands concurrently (bounded by `workers` threads and the channel's gate) and
    // returns one outcome per command, in the order given; failures do not stop the others.
    // on_done fires on the calling thread as each finishes (progress). When should_cancel (or
    // options.cancelled) turns true, no further command starts, the running ones stop at their
    // next wait, and the commands never started get failure transport.cancelled; outcomes are
    // still returned. An exception thrown by on_done or should_cancel propagates.
    struct outcome {
        std::optional<command_result> result;
        std::optional<mailint::error> failure;
    };
    std::vector<outcome> invoke_many(const std::vector<command> &commands, int workers,
                                     const invoke_options &options = {},
                                     const std::function<void(std::size_t index)> &on_done = {},
                                     const std::function<bool()> &should_cancel = {});

    const exo_endpoint &endpoint() const { return endpoint_; }

private:
    cloud::service_channel &channel_;
    exo_endpoint endpoint_;
    const auth::clock &clock_;
};

}  // namespace mailint::exchange_online
