#pragma once
// A real authoritative DNS server for one test: BIND's named in the foreground (-g) on
// 127.0.0.1 at a free high port, serving zones the test writes, in a temporary folder removed
// afterwards. Tests point the emulator's --dns-server at it, so domain verification is decided by
// real DNS answers. (tests/native has its own server helper; the emulator tests share no code
// with native/ tests, so this one is self-contained and minimal.)
#include <map>
#include <string>

#include <sys/types.h>

namespace emutest {

class bind_server {
public:
    // `zones`: zone name → records in master-file syntax relative to the zone ("@ IN TXT \"x\""),
    // written after a SOA and NS the helper adds. Throws std::runtime_error when named is not
    // installed or does not start listening within a few seconds.
    explicit bind_server(std::map<std::string, std::string> zones);
    ~bind_server();
    bind_server(const bind_server&) = delete;
    bind_server& operator=(const bind_server&) = delete;

    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

    // Rewrites the zone with these records and a higher serial, reloads named (SIGHUP) and waits
    // until it logs that it loaded that serial.
    void set_records(const std::string& zone, const std::string& records);

    // Where named is ("/usr/sbin/named"), or empty when it is not installed.
    static std::string named_path();

private:
    void write_zone(const std::string& zone);
    void start();
    void stop();
    // Waits until named's log holds `text` after byte `from`; false after the deadline or if
    // named exited.
    bool wait_for_log(const std::string& text, std::size_t from, int milliseconds);
    std::string log() const;

    std::string dir_;
    std::map<std::string, std::string> zones_;
    std::map<std::string, unsigned> serials_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A loopback port with nothing listening on it (UDP and TCP both free when it was picked).
int free_loopback_port();

} // namespace emutest
