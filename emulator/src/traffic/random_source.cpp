#include "traffic/random_source.h"

#include <cmath>
#include <numbers>

namespace emulator::traffic {

double random_source::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double random_source::normal()
{
    // 1 - u is in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace emulator::traffic
