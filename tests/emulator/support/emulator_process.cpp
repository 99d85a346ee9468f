#include "support/emulator_process.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace emutest {

std::string emulator_path() { return MAILINT_EMULATOR_PATH; }

emulator_process::emulator_process(std::vector<std::string> arguments)
{
    int in_pipe[2];
    int out_pipe[2];
    if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0)
        throw std::runtime_error("pipe() failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);

    std::vector<std::string> argv_strings = {emulator_path(), "--stdin-lifetime"};
    argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    if (spawned != 0) {
        ::close(in_pipe[1]);
        ::close(out_pipe[0]);
        throw std::runtime_error("could not start " + emulator_path());
    }
    stdin_fd_ = in_pipe[1];

    // Read the first line, with a deadline so that a broken emulator fails the test, not hangs it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line_.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd fd{out_pipe[0], POLLIN, 0};
        if (::poll(&fd, 1, 200) <= 0)
            continue;
        char buffer[256];
        const ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        line_.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);
    if (const auto newline = line_.find('\n'); newline != std::string::npos)
        line_.resize(newline);
    const std::string prefix = "MAILINT_EMULATOR_LISTENING ";
    if (line_.rfind(prefix, 0) != 0) {
        ::close(stdin_fd_);
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        throw std::runtime_error("the emulator did not announce itself; it printed: " + line_);
    }
    url_ = line_.substr(prefix.size());
}

emulator_process::~emulator_process()
{
    close_stdin();
    if (wait_for_exit(5000) == -1 && !exited_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void emulator_process::close_stdin()
{
    if (stdin_fd_ >= 0) {
        ::close(stdin_fd_);
        stdin_fd_ = -1;
    }
}

int emulator_process::wait_for_exit(int milliseconds)
{
    if (exited_)
        return exit_status_;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    for (;;) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exit_status_;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

http_reply emulator_process::get(const std::string& path) const { return http_request(url_, "GET", path); }

http_reply emulator_process::post(const std::string& path, const std::string& body) const
{
    return http_request(url_, "POST", path, body);
}

http_reply emulator_process::post_form(const std::string& path, const std::map<std::string, std::string>& fields) const
{
    return http_request(url_, "POST", path, form_urlencode(fields), "application/x-www-form-urlencoded");
}

http_reply emulator_process::invoke(const std::string& cmdlet, const json& parameters, const std::string& organization) const
{
    const json body = {{"CmdletInput", {{"CmdletName", cmdlet}, {"Parameters", parameters}}}};
    return post("/exchange-onprem/" + organization + "/InvokeCommand", body.dump());
}

emulator_process& shared_emulator()
{
    static emulator_process process;
    return process;
}

emulator_process& fresh_emulator()
{
    auto& process = shared_emulator();
    const auto reply = process.post("/control/reset", "");
    if (reply.status != 200)
        throw std::runtime_error("POST /control/reset failed");
    return process;
}

} // namespace emutest
