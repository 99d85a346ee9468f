#pragma once
// The Dataverse Web API personality (PROTOCOL.md "Dataverse personality"): /api/data/v9.2/… for the
// organization the token's audience names (https://contoso.crm.dynamics.com → "contoso") in the
// token's tenant.
#include "dataverse/settings.h"
#include "entra/signing_key.h"
#include "http_types.h"
#include "store.h"

#include <mutex>
#include <optional>

namespace emulator::dataverse {

class service {
public:
    service(store& s, const entra::signing_key& key) : store_(s), key_(key) {}

    static bool handles(const http_request_data& request);
    http_response_data handle(const http_request_data& request);

    // GET|POST /control/dataverse/settings; nullopt for other paths.
    std::optional<http_response_data> control(const http_request_data& request);
    // /control/reset and /control/seed bring the settings back to their defaults.
    void reset();

private:
    store& store_;
    const entra::signing_key& key_;
    std::mutex mutex_;
    settings settings_;
};

} // namespace emulator::dataverse
