#include "transport/process_session.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

#ifdef _WIN32
#include <windows.h>

#include "transport/windows_command_line.h"
#else
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
#endif

namespace mailint {

namespace {

using nlohmann::json;

constexpr std::size_t kOutputLimit = 64 * 1024;

struct run_result {
    int exit_code = -1;
    std::string output;
};

host_result start_failure(const std::string &type, const std::string &category, const std::string &message) {
    host_result r;
    r.failure = host_failure{type, category, message, {}, std::nullopt};
    return r;
}

void keep_tail(std::string &output, const char *data, std::size_t n) {
    output.append(data, n);
    if (output.size() > 2 * kOutputLimit) output.erase(0, output.size() - kOutputLimit);
}

#ifdef _WIN32

std::wstring wide(const std::string &utf8) {
    if (utf8.empty()) return {};
    const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring w(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), w.data(), n);
    return w;
}

// CreateProcessW with the command line quoted for the program's own parser, standard input and
// output on pipes, no console window.
run_result run(const std::string &program, const std::vector<std::string> &args, const std::string &input, const std::string &cwd) {
    SECURITY_ATTRIBUTES sa{sizeof(sa), nullptr, TRUE};
    HANDLE in_read = nullptr, in_write = nullptr, out_read = nullptr, out_write = nullptr;
    if (!CreatePipe(&in_read, &in_write, &sa, 0) || !CreatePipe(&out_read, &out_write, &sa, 0))
        throw error(errc::internal, "process.pipe_failed", "Could not create the pipes for " + program + ".");
    SetHandleInformation(in_write, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_read, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOW si{};
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_read;
    si.hStdOutput = out_write;
    si.hStdError = out_write;
    PROCESS_INFORMATION pi{};
    std::wstring line = wide(windows_command_line(program, args));
    const std::wstring dir = wide(cwd);
    const BOOL ok = CreateProcessW(wide(program).c_str(), line.data(), nullptr, nullptr, TRUE, CREATE_NO_WINDOW, nullptr,
                                   cwd.empty() ? nullptr : dir.c_str(), &si, &pi);
    CloseHandle(in_read);
    CloseHandle(out_write);
    if (!ok) {
        CloseHandle(in_write);
        CloseHandle(out_read);
        throw error(errc::not_found, "process.start_failed",
                    "Could not start " + program + " (Windows error " + std::to_string(GetLastError()) + ").");
    }
    DWORD written = 0;
    if (!input.empty()) WriteFile(in_write, input.data(), static_cast<DWORD>(input.size()), &written, nullptr);
    CloseHandle(in_write);
    run_result r;
    char buf[4096];
    DWORD got = 0;
    while (ReadFile(out_read, buf, sizeof buf, &got, nullptr) && got > 0) keep_tail(r.output, buf, got);
    CloseHandle(out_read);
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    r.exit_code = static_cast<int>(code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return r;
}

#else

struct fd_pair {
    int fd[2] = {-1, -1};
    ~fd_pair() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
    void close(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
};

// posix_spawn with an argv array: no shell, nothing of an argument is interpreted. Standard input
// is written while the output is read, so a program that talks before it reads cannot deadlock.
run_result run(const std::string &program, const std::vector<std::string> &args, const std::string &input, const std::string &cwd) {
    fd_pair in, out;
    if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0)
        throw error(errc::internal, "process.pipe_failed", "Could not create the pipes for " + program + ".");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 2);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    std::vector<std::string> argv_text;
    argv_text.push_back(program);
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw error(rc == ENOENT ? errc::not_found : errc::failed_precondition, "process.start_failed",
                    "Could not start " + program + ": " + std::strerror(rc) + ".");
    in.close(0);
    out.close(1);
    std::size_t sent = 0;
    if (input.empty()) in.close(1);
    else ::fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
    run_result r;
    char buf[4096];
    // A program that exits without reading its input must not kill this process with SIGPIPE.
    struct sigaction ignore{}, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    for (;;) {
        pollfd fds[2] = {{out.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}};
        const nfds_t n = in.fd[1] >= 0 ? 2 : 1;
        if (::poll(fds, n, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const auto w = ::write(in.fd[1], input.data() + sent, input.size() - sent);
            if (w > 0) sent += static_cast<std::size_t>(w);
            if (w < 0 && errno != EAGAIN) sent = input.size();
            if (sent == input.size()) in.close(1);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const auto got = ::read(out.fd[0], buf, sizeof buf);
            if (got > 0) keep_tail(r.output, buf, static_cast<std::size_t>(got));
            else if (got == 0 || errno != EINTR) break;
        }
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

#endif

// The last `count` non-empty lines, joined by " / ": what an error message can carry of a log.
std::string last_lines(const std::string &text, std::size_t count) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(pos, nl - pos);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) lines.push_back(std::move(line));
        pos = nl + 1;
    }
    std::string out;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) out += (out.empty() ? "" : " / ") + lines[i];
    return out;
}

}  // namespace

host_result process_session::invoke(const host_command &command) {
    const auto &p = command.parameters;
    const std::string &program = command.name;
    if (!std::filesystem::path(program).is_absolute())
        return start_failure("ArgumentException", "InvalidArgument", "The process transport runs programs by their full path only, not '" + program + "'.");
    std::vector<std::string> args;
    if (auto it = p.find("ArgumentList"); it != p.end() && it->is_array())
        for (const auto &a : *it)
            if (a.is_string()) args.push_back(a.get<std::string>());
    std::string input;
    if (auto it = p.find("StandardInput"); it != p.end() && it->is_object() && it->contains("$secret")) {
        const auto name = it->at("$secret").get<std::string>();
        const auto *secret = secrets_.find(name);
        if (!secret)
            throw error(errc::internal, "process.secret_missing", "The secret '" + name + "' the plan names was not handed over.");
        input.assign(secret->view());
        input += "\r\n";
    }
    const std::string cwd = p.value("WorkingDirectory", std::string());
    std::vector<int> success = {0};
    if (auto it = p.find("SuccessExitCodes"); it != p.end() && it->is_array()) {
        success.clear();
        for (const auto &c : *it)
            if (c.is_number_integer()) success.push_back(c.get<int>());
    }
    run_result r;
    try {
        r = run(program, args, input, cwd);
    } catch (const error &e) {
        std::fill(input.begin(), input.end(), '\0');
        return start_failure(e.code() == errc::not_found ? "FileNotFoundException" : "Win32Exception",
                             e.code() == errc::not_found ? "ObjectNotFound" : "InvalidOperation", e.what());
    }
    std::fill(input.begin(), input.end(), '\0');
    if (r.output.size() > kOutputLimit) r.output.erase(0, r.output.size() - kOutputLimit);
    r.output = secrets_.redact(std::move(r.output));
    host_result out;
    out.objects.push_back({{"ExitCode", r.exit_code}, {"Output", r.output}});
    if (std::find(success.begin(), success.end(), r.exit_code) == success.end()) {
        const auto name = std::filesystem::path(program).filename().string();
        const auto tail = last_lines(r.output, 5);
        out.failure = host_failure{"ProcessExitCode", "InvalidResult",
                                   name + " exited with code " + std::to_string(r.exit_code) + (tail.empty() ? "." : ": " + tail),
                                   {}, std::nullopt};
    }
    return out;
}

}  // namespace mailint
