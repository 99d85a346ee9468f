// Latency: held outside the store's lock, scaled by the time scale, and served concurrently.
#include "traffic/traffic_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

double median_latency(const emulator_process& emu, int samples)
{
    std::vector<double> times;
    for (int i = 0; i < samples; ++i)
        times.push_back(elapsed_ms([&] { REQUIRE(emu.invoke("Get-AcceptedDomain").status == 200); }));
    return median(times);
}

json fixed_latency(double ms, double time_scale)
{
    return {{"timeScale", time_scale},
            {"services", {{"exchangeOnPrem", {{"latency", {{"distribution", "fixed"}, {"ms", ms}}}}}}}};
}

} // namespace

TEST_CASE("the time scale shortens latency", "[traffic][latency]")
{
    emulator_process emu;
    const double baseline = median_latency(emu, 5);
    set_traffic(emu, fixed_latency(400, 1));
    const double unscaled = median_latency(emu, 5);
    set_traffic(emu, fixed_latency(400, 0.05));  // 20 ms of wall time
    const double scaled = median_latency(emu, 5);
    INFO("baseline " << baseline << " ms, unscaled " << unscaled << " ms, scaled " << scaled << " ms");
    CHECK(unscaled >= 395);
    CHECK(scaled < unscaled / 3);
    CHECK(scaled >= 20);
}

TEST_CASE("reads and writes can have their own latency", "[traffic][latency]")
{
    emulator_process emu;
    set_traffic(emu, {{"services",
                       {{"exchangeOnPrem",
                         {{"latency", {{"distribution", "fixed"}, {"ms", 0}, {"write", {{"distribution", "fixed"}, {"ms", 500}}}}}}}}}});
    const double read = elapsed_ms([&] { emu.invoke("Get-AcceptedDomain"); });
    const double write = elapsed_ms([&] { emu.invoke("New-AcceptedDomain", {{"Name", "a"}, {"DomainName", "a.com"}}); });
    INFO("read " << read << " ms, write " << write << " ms");
    CHECK(write >= 495);
    CHECK(read < write);
}

TEST_CASE("64 clients held by latency are served together, and the state is not locked meanwhile",
          "[traffic][latency]")
{
    emulator_process emu;
    set_traffic(emu, fixed_latency(3000, 1));
    std::vector<http_reply> replies;
    const double total = elapsed_ms([&] { replies = in_parallel(64, [&] { return emu.invoke("Get-AcceptedDomain"); }); });
    for (const auto& reply : replies)
        CHECK(reply.status == 200);
    // With cpprest's default 40 threads at most 40 could be held at once.
    CHECK(scope_stats(emu, onprem_scope).at("peakConcurrent") == 64);
    CHECK(total < 2 * 3000 + 3000);
    // While requests sleep, the control endpoints (which take the store's lock) answer at once.
    set_traffic(emu, fixed_latency(3000, 1));
    std::thread slow([&] { emu.invoke("Get-AcceptedDomain"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const double state_read = elapsed_ms([&] { REQUIRE(emu.get("/control/state").status == 200); });
    slow.join();
    CHECK(state_read < 2000);
}

TEST_CASE("a lognormal latency has about its median", "[traffic][latency]")
{
    emulator_process emu;
    set_traffic(emu, {{"seed", 3},
                      {"services", {{"exchangeOnPrem", {{"latency", {{"distribution", "lognormal"}, {"medianMs", 200}, {"p95Ms", 400}}}}}}}});
    const double observed = median_latency(emu, 15);
    INFO("median " << observed << " ms");
    // σ = ln 2 / 1.645 ≈ 0.42: the median of 15 draws is within a factor of 1.6 of 200 ms with
    // probability > 0.999; the margin above covers a busy machine.
    CHECK(observed >= 120);
    CHECK(observed < 1000);
}
