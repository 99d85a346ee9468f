#pragma once
// Waiting for public DNS to show what an administrator was asked to publish (the domain
// verification TXT, the DKIM selector CNAMEs): look, and while the answer is not there yet and
// the time allows, tell the caller's progress and look again after the interval. New records take
// minutes to an hour to be seen, so the waits are long and must stay cancellable.
#include <chrono>
#include <functional>
#include <string>

namespace mailint::dns {

struct poll_look {
    bool seen = false;
    std::string answered;  // what DNS showed instead, for the message when the wait gives up
};

struct poll_outcome {
    bool seen = false;
    int attempts = 0;
    std::string last_answered;
};

// `look` is called at once and then every `interval` (at least 1 s) until it sees the record or
// another look would end after `timeout` (0: look once). Before each sleep `keep_waiting(attempt)`
// is asked; false throws mailint::error(cancelled, "operation.cancelled").
poll_outcome poll_dns(std::chrono::seconds timeout, std::chrono::seconds interval,
                      const std::function<poll_look(int attempt)> &look,
                      const std::function<bool(int attempt)> &keep_waiting);

}  // namespace mailint::dns
