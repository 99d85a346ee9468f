#pragma once
// The traffic layer's random numbers: std::mt19937_64 (whose output the standard fixes), turned
// into uniform and normal values by formulas written here rather than by std::*_distribution,
// whose algorithms differ between standard libraries. So a seed gives the same decisions with
// any compiler, for the same order of requests.
#include <cstdint>
#include <random>

namespace emulator::traffic {

class random_source {
public:
    explicit random_source(std::uint64_t seed = 0) : engine_(seed) {}

    // In [0, 1), 53 bits.
    double uniform();
    // Standard normal (Box–Muller; one value per two uniforms, the second is not kept so that each
    // call consumes the same amount of the sequence).
    double normal();

private:
    std::mt19937_64 engine_;
};

} // namespace emulator::traffic
