#pragma once
// A mailint-emulator child for tests that need a real HTTP server: started with --port 0 and
// --stdin-lifetime, its URL read from the MAILINT_EMULATOR_LISTENING line, stopped (SIGTERM,
// then waited for) when the object goes. Closing stdin also stops it if the test process dies.
#include <string>
#include <vector>
#include <sys/types.h>

namespace mailint::test {

class emulator_process {
public:
    // `extra_args` go after the defaults, e.g. {"--dns-server", "127.0.0.1:5353"}.
    explicit emulator_process(std::vector<std::string> extra_args = {});
    ~emulator_process();
    emulator_process(const emulator_process &) = delete;
    emulator_process &operator=(const emulator_process &) = delete;

    const std::string &url() const { return url_; }  // "http://127.0.0.1:PORT"

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    std::string url_;
};

// A 127.0.0.1 port on which nothing listens (bound, then closed).
int closed_local_port();

}  // namespace mailint::test
