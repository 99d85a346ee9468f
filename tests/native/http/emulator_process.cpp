#include "emulator_process.h"

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mailint::test {

emulator_process::emulator_process(std::vector<std::string> extra_args) {
    std::vector<std::string> args = {MAILINT_EMULATOR_PATH, "--port", "0", "--stdin-lifetime"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        execv(MAILINT_EMULATOR_PATH, argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];

    const std::string marker = "MAILINT_EMULATOR_LISTENING ";
    std::string line;
    for (;;) {
        pollfd p{stdout_fd_, POLLIN, 0};
        if (poll(&p, 1, 15000) <= 0) break;
        char c;
        if (read(stdout_fd_, &c, 1) != 1) break;
        if (c == '\n') {
            if (line.starts_with(marker)) {
                url_ = line.substr(marker.size());
                while (!url_.empty() && (url_.back() == '\r' || url_.back() == '/')) url_.pop_back();
                return;
            }
            line.clear();
        } else {
            line += c;
        }
    }
    throw std::runtime_error("the emulator did not announce its URL");
}

emulator_process::~emulator_process() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

int closed_local_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        throw std::runtime_error("could not bind a local port");
    close(fd);
    return ntohs(a.sin_port);
}

}  // namespace mailint::test
