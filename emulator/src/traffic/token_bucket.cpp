#include "traffic/token_bucket.h"

#include <algorithm>

namespace emulator::traffic {

double token_bucket::take(double now_seconds)
{
    if (started_ && now_seconds > last_)
        tokens_ = std::min(burst_, tokens_ + (now_seconds - last_) * rate_);
    started_ = true;
    last_ = std::max(last_, now_seconds);
    if (tokens_ >= 1) {
        tokens_ -= 1;
        return 0;
    }
    return (1 - tokens_) / rate_;
}

} // namespace emulator::traffic
