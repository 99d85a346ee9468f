#include "cloud/retry_policy.h"

#include <algorithm>

namespace mailint::cloud {

std::chrono::milliseconds retry_policy::backoff(int attempt) const {
    std::chrono::milliseconds wait = base_backoff;
    for (int i = 1; i < attempt && wait < max_backoff; ++i) wait *= 2;
    return std::min(wait, max_backoff);
}

}  // namespace mailint::cloud
