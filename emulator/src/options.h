#pragma once
#include "util/dns_query.h"

#include <optional>
#include <string>

namespace emulator {

struct options {
    int port = 0;  // 0: pick a free one
    std::optional<std::string> seed_file;
    std::optional<std::string> log_file;
    bool stdin_lifetime = false;
    // Domain verification asks this DNS server instead of the simulated zone (PROTOCOL.md).
    std::optional<dns_server> dns_server_address;
    bool help = false;
};

// Throws std::invalid_argument with a message for the user.
options parse_options(int argc, char** argv);
const char* usage();

} // namespace emulator
