#pragma once
// A mailint-emulator child process for one test (or, through shared_emulator(), for many).
#include "support/http.h"

#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace emutest {

class emulator_process {
public:
    // Starts the emulator with --stdin-lifetime and these extra arguments, and waits for its
    // MAILINT_EMULATOR_LISTENING line.
    explicit emulator_process(std::vector<std::string> arguments = {});
    ~emulator_process();
    emulator_process(const emulator_process&) = delete;
    emulator_process& operator=(const emulator_process&) = delete;

    const std::string& url() const { return url_; }
    const std::string& listening_line() const { return line_; }
    pid_t pid() const { return pid_; }

    // Closes the emulator's standard input; it should then exit by itself.
    void close_stdin();
    // Waits up to `milliseconds` for the process to exit; returns its exit status or -1.
    int wait_for_exit(int milliseconds);

    http_reply get(const std::string& path) const;
    http_reply post(const std::string& path, const std::string& body) const;
    // A form POST (the OAuth endpoints' format).
    http_reply post_form(const std::string& path, const std::map<std::string, std::string>& fields) const;
    http_reply invoke(const std::string& cmdlet, const json& parameters = json::object(),
                      const std::string& organization = "First%20Organization") const;

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int exit_status_ = -1;
    bool exited_ = false;
    std::string url_;
    std::string line_;
};

// One emulator shared by the tests that reset it before use.
emulator_process& shared_emulator();
// shared_emulator() after POST /control/reset.
emulator_process& fresh_emulator();

std::string emulator_path();

} // namespace emutest
