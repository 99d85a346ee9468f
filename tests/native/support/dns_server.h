#pragma once
// A real authoritative DNS server for tests: BIND's named, started in the foreground on
// 127.0.0.1 on a free high port (UDP and TCP), serving zones the test writes, in a temp directory
// of its own (named.conf, zone files, pid file, session key, log). No recursion, no rndc control
// channel, no IPv6 listener, so several servers run side by side (ctest -j2).
//
// The constructor returns once every zone answers its SOA with the serial just written; a zone
// change is a rewrite plus SIGHUP (named's reload), waited for the same way. The destructor sends
// SIGTERM, then SIGKILL. named is also killed if the test process dies (PR_SET_PDEATHSIG).
//
// A missing /usr/sbin/named is a thrown error, so the tests that need it fail instead of passing
// vacuously: the bind9 package is a declared dependency (dev.sh).
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

#include "dns/resolver.h"
#include "support/temp_dir.h"

namespace mailint::test {

struct dns_zone {
    std::string origin;  // "contoso.test", no trailing dot
    // Master-file lines (RFC 1035 §5) after "$ORIGIN <origin>." and "$TTL 300": relative owners,
    // "@" for the apex. The server adds the SOA (with its own serial) and an NS record.
    std::string records;
    // The zone is meant not to load (e.g. a CNAME beside other data): named then answers SERVFAIL
    // for it, which is what the test waits for instead of the serial.
    bool broken = false;
};

class dns_server {
public:
    explicit dns_server(std::vector<dns_zone> zones);
    ~dns_server();
    dns_server(const dns_server &) = delete;
    dns_server &operator=(const dns_server &) = delete;

    int port() const { return port_; }
    std::string address() const;  // "127.0.0.1:PORT", as resolver_options::servers takes it
    // A resolver pointed at this server only, with short timeouts.
    dns::resolver_options resolver_options() const;

    // Replaces the zone with this origin (or adds it) and waits until named serves the new
    // version. A zone that becomes broken needs a restart (named keeps the last good version on
    // a failed reload), which this does on the same port.
    void set_zone(const dns_zone &zone);

    const std::filesystem::path &directory() const { return dir_.path(); }
    std::string log() const;  // named's output so far, for failure messages

private:
    void write_config() const;
    void write_zone(const dns_zone &zone, std::uint32_t serial) const;
    bool start_on(int port);  // false when the port was taken meanwhile
    void stop();
    void wait_until_served();  // every zone at its expected serial (or SERVFAIL when broken)
    bool exited();

    temp_dir dir_;
    std::vector<dns_zone> zones_;
    std::vector<std::uint32_t> serials_;
    std::uint32_t next_serial_ = 1;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A 127.0.0.1 UDP port bound by this object and never read: DNS queries to it time out.
class silent_udp_port {
public:
    silent_udp_port();
    ~silent_udp_port();
    silent_udp_port(const silent_udp_port &) = delete;
    silent_udp_port &operator=(const silent_udp_port &) = delete;
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

// A 127.0.0.1 port with no UDP or TCP socket on it (bound, then closed): DNS queries to it get
// "connection refused" from the kernel.
int unused_local_port();

}  // namespace mailint::test
