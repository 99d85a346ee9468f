#include "netcheck/port_forward.h"

#include <cerrno>
#include <cstring>
#include <future>
#include <memory>
#include <set>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include "validate/ipv4.h"

namespace mailint::netcheck {

namespace {

using nlohmann::json;

bool flag(const json &p, const char *name) {
    auto it = p.find(name);
    return it != p.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json &p, const char *name) {
    auto it = p.find(name);
    return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

#ifdef _WIN32
// Winsock: started once per process (WSAStartup counts its callers), sockets closed with
// closesocket, errors from WSAGetLastError.
struct winsock {
    winsock() {
        WSADATA data;
        WSAStartup(MAKEWORD(2, 2), &data);
    }
};
using socket_t = SOCKET;
constexpr socket_t bad_socket = INVALID_SOCKET;
void close_socket(socket_t s) { ::closesocket(s); }
int last_error() { return WSAGetLastError(); }
constexpr int in_progress = WSAEWOULDBLOCK, refused = WSAECONNREFUSED, timed_out = WSAETIMEDOUT;
socket_t open_socket(const addrinfo *a) {
    static winsock started;
    socket_t s = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    u_long nonblocking = 1;
    if (s != bad_socket) ioctlsocket(s, FIONBIO, &nonblocking);
    return s;
}
int wait_writable(socket_t s, int ms) {
    WSAPOLLFD p{s, POLLWRNORM, 0};
    return WSAPoll(&p, 1, ms);
}
std::string error_text(int e) { return "Winsock error " + std::to_string(e); }
#else
using socket_t = int;
constexpr socket_t bad_socket = -1;
void close_socket(socket_t s) { ::close(s); }
int last_error() { return errno; }
constexpr int in_progress = EINPROGRESS, refused = ECONNREFUSED, timed_out = ETIMEDOUT;
socket_t open_socket(const addrinfo *a) { return ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol); }
int wait_writable(socket_t s, int ms) {
    pollfd p{s, POLLOUT, 0};
    return ::poll(&p, 1, ms);
}
std::string error_text(int e) { return std::strerror(e); }
#endif

port_check check_one(const std::string &host, int port, const std::string &protocol, std::chrono::milliseconds timeout) {
    port_check c;
    c.port = port;
    c.protocol = protocol;
    const auto started = std::chrono::steady_clock::now();
    const auto finish = [&](std::string status, std::string reason) {
        c.status = std::move(status);
        c.reason = std::move(reason);
        c.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        return c;
    };
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0 || !found)
        return finish("NameNotResolved", gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
    const socket_t fd = open_socket(found);
    if (fd == bad_socket) return finish("Unreachable", error_text(last_error()));
    struct closer {
        socket_t fd;
        ~closer() { close_socket(fd); }
    } close_on_exit{fd};
    const int rc = ::connect(fd, found->ai_addr, static_cast<int>(found->ai_addrlen));
    int error = rc == 0 ? 0 : last_error();
    if (rc != 0 && error == in_progress) {
        const int ready = wait_writable(fd, static_cast<int>(timeout.count()));
        if (ready == 0)
            return finish("TimedOut", "no answer within " + std::to_string(timeout.count()) + " ms (a firewall drops it, or nothing forwards it)");
        socklen_t len = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, reinterpret_cast<char *>(&error), &len);
    }
    if (error == 0) return finish("Open", "a connection was accepted");
    if (error == refused) return finish("Closed", "the connection was refused: nothing listens, or the router does not forward it");
    if (error == timed_out) return finish("TimedOut", error_text(error));
    return finish("Unreachable", error_text(error));
}

}  // namespace

diagnostics parse_table_request(const json &parameters, table_request &out) {
    diagnostics d;
    static const std::set<std::string> known = {"ExchangeServerIpAddress", "EssentialsServerIpAddress", "IncludePop3", "IncludeImap",
                                                "IncludeUnencrypted"};
    for (const auto &[name, value] : parameters.items())
        if (!known.count(name)) d.error("port_forward.parameter.unknown", name, "Unknown parameter '" + name + "'.");
    out.exchange_address = text(parameters, "ExchangeServerIpAddress");
    out.essentials_address = text(parameters, "EssentialsServerIpAddress");
    const auto exchange = validate::validate_ipv4(out.exchange_address, "ExchangeServerIpAddress", d);
    const auto essentials = validate::validate_ipv4(out.essentials_address, "EssentialsServerIpAddress", d);
    if (exchange && essentials && out.exchange_address == out.essentials_address)
        d.error("port_forward.same_server", "ExchangeServerIpAddress",
                "Exchange and Windows Server Essentials must run on different servers (seed X1): give each server's address.");
    out.pop3 = flag(parameters, "IncludePop3");
    out.imap = flag(parameters, "IncludeImap");
    out.unencrypted = flag(parameters, "IncludeUnencrypted");
    return d;
}

std::vector<port_forward> port_forward_table(const table_request &r) {
    std::vector<port_forward> t = {
        {25, "SMTP", r.exchange_address, 25, "Exchange", "mail from the Internet"},
        {80, "HTTP", r.essentials_address, 80, "Essentials", "the Essentials server's web sites (and redirects to HTTPS)"},
        {443, "HTTPS", r.essentials_address, 443, "Essentials", "Outlook on the web, ActiveSync, Outlook Anywhere, autodiscover, through the Essentials reverse proxy"},
    };
    if (r.pop3) {
        t.push_back({995, "POP3S", r.exchange_address, 995, "Exchange", "POP3 over TLS"});
        if (r.unencrypted) t.push_back({110, "POP3", r.exchange_address, 110, "Exchange", "POP3 (STARTTLS or clear text)"});
    }
    if (r.imap) {
        t.push_back({993, "IMAPS", r.exchange_address, 993, "Exchange", "IMAP4 over TLS"});
        if (r.unencrypted) t.push_back({143, "IMAP", r.exchange_address, 143, "Exchange", "IMAP4 (STARTTLS or clear text)"});
    }
    return t;
}

json to_json(const port_forward &f) {
    return {{"routerPort", f.router_port}, {"protocol", f.protocol}, {"destination", f.destination},
            {"destinationPort", f.destination_port}, {"server", f.server}, {"note", f.note}};
}

std::vector<port_check> check_ports(const std::string &host, const std::vector<std::pair<int, std::string>> &ports,
                                    std::chrono::milliseconds timeout) {
    std::vector<std::future<port_check>> running;
    for (const auto &[port, protocol] : ports)
        running.push_back(std::async(std::launch::async, check_one, host, port, protocol, timeout));
    std::vector<port_check> out;
    for (auto &f : running) out.push_back(f.get());
    return out;
}

}  // namespace mailint::netcheck
