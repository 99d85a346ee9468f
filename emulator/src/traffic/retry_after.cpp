#include "traffic/retry_after.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace emulator::traffic {
namespace {

// Milliseconds as seconds without trailing zeros: 1500 → "1.5", 20 → "0.02", 3000 → "3".
std::string decimal_seconds(long long ms)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%lld.%03lld", ms / 1000, ms % 1000);
    std::string text = buffer;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

// Rounded up; the small allowance keeps 1.5 × 1000 from becoming 1501 through binary fractions.
long long ceil_ms(double seconds) { return std::max(0LL, static_cast<long long>(std::ceil(seconds * 1000 - 1e-6))); }

} // namespace

retry_after make_retry_after(service s, double virtual_seconds, double time_scale)
{
    retry_after result;
    const double wall = virtual_seconds * time_scale;
    result.virtual_header = decimal_seconds(ceil_ms(virtual_seconds));
    const bool exchange = s == service::exchange_online || s == service::exchange_onprem;
    if (!exchange && time_scale == 1) {
        const auto whole = static_cast<long long>(std::ceil(wall - 1e-9));
        result.header = std::to_string(std::max(0LL, whole));
        result.wall_seconds = static_cast<double>(std::max(0LL, whole));
    } else {
        const long long ms = ceil_ms(wall);
        result.header = decimal_seconds(ms);
        result.wall_seconds = static_cast<double>(ms) / 1000;
    }
    return result;
}

} // namespace emulator::traffic
