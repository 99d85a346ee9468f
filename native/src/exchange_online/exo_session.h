#pragma once
// Exchange Online as a plan transport ("exchange"): each step's command is one admin-API cmdlet,
// or, for a bulk change, one cmdlet over many objects: parameters {"$batch":[{…},…]} run
// concurrently through exo_client::invoke_many (bounded by the connection's pacing), with progress
// giving counts and the rate. A failed item does not stop the others; the step fails with every
// failed identity in its warnings.
#include <string>

#include "exchange_online/exo_client.h"
#include "plan/planner.h"
#include "transport/host_session.h"

namespace mailint::exchange_online {

class exo_session : public host_session {
public:
    // `client` must outlive the session; `workers` bounds a batch's threads (the channel's gate
    // bounds the requests in flight); `progress` (may be empty) sees each batch item finish and
    // cancels the batch by returning false.
    exo_session(exo_client &client, int workers, progress_fn progress);

    // Failures are results with the core's error id; cancellation throws.
    host_result invoke(const host_command &command) override;

private:
    host_result batch(const host_command &command);

    exo_client &client_;
    int workers_;
    progress_fn progress_;
};

}  // namespace mailint::exchange_online
