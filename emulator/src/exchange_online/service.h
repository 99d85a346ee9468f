#pragma once
// The Exchange Online personality (PROTOCOL.md "Exchange Online personality"):
// POST /adminapi/beta/{tenant}/InvokeCommand behind Entra bearer tokens, and the
// /control/exchange-online/… endpoints. Tenants' organizations live in the store's state
// ("exchangeOnline"); settings, replication delays, mailbox indexes and the paging-link key live
// here, behind their own mutex, because no seed holds them. Lock order: the store's, then this one.
#include "entra/signing_key.h"
#include "exchange_online/mailbox_index.h"
#include "exchange_online/replication.h"
#include "exchange_online/settings.h"
#include "exchange_online/skip_token.h"
#include "http_types.h"
#include "store.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace emulator::exchange_online {

class service {
public:
    service(store& s, const entra::signing_key& key) : store_(s), key_(key) {}

    // nullopt when the request is not for /adminapi/….
    std::optional<http_response_data> handle(const http_request_data& request);
    // /control/exchange-online/…; nullopt when the path is not one of them.
    std::optional<http_response_data> control(const http_request_data& request);
    // /control/reset and /control/seed: settings back to their defaults, delays and indexes forgotten.
    void reset();

private:
    http_response_data invoke(const http_request_data& request, const std::string& tenant_segment);
    http_response_data generate(const http_request_data& request, const std::string& tenant_segment);
    // "http://<Host header>": links must lead back to where the client came (the loopback address
    // when a client sends no Host, which HTTP/1.1 requires).
    static std::string base_of(const http_request_data& request);

    store& store_;
    const entra::signing_key& key_;
    const skip_token_signer signer_;
    std::mutex mutex_;
    settings settings_;
    replication replication_;
    std::map<std::string, mailbox_index> indexes_;  // tenant id → index of its mailboxes
};

} // namespace emulator::exchange_online
