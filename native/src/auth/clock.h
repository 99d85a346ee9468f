#pragma once
// Time as the token code sees it: injectable so device-code polling, retry waits and expiry can
// be tested in milliseconds instead of minutes.
#include <chrono>

namespace mailint::auth {

class clock {
public:
    virtual ~clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    virtual void sleep_for(std::chrono::milliseconds d) const = 0;
};

// The real clock; stateless, so one shared instance is no shared mutable state.
const clock &system_time();

}  // namespace mailint::auth
