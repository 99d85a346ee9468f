#include "util/dns_query.h"

#include <ares.h>

#include <arpa/inet.h>
#include <poll.h>

#include <cerrno>
#include <mutex>
#include <stdexcept>

namespace emulator {
namespace {

constexpr int class_in = 1;  // RFC 1035 §3.2.4
constexpr int type_cname = 5;  // RFC 1035 §3.2.2
constexpr int type_mx = 15;
constexpr int type_txt = 16;

bool is_ipv4(const std::string& host)
{
    in_addr address{};
    return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& host)
{
    in6_addr address{};
    return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

int parse_port(std::string_view text, std::string_view whole)
{
    int port = 0;
    for (const char c : text) {
        if (c < '0' || c > '9' || port > 65535)
            throw std::invalid_argument("--dns-server '" + std::string(whole) + "' has a bad port");
        port = port * 10 + (c - '0');
    }
    if (text.empty() || port < 1 || port > 65535)
        throw std::invalid_argument("--dns-server '" + std::string(whole) + "' needs a port from 1 to 65535");
    return port;
}

// What came back to the callback. The reply is copied out because c-ares frees its buffer when
// the callback returns.
struct outcome {
    bool done = false;
    int status = ARES_SUCCESS;
    std::vector<unsigned char> reply;
};

void on_reply(void* argument, int status, int /*timeouts*/, unsigned char* buffer, int length)
{
    auto* result = static_cast<outcome*>(argument);
    if (result->done)
        return;
    result->done = true;
    result->status = status;
    if (buffer && length > 0)
        result->reply.assign(buffer, buffer + length);
}

std::string failure_text(int status)
{
    switch (status) {
    case ARES_ETIMEOUT: return std::string(dns_timeout_text);
    case ARES_ESERVFAIL: return "the server answered SERVFAIL";
    case ARES_EREFUSED: return "the server refused the query (REFUSED)";
    case ARES_ECONNREFUSED: return "connection refused (nothing listens there)";
    case ARES_EFORMERR: return "the server answered FORMERR";
    case ARES_ENOTIMP: return "the server answered NOTIMP";
    case ARES_EBADRESP: return "the answer was malformed";
    default: return ares_strerror(status);
    }
}

// Drives the channel until the one query on it has its answer. poll, not select: the emulator
// holds many connections, and a descriptor above FD_SETSIZE would break select.
void wait_for(ares_channel channel, const outcome& result)
{
    while (!result.done) {
        ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
        const int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
        std::vector<pollfd> fds;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
            short events = 0;
            if (ARES_GETSOCK_READABLE(bits, i))
                events |= POLLIN;
            if (ARES_GETSOCK_WRITABLE(bits, i))
                events |= POLLOUT;
            if (events == 0)
                break;
            fds.push_back(pollfd{sockets[i], events, 0});
        }
        timeval room{};
        const timeval* next = ares_timeout(channel, nullptr, &room);
        if (fds.empty() && !next) {
            // Nothing to wait for and no timer: c-ares gave up without calling back.
            ares_cancel(channel);
            return;
        }
        const int milliseconds =
            next ? static_cast<int>(next->tv_sec * 1000 + (next->tv_usec + 999) / 1000) : 1000;
        const int ready = ::poll(fds.data(), fds.size(), milliseconds);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0) {
            ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timers only
            continue;
        }
        for (const auto& fd : fds) {
            const bool readable = (fd.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
            const bool writable = (fd.revents & POLLOUT) != 0;
            if (readable || writable)
                ares_process_fd(channel, readable ? fd.fd : ARES_SOCKET_BAD, writable ? fd.fd : ARES_SOCKET_BAD);
        }
    }
}

outcome run_query(const dns_server& server, std::string_view name, int type, const dns_query_limits& limits)
{
    static std::once_flag library;
    std::call_once(library, [] { ares_library_init(ARES_LIB_INIT_ALL); });

    outcome result;
    ares_options options{};
    // NOSEARCH: the name is absolute, no search domains from resolv.conf. NOCHECKRESP: hand
    // SERVFAIL and REFUSED answers to the callback as such; otherwise c-ares retries them and
    // reports a REFUSED as a refused connection, which reads like "nothing listens there".
    options.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOCHECKRESP;
    options.timeout = static_cast<int>(limits.first_timeout.count());
    options.tries = limits.tries;
    ares_channel channel = nullptr;
    int status = ares_init_options(&channel, &options, ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
    if (status != ARES_SUCCESS) {
        result.done = true;
        result.status = status;
        return result;
    }
    status = ares_set_servers_ports_csv(channel, server.text().c_str());
    if (status != ARES_SUCCESS) {
        ares_destroy(channel);
        result.done = true;
        result.status = status;
        return result;
    }
    std::string absolute(name);
    while (!absolute.empty() && absolute.back() == '.')
        absolute.pop_back();
    ares_query(channel, absolute.c_str(), class_in, type, on_reply, &result);
    wait_for(channel, result);
    ares_destroy(channel);  // calls back with ARES_EDESTRUCTION only if still pending; ignored then
    if (!result.done) {
        result.done = true;
        result.status = ARES_ETIMEOUT;
    }
    return result;
}

// Common status handling; true when the reply should be parsed.
bool settle(const outcome& result, dns_answer& answer)
{
    if (result.status == ARES_SUCCESS)
        return true;
    if (result.status == ARES_ENODATA || result.status == ARES_ENOTFOUND) {
        answer.status = dns_status::no_records;
        return false;
    }
    answer.status = dns_status::failed;
    answer.failure = failure_text(result.status);
    return false;
}

// The CNAME targets in a reply's answer section. c-ares has no parser for CNAME replies, so the
// message is walked here (RFC 1035 §4.1), names expanded by c-ares. ARES_EBADRESP when truncated.
int parse_cname_targets(const std::vector<unsigned char>& reply, std::vector<std::string>& out)
{
    const unsigned char* buffer = reply.data();
    const long size = static_cast<long>(reply.size());
    if (size < 12)
        return ARES_EBADRESP;
    const int questions = (buffer[4] << 8) | buffer[5];
    const int answers = (buffer[6] << 8) | buffer[7];
    const unsigned char* at = buffer + 12;
    auto skip_name = [&](std::string* name) {
        char* expanded = nullptr;
        long used = 0;
        if (at >= buffer + size || ares_expand_name(at, buffer, static_cast<int>(size), &expanded, &used) != ARES_SUCCESS)
            return false;
        if (name)
            *name = expanded;
        ares_free_string(expanded);
        at += used;
        return true;
    };
    for (int i = 0; i < questions; ++i) {
        if (!skip_name(nullptr) || at + 4 > buffer + size)
            return ARES_EBADRESP;
        at += 4;  // type, class
    }
    for (int i = 0; i < answers; ++i) {
        if (!skip_name(nullptr) || at + 10 > buffer + size)
            return ARES_EBADRESP;
        const int type = (at[0] << 8) | at[1];
        const int length = (at[8] << 8) | at[9];
        at += 10;
        const unsigned char* next = at + length;
        if (next > buffer + size)
            return ARES_EBADRESP;
        if (type == type_cname) {
            std::string target;
            if (!skip_name(&target))
                return ARES_EBADRESP;
            while (!target.empty() && target.back() == '.')
                target.pop_back();
            out.push_back(std::move(target));
        }
        at = next;
    }
    return ARES_SUCCESS;
}

} // namespace

std::string dns_server::text() const
{
    return (is_ipv6(host) ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

dns_server parse_dns_server(std::string_view text)
{
    const std::string whole(text);
    dns_server server;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            throw std::invalid_argument("--dns-server '" + whole + "' has '[' without ']'");
        server.host = std::string(text.substr(1, close - 1));
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':'))
                throw std::invalid_argument("--dns-server '" + whole + "' needs ':' before the port");
            server.port = parse_port(rest.substr(1), text);
        }
        if (!is_ipv6(server.host))
            throw std::invalid_argument("--dns-server '" + whole + "' is not an IPv6 address in brackets");
        return server;
    }
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) {
        server.host = whole;  // a bare IPv6 address: several colons, no port
        if (!is_ipv6(server.host))
            throw std::invalid_argument("--dns-server '" + whole + "' is not an IP address[:port]");
        return server;
    }
    server.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos)
        server.port = parse_port(text.substr(colon + 1), text);
    if (!is_ipv4(server.host))
        throw std::invalid_argument("--dns-server '" + whole +
                                    "' needs an IP address (a host name would itself need DNS), e.g. 127.0.0.1:5353");
    return server;
}

dns_answer query_txt(const dns_server& server, std::string_view name, const dns_query_limits& limits)
{
    dns_answer answer;
    const outcome result = run_query(server, name, type_txt, limits);
    if (!settle(result, answer))
        return answer;
    ares_txt_ext* records = nullptr;
    const int status = ares_parse_txt_reply_ext(result.reply.data(), static_cast<int>(result.reply.size()), &records);
    if (status != ARES_SUCCESS) {
        settle(outcome{true, status, {}}, answer);
        return answer;
    }
    // A record may hold several character-strings; record_start marks the first of each record.
    for (const ares_txt_ext* part = records; part; part = part->next) {
        const std::string text(reinterpret_cast<const char*>(part->txt), part->length);
        if (part->record_start || answer.texts.empty())
            answer.texts.push_back(text);
        else
            answer.texts.back() += text;
    }
    ares_free_data(records);
    answer.status = answer.texts.empty() ? dns_status::no_records : dns_status::answered;
    return answer;
}

dns_answer query_mx(const dns_server& server, std::string_view name, const dns_query_limits& limits)
{
    dns_answer answer;
    const outcome result = run_query(server, name, type_mx, limits);
    if (!settle(result, answer))
        return answer;
    ares_mx_reply* records = nullptr;
    const int status = ares_parse_mx_reply(result.reply.data(), static_cast<int>(result.reply.size()), &records);
    if (status != ARES_SUCCESS) {
        settle(outcome{true, status, {}}, answer);
        return answer;
    }
    for (const ares_mx_reply* mx = records; mx; mx = mx->next) {
        std::string host = mx->host ? mx->host : "";
        while (!host.empty() && host.back() == '.')
            host.pop_back();
        answer.exchanges.push_back({mx->priority, std::move(host)});
    }
    ares_free_data(records);
    answer.status = answer.exchanges.empty() ? dns_status::no_records : dns_status::answered;
    return answer;
}

dns_answer query_cname(const dns_server& server, std::string_view name, const dns_query_limits& limits)
{
    dns_answer answer;
    const outcome result = run_query(server, name, type_cname, limits);
    if (!settle(result, answer))
        return answer;
    const int status = parse_cname_targets(result.reply, answer.aliases);
    if (status != ARES_SUCCESS) {
        answer.aliases.clear();
        settle(outcome{true, status, {}}, answer);
        return answer;
    }
    answer.status = answer.aliases.empty() ? dns_status::no_records : dns_status::answered;
    return answer;
}

} // namespace emulator
