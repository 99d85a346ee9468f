#include "emulator_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <stdexcept>

extern char **environ;

namespace cabitest {

emulator::emulator() {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::string path = MAILINT_CABI_EMULATOR;
    char *argv[] = {path.data(), const_cast<char *>("--port"), const_cast<char *>("0"),
                    const_cast<char *>("--stdin-lifetime"), nullptr};
    pid_t pid = 0;
    int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    if (rc != 0) throw std::runtime_error("could not start " + path);
    pid_ = pid;
    stdin_fd_ = in[1];
    // One line: MAILINT_EMULATOR_LISTENING http://127.0.0.1:PORT
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const std::string marker = "MAILINT_EMULATOR_LISTENING ";
    if (line.rfind(marker, 0) != 0) throw std::runtime_error("the emulator did not start: '" + line + "'");
    url_ = line.substr(marker.size());
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
}

emulator::~emulator() {
    if (stdin_fd_ >= 0) close(stdin_fd_);  // --stdin-lifetime: end of input stops it
    if (pid_ > 0) {
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

http_answer emulator::send(const std::string &method, const std::string &path, const std::string &body,
                           const std::string &content_type) const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        close(fd);
        throw std::runtime_error("connect to the emulator failed");
    }
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                          "\r\nConnection: close\r\nContent-Type: " + content_type +
                          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        ssize_t n = write(fd, request.data() + sent, request.size() - sent);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buf[8192];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
    close(fd);
    http_answer a;
    if (raw.size() > 12) a.status = std::stoi(raw.substr(9, 3));
    auto head_end = raw.find("\r\n\r\n");
    std::string head = head_end == std::string::npos ? raw : raw.substr(0, head_end);
    std::string rest = head_end == std::string::npos ? std::string() : raw.substr(head_end + 4);
    std::string lower = head;
    for (auto &ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower.find("transfer-encoding: chunked") != std::string::npos) {
        std::size_t pos = 0;
        for (;;) {
            auto eol = rest.find("\r\n", pos);
            if (eol == std::string::npos) break;
            std::size_t size = std::stoul(rest.substr(pos, eol - pos), nullptr, 16);
            if (size == 0) break;
            a.body += rest.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
    } else {
        a.body = rest;
    }
    return a;
}

http_answer emulator::get(const std::string &path) const { return send("GET", path, {}, "application/json"); }

http_answer emulator::post(const std::string &path, const std::string &body, const std::string &content_type) const {
    return send("POST", path, body, content_type);
}

void emulator::reset() const {
    auto a = post("/control/reset", "{}");
    if (a.status != 200) throw std::runtime_error("reset failed: " + a.body);
}

nlohmann::json emulator::requests() const {
    auto doc = get("/control/requests").json();
    return doc.is_object() && doc.contains("requests") ? doc["requests"] : nlohmann::json::array();
}

emulator &shared_emulator() {
    // Ignore SIGPIPE: a test that writes to a closed socket must fail, not die.
    static const bool once = [] {
        signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)once;
    static emulator e;
    return e;
}

}  // namespace cabitest
