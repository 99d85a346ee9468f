#pragma once
// POST /adminapi/beta/{tenant}/InvokeCommand once the caller is authorized: envelope in, cmdlet
// run against the tenant, envelope out (with an @odata.nextLink when a Get-* has more pages).
// Pure over the tenant's document; the caller holds the state lock.
#include "exchange_online/mailbox_index.h"
#include "exchange_online/replication.h"
#include "exchange_online/settings.h"
#include "exchange_online/skip_token.h"
#include "util/json.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace emulator::exchange_online {

struct invoke_request {
    std::string_view tenant_id;
    std::string_view body;
    std::optional<std::string> skip_token;  // from the nextLink's query; nullopt on a first call
    std::size_t page_size = 1000; // Prefer: odata.maxpagesize
    std::string_view base;        // "http://host:port" for @odata.context and @odata.nextLink
};

// What a run needs besides the tenant's document; all of it lives beside the state.
struct tenant_runtime {
    mailbox_index& index;
    replication& replicated;
    const skip_token_signer& signer;
    const settings& config;
    // The whole emulator state, read-only: what public DNS shows (the simulated zone) for the
    // cmdlets that check it, as DKIM enabling does.
    const json& state;
};

struct invoke_outcome {
    int status = 200;
    json body;
    std::string exception_type;    // short class name of a failure, for the x-ExceptionType header
    std::string forbidden_reason;  // set for an unknown cmdlet: 403, NUL body, x-ms-diagnostics
    std::string cmdlet;            // canonical name when known, else as sent; empty when absent
    json logged_parameters;        // redacted
    bool write = false;
};

invoke_outcome invoke_command(json& tenant, tenant_runtime& runtime, const invoke_request& request);

} // namespace emulator::exchange_online
