#pragma once
// An in-memory host session for planner and executor unit tests: lists come from a fixed table,
// every command is recorded, writes can be made to fail. The real host session (a PowerShell
// runspace talking to the emulator) is exercised by tests/module.
#include <map>
#include <string>
#include <vector>

#include "transport/host_session.h"

namespace mailint::test {

class memory_host : public host_session {
public:
    std::map<std::string, std::vector<nlohmann::json>> lists;  // list command -> objects
    std::map<std::string, host_failure> failures;             // command -> failure
    std::vector<host_command> calls;
    int cancel_on_call = 0;  // 1-based; 0 = never

    host_result invoke(const host_command &command) override;
    size_t writes() const;
};

}  // namespace mailint::test
