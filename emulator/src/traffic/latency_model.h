#pragma once
// Draws a request's service time from its latency spec, in virtual milliseconds.
#include "traffic/profile.h"
#include "traffic/random_source.h"

namespace emulator::traffic {

// Lognormal: median m and 95th percentile q give μ = ln m and σ = (ln q − ln m) / z₀.₉₅, the
// parameters of the log-normal service times of service-limits.md §9.3. A spec without a
// distribution takes no time and draws nothing.
double sample_latency_ms(const latency_spec& spec, random_source& random);

} // namespace emulator::traffic
