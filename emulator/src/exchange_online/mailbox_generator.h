#pragma once
// POST /control/exchange-online/{tenant}/mailboxes/generate: many user mailboxes at once for the
// large-tenant tests (2,500, 100,000), in time linear in the count.
#include "exchange_online/mailbox_index.h"
#include "util/json.h"

#include <string_view>

namespace emulator::exchange_online {

// Body {"count":N,"prefix":"user","domain":"<accepted domain>"} (prefix and domain optional: "user"
// and the default accepted domain). Mailboxes are named <prefix><k> for k = 1, 2, … skipping names
// already taken. Returns {"created","first","last","total"}; throws std::invalid_argument for a bad
// body.
json generate_mailboxes(json& tenant, mailbox_index& index, std::string_view tenant_id, const json& request);

} // namespace emulator::exchange_online
