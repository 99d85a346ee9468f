#include "traffic/latency_model.h"

#include <cmath>

namespace emulator::traffic {
namespace {

constexpr double z95 = 1.6448536269514722;  // Φ⁻¹(0.95)

} // namespace

double sample_latency_ms(const latency_spec& spec, random_source& random)
{
    switch (spec.kind) {
    case latency_spec::distribution::fixed: return spec.ms;
    case latency_spec::distribution::lognormal: {
        const double mu = std::log(spec.median_ms);
        const double sigma = (std::log(spec.p95_ms) - mu) / z95;
        return std::exp(mu + sigma * random.normal());
    }
    case latency_spec::distribution::none: break;
    }
    return 0;
}

} // namespace emulator::traffic
