#include "support/bind_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace emutest {
namespace {

int bound_port(int type, int port)
{
    const int fd = ::socket(AF_INET, type, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    socklen_t length = sizeof address;
    int result = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        result = ntohs(address.sin_port);
    ::close(fd);
    return result;
}

void write_text(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

} // namespace

int free_loopback_port()
{
    // DNS listens on UDP and TCP: a port is taken only when both are free.
    for (int attempt = 0; attempt < 50; ++attempt) {
        const int port = bound_port(SOCK_DGRAM, 0);
        if (port > 0 && bound_port(SOCK_STREAM, port) == port)
            return port;
    }
    throw std::runtime_error("no free loopback port for the DNS server");
}

std::string bind_server::named_path()
{
    if (const char* configured = std::getenv("MAILINT_NAMED"); configured && *configured)
        return configured;
    for (const char* candidate : {"/usr/sbin/named", "/usr/local/sbin/named"})
        if (::access(candidate, X_OK) == 0)
            return candidate;
    return {};
}

bind_server::bind_server(std::map<std::string, std::string> zones) : zones_(std::move(zones))
{
    if (named_path().empty())
        throw std::runtime_error("BIND's named is not installed (apt-get install bind9)");
    char pattern[] = "/tmp/mailint-bind-XXXXXX";
    if (!::mkdtemp(pattern))
        throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    for (const auto& [zone, records] : zones_) {
        serials_[zone] = 1;
        write_zone(zone);
    }
    // Another process may take the port between the check and named's bind; named then runs
    // without listening, which the start-up wait notices, so a few ports are tried.
    std::string last_log;
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = free_loopback_port();
        try {
            start();
            return;
        } catch (const std::runtime_error&) {
            last_log = log();
            stop();
        }
    }
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("named did not start; its log:\n" + last_log);
}

bind_server::~bind_server()
{
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void bind_server::write_zone(const std::string& zone)
{
    std::ostringstream text;
    text << "$ORIGIN " << zone << ".\n$TTL 60\n"
         << "@ IN SOA ns1." << zone << ". hostmaster." << zone << ". ( " << serials_[zone] << " 60 60 600 60 )\n"
         << "@ IN NS ns1." << zone << ".\nns1 IN A 127.0.0.1\n"
         << zones_[zone] << "\n";
    write_text(dir_ + "/" + zone + ".db", text.str());
}

void bind_server::start()
{
    std::ostringstream conf;
    conf << "options {\n"
         << "  directory \"" << dir_ << "\";\n"
         << "  pid-file \"" << dir_ << "/named.pid\";\n"
         << "  session-keyfile \"" << dir_ << "/session.key\";\n"
         << "  managed-keys-directory \"" << dir_ << "\";\n"
         << "  listen-on port " << port_ << " { 127.0.0.1; };\n"
         << "  listen-on-v6 { none; };\n"
         << "  recursion no;\n  dnssec-validation no;\n  notify no;\n"
         << "};\n"
         << "controls { };\n";  // no rndc channel: it would want port 953 and a key
    for (const auto& [zone, records] : zones_)
        conf << "zone \"" << zone << "\" { type primary; file \"" << dir_ << "/" << zone << ".db\"; };\n";
    write_text(dir_ + "/named.conf", conf.str());

    const std::string log_path = dir_ + "/named.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    // -g: foreground, log to stderr; -n 1: one worker thread, the tests share a small machine.
    std::vector<std::string> arguments = {named_path(), "-g", "-n", "1", "-c", dir_ + "/named.conf"};
    std::vector<char*> argv;
    for (auto& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        pid_ = -1;
        throw std::runtime_error("could not start named");
    }
    // "<timestamp> running" ends the start-up log once every zone is loaded and sockets are open.
    if (!wait_for_log(" running\n", 0, 10000))
        throw std::runtime_error("named did not report running");
    if (log().find("127.0.0.1#" + std::to_string(port_)) == std::string::npos)
        throw std::runtime_error("named is not listening on port " + std::to_string(port_));
}

void bind_server::stop()
{
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (::waitpid(pid_, nullptr, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
}

void bind_server::set_records(const std::string& zone, const std::string& records)
{
    if (!zones_.count(zone))
        throw std::invalid_argument("the DNS server does not serve " + zone);
    zones_[zone] = records;
    const unsigned serial = ++serials_[zone];
    write_zone(zone);
    const std::size_t from = log().size();
    ::kill(pid_, SIGHUP);
    if (!wait_for_log("zone " + zone + "/IN: loaded serial " + std::to_string(serial), from, 10000))
        throw std::runtime_error("named did not load serial " + std::to_string(serial) + " of " + zone + "; log:\n" +
                                 log().substr(from));
}

bool bind_server::wait_for_log(const std::string& text, std::size_t from, int milliseconds)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
    for (;;) {
        const std::string current = log();
        if (current.size() > from && current.find(text, from) != std::string::npos)
            return true;
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            pid_ = -1;  // exited: nothing left to wait for or to stop
            return false;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string bind_server::log() const
{
    std::ifstream in(dir_ + "/named.log", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace emutest
