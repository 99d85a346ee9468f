#include "auth/clock.h"

#include <thread>

namespace mailint::auth {

namespace {
class real_clock final : public clock {
public:
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
    void sleep_for(std::chrono::milliseconds d) const override {
        if (d.count() > 0) std::this_thread::sleep_for(d);
    }
};
}  // namespace

const clock &system_time() {
    static const real_clock instance;
    return instance;
}

}  // namespace mailint::auth
