#pragma once
#include <optional>
#include <string>

namespace emulator {

struct options {
    int port = 0;  // 0: pick a free one
    std::optional<std::string> seed_file;
    std::optional<std::string> log_file;
    bool stdin_lifetime = false;
    bool help = false;
};

// Throws std::invalid_argument with a message for the user.
options parse_options(int argc, char** argv);
const char* usage();

} // namespace emulator
