#pragma once
// Shorthands for the traffic-shaping tests: each test starts its own emulator (a profile, its
// buckets and its Retry-After deadlines must not leak into other tests), sets a profile, and reads
// the statistics.
#include "support/entra.h"
#include "support/helpers.h"

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace emutest {

inline void set_traffic(const emulator_process& emu, const json& profile)
{
    const auto reply = emu.post("/control/traffic", profile.dump());
    if (reply.status != 200)
        throw std::runtime_error("POST /control/traffic failed: " + reply.body);
}

inline json traffic_stats(const emulator_process& emu) { return emu.get("/control/traffic/stats").document; }

inline json scope_stats(const emulator_process& emu, const std::string& scope)
{
    return traffic_stats(emu).at("scopes").at(scope);
}

inline const std::string onprem_scope = "exchangeOnPrem/First Organization";

// The request log's entries, in order.
inline json log_entries(const emulator_process& emu) { return emu.get("/control/requests").document.at("requests"); }

// How long `call` takes, in milliseconds of wall time.
inline double elapsed_ms(const std::function<void()>& call)
{
    const auto start = std::chrono::steady_clock::now();
    call();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Runs `count` calls at once, each on its own thread; the replies in the order of the calls.
inline std::vector<http_reply> in_parallel(int count, const std::function<http_reply()>& call)
{
    std::vector<http_reply> replies(static_cast<std::size_t>(count));
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i)
        threads.emplace_back([&, i] { replies[static_cast<std::size_t>(i)] = call(); });
    for (auto& thread : threads)
        thread.join();
    return replies;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// An app token of the built-in demo tenant for `resource` (its tid names the tenant scope).
inline std::string demo_token(const emulator_process& emu, const std::string& resource)
{
    const auto reply = emu.post_form(token_path(demo_tenant), {{"grant_type", "client_credentials"},
                                                               {"client_id", demo_client},
                                                               {"client_secret", demo_secret},
                                                               {"scope", resource + "/.default"}});
    if (reply.status != 200)
        throw std::runtime_error("token request failed: " + reply.body);
    return reply.document.at("access_token").get<std::string>();
}

inline http_reply with_bearer(const emulator_process& emu, const std::string& method, const std::string& path,
                              const std::string& token, const std::string& body = {})
{
    return http_request(emu.url(), method, path, body, "application/json", {{"Authorization", "Bearer " + token}});
}

inline std::string exo_path(const std::string& tenant) { return "/adminapi/beta/" + tenant + "/InvokeCommand"; }

inline std::string cmdlet_body(const std::string& cmdlet, const json& parameters = json::object())
{
    return json{{"CmdletInput", {{"CmdletName", cmdlet}, {"Parameters", parameters}}}}.dump();
}

} // namespace emutest
