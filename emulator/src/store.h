#pragma once
// Everything the emulator remembers between requests: the state document, the seed it returns to,
// the request log and the counters. One mutex guards it all, so a request sees and leaves a
// consistent state however many arrive at once.
#include "util/json.h"

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
    std::optional<std::ofstream> log_file_;
};

} // namespace emulator
