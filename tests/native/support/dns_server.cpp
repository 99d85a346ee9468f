#include "support/dns_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace mailint::test {

namespace {

constexpr const char *named_path = "/usr/sbin/named";
constexpr auto start_deadline = std::chrono::seconds(30);
constexpr auto reload_deadline = std::chrono::seconds(30);

std::string zone_file_name(const std::string &origin) { return origin + ".zone"; }

// True when a socket of `type` can be bound to 127.0.0.1:port right now.
bool can_bind(int type, int port) {
    int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

// Below Linux's ephemeral range (32768-60999), so the port is not handed out to some client
// socket between the check and named's bind; random, so parallel test processes rarely meet.
int free_port_candidate() {
    static thread_local std::mt19937 gen(std::random_device{}());
    std::uniform_int_distribution<int> pick(20000, 32000);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int port = pick(gen);
        if (can_bind(SOCK_DGRAM, port) && can_bind(SOCK_STREAM, port)) return port;
    }
    throw std::runtime_error("no free 127.0.0.1 port for the test DNS server");
}

std::string read_file(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool contains_ci(std::string haystack, std::string needle) {
    auto lower = [](std::string &s) {
        for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    lower(haystack);
    lower(needle);
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

dns_server::dns_server(std::vector<dns_zone> zones) : zones_(std::move(zones)) {
    if (access(named_path, X_OK) != 0)
        throw std::runtime_error(std::string(named_path) +
                                 " is missing: install the Debian package bind9 (./dev.sh does)");
    for (const dns_zone &z : zones_) {
        serials_.push_back(next_serial_++);
        write_zone(z, serials_.back());
    }
    // A port can be taken between the check and named's bind (another test process); named then
    // logs "address in use" and keeps running deaf, so that is detected and another port tried.
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_port_candidate();
        write_config();
        if (start_on(port_)) {
            wait_until_served();
            return;
        }
    }
    throw std::runtime_error("the test DNS server could not bind a port; log:\n" + log());
}

dns_server::~dns_server() { stop(); }

std::string dns_server::address() const { return "127.0.0.1:" + std::to_string(port_); }

dns::resolver_options dns_server::resolver_options() const {
    dns::resolver_options o;
    o.servers = {address()};
    o.timeout = std::chrono::milliseconds(1000);
    o.tries = 2;
    return o;
}

std::string dns_server::log() const { return read_file(dir_ / "named.log"); }

void dns_server::write_config() const {
    const std::string d = dir_.path().string();
    std::ofstream out(dir_ / "named.conf", std::ios::trunc);
    out << "options {\n"
        << "  directory \"" << d << "\";\n"
        << "  pid-file \"" << d << "/named.pid\";\n"
        << "  session-keyfile \"" << d << "/session.key\";\n"
        << "  managed-keys-directory \"" << d << "\";\n"
        << "  dump-file \"" << d << "/named_dump.db\";\n"
        << "  statistics-file \"" << d << "/named.stats\";\n"
        << "  memstatistics-file \"" << d << "/named.memstats\";\n"
        << "  listen-on port " << port_ << " { 127.0.0.1; };\n"
        << "  listen-on-v6 { none; };\n"
        << "  recursion no;\n"
        << "  dnssec-validation no;\n"
        << "  notify no;\n"
        << "  allow-transfer { none; };\n"
        << "};\n"
        // No control channel: no rndc key to read and no port 953 for parallel servers to share.
        << "controls { };\n";
    for (const dns_zone &z : zones_)
        out << "zone \"" << z.origin << "\" { type primary; file \"" << zone_file_name(z.origin)
            << "\"; };\n";
    if (!out) throw std::runtime_error("cannot write named.conf");
}

void dns_server::write_zone(const dns_zone &zone, std::uint32_t serial) const {
    const auto path = dir_ / zone_file_name(zone.origin);
    {
        std::ofstream out(path, std::ios::trunc);
        out << "$ORIGIN " << zone.origin << ".\n"
            << "$TTL 300\n"
            << "@ IN SOA ns." << zone.origin << ". hostmaster." << zone.origin << ". " << serial
            << " 3600 600 86400 60\n"
            // Out of zone, so named needs no address record for it.
            << "@ IN NS localhost.\n"
            << zone.records << "\n";
        if (!out) throw std::runtime_error("cannot write zone file " + path.string());
    }
    // named reloads a zone only when its file is newer than the loaded version; a rewrite within
    // the same clock tick as the last load must still count as newer.
    std::filesystem::last_write_time(
        path, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(1));
}

bool dns_server::start_on(int port) {
    port_ = port;
    const std::string conf = (dir_ / "named.conf").string();
    const std::string log_path = (dir_ / "named.log").string();
    // The log is appended to across restarts: only what this start writes is looked at.
    const std::size_t log_start = log().size();
    const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot open " + log_path);
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(log_fd);
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(126);
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        // -g: foreground, log to stderr; -n 1: one worker thread (the build shares two cores).
        // Started as whoever runs the tests, so no -u: there are no privileges to drop.
        execl(named_path, named_path, "-g", "-n", "1", "-c", conf.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    close(log_fd);
    pid_ = pid;

    // Listening is logged before zones load; a bind failure is logged instead of it. The start-up
    // ends with the line "<time> running" ("running on Linux …" comes first and does not count).
    const auto deadline = std::chrono::steady_clock::now() + start_deadline;
    const std::string listening = "listening on IPv4 interface";
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string text = log().substr(log_start);
        if (contains_ci(text, "address in use") || contains_ci(text, "could not listen")) {
            stop();
            return false;
        }
        if (exited()) throw std::runtime_error("named exited at start; log:\n" + text);
        if (text.find(listening) != std::string::npos && text.find(" running\n") != std::string::npos)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error("named did not start within 30 s; log:\n" + log());
}

bool dns_server::exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        pid_ = -1;
        return true;
    }
    return false;
}

void dns_server::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (exited()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

void dns_server::wait_until_served() {
    dns::resolver_options options;
    options.servers = {address()};
    options.timeout = std::chrono::milliseconds(200);
    options.tries = 1;
    dns::resolver probe(options);
    std::vector<dns::question> questions;
    for (const dns_zone &z : zones_) questions.push_back({z.origin, dns::rr_type::soa});

    const auto deadline = std::chrono::steady_clock::now() + reload_deadline;
    std::string last;
    while (std::chrono::steady_clock::now() < deadline) {
        if (exited()) throw std::runtime_error("named exited; log:\n" + log());
        const auto answers = probe.query_all(questions);
        bool all = true;
        for (std::size_t i = 0; i < answers.size() && all; ++i) {
            const auto &a = answers[i];
            if (zones_[i].broken) {
                all = a.failed() && a.error_id == "dns.query.servfail";
            } else {
                all = a.ok() && std::get<dns::soa_rdata>(a.records.front().data).serial == serials_[i];
            }
            if (!all) last = zones_[i].origin + ": " + a.to_json().dump();
        }
        if (all) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("named did not serve the zones in time (" + last + "); log:\n" + log());
}

void dns_server::set_zone(const dns_zone &zone) {
    auto it = std::find_if(zones_.begin(), zones_.end(),
                           [&](const dns_zone &z) { return z.origin == zone.origin; });
    const bool added = it == zones_.end();
    const bool was_broken = !added && it->broken;
    std::size_t index;
    if (added) {
        zones_.push_back(zone);
        serials_.push_back(0);
        index = zones_.size() - 1;
    } else {
        index = static_cast<std::size_t>(it - zones_.begin());
        zones_[index] = zone;
    }
    serials_[index] = next_serial_++;
    write_zone(zone, serials_[index]);
    if (added) write_config();

    if (zone.broken && !was_broken) {
        // A failed reload keeps the last good version in service: only a fresh start shows the
        // zone as it is now. Same port, so resolvers made from resolver_options() keep working.
        stop();
        if (!start_on(port_)) throw std::runtime_error("the test DNS server lost its port on restart");
    } else {
        kill(pid_, SIGHUP);  // named's reload: configuration and changed zone files
    }
    wait_until_served();
}

silent_udp_port::silent_udp_port() {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        throw std::runtime_error("could not bind a silent UDP port");
    port_ = ntohs(a.sin_port);
}

silent_udp_port::~silent_udp_port() {
    if (fd_ >= 0) close(fd_);
}

int unused_local_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (fd < 0 || bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
            if (fd >= 0) close(fd);
            continue;
        }
        close(fd);
        const int port = ntohs(a.sin_port);
        if (can_bind(SOCK_STREAM, port)) return port;
    }
    throw std::runtime_error("could not find an unused local port");
}

}  // namespace mailint::test
