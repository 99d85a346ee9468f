#pragma once
// Everything the emulator remembers between requests: the state document, the seed it returns to,
// the request log and the counters. One mutex guards it all, so a request sees and leaves a
// consistent state however many arrive at once.
#include "util/json.h"

#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace emulator {

struct request_record {
    std::string method;
    std::string path;
    std::optional<std::string> cmdlet;
    json parameters;  // already redacted
    bool write = false;
    int status = 0;
    // Graph and Dataverse: the tenant the token named, and the service whose reads/writes it counts
    // as (cmdlets count under byCmdlet instead). `batch` is the item id of a Graph $batch item.
    std::optional<std::string> tenant = std::nullopt;
    std::optional<std::string> service = std::nullopt;
    std::optional<std::string> batch = std::nullopt;
    // Set by the traffic layer when it answered instead of the service ("http503", "rateLimit" …,
    // PROTOCOL.md "Traffic shaping"); such an entry counts as no read and no write.
    std::optional<std::string> fault = std::nullopt;  // initialized, so brace lists that stop before it stay warning-free
};

class store {
public:
    store(json seed, std::optional<std::string> log_file);

    // Runs `f(state)` under the lock; the state is the document of GET /control/state.
    template <class F>
    auto with_state(F&& f)
    {
        std::lock_guard lock(mutex_);
        return f(state_);
    }

    json state();
    json requests();
    json counters();

    // Logs the request; a cmdlet invocation also counts as a read or a write.
    void record(request_record record);
    // The same, for use inside with_state so that the log's order is the order state changed in.
    void record_locked(request_record record);

    void reset();                 // state back to the seed, log and counters cleared
    void replace(json new_state);  // the new state becomes current (not the seed), log and counters cleared
    void clear_log_and_counters();

private:
    void clear_locked();

    std::mutex mutex_;
    json seed_;
    json state_;
    std::vector<json> log_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t reads_ = 0;
    std::uint64_t writes_ = 0;
    std::map<std::string, std::uint64_t> by_cmdlet_;
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> by_service_;  // service → (reads, writes)
    std::optional<std::ofstream> log_file_;
    const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();  // atMs 0
};

} // namespace emulator
