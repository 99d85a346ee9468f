#include "dns/resolver.h"

#include <arpa/inet.h>
#include <ares.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "dns/overloaded.h"

namespace mailint::dns {

namespace {

// ---------------------------------------------------------------------------------------------
// Names

std::string without_trailing_dot(std::string_view name) {
    if (name.size() > 1 && name.ends_with('.')) name.remove_suffix(1);
    return std::string(name);
}

bool same_name(std::string_view a, std::string_view b) {
    if (a.ends_with('.')) a.remove_suffix(1);
    if (b.ends_with('.')) b.remove_suffix(1);
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        return fold(x) == fold(y);
    });
}

// Why a query name cannot go on the wire (RFC 1035 §2.3.4 sizes), or nullopt. Anything else is
// the server's to judge: DKIM and SRV owners carry underscores, which host-name rules forbid.
std::optional<std::string> query_name_problem(std::string_view name) {
    if (name.ends_with('.')) name.remove_suffix(1);
    if (name.empty()) return "is empty";
    if (name.size() > 253) return "is longer than 253 bytes";
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) dot = name.size();
        const std::size_t length = dot - start;
        if (length == 0) return "has an empty label";
        if (length > 63) return "has a label longer than 63 bytes";
        start = dot + 1;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Server list

struct server_address {
    int family = AF_INET;
    in_addr v4{};
    in6_addr v6{};
    int port = 53;
};

std::optional<int> parse_port(std::string_view text) {
    int port = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc{} || end != text.data() + text.size() || port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

std::optional<server_address> parse_server(std::string_view text) {
    server_address out;
    std::string host;
    if (text.starts_with('[')) {  // "[v6]" or "[v6]:port"
        const auto close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = std::string(text.substr(1, close - 1));
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) return std::nullopt;
            auto port = parse_port(rest.substr(1));
            if (!port) return std::nullopt;
            out.port = *port;
        }
        if (inet_pton(AF_INET6, host.c_str(), &out.v6) != 1) return std::nullopt;
        out.family = AF_INET6;
        return out;
    }
    const auto colons = std::count(text.begin(), text.end(), ':');
    if (colons > 1) {  // a bare IPv6 address: a port needs the brackets
        host = std::string(text);
        if (inet_pton(AF_INET6, host.c_str(), &out.v6) != 1) return std::nullopt;
        out.family = AF_INET6;
        return out;
    }
    if (colons == 1) {
        const auto colon = text.find(':');
        auto port = parse_port(text.substr(colon + 1));
        if (!port) return std::nullopt;
        out.port = *port;
        text = text.substr(0, colon);
    }
    host = std::string(text);
    // inet_pton(AF_INET) takes only the strict dotted quad, which is what we want here.
    if (inet_pton(AF_INET, host.c_str(), &out.v4) != 1) return std::nullopt;
    out.family = AF_INET;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Reply parsing. c-ares 1.18's ares_parse_*_reply functions drop the TTL of every type but A and
// AAAA and do not say which CNAMEs they followed, so the answer section is walked here, with
// c-ares' own ares_expand_name for (compressed) names. Every read is bounds-checked: the reply
// comes from the network.

struct raw_rr {
    std::string owner;
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint32_t ttl = 0;
    const unsigned char *rdata = nullptr;
    std::size_t rdlength = 0;
};

struct parsed_reply {
    bool authoritative = false;
    std::vector<raw_rr> answers;
};

constexpr std::uint16_t class_in = 1;

std::uint16_t read16(const unsigned char *p) {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
std::uint32_t read32(const unsigned char *p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// A (possibly compressed) name at `at`; `used` is how many bytes it occupies there.
std::optional<std::string> expand_name(const unsigned char *at, const unsigned char *msg, int msglen,
                                       long &used) {
    char *name = nullptr;
    if (ares_expand_name(at, msg, msglen, &name, &used) != ARES_SUCCESS) return std::nullopt;
    std::string out(name);
    ares_free_string(name);
    return out;
}

std::optional<parsed_reply> parse_reply(const unsigned char *msg, int msglen) {
    if (msg == nullptr || msglen < 12) return std::nullopt;
    parsed_reply out;
    out.authoritative = (msg[2] & 0x04) != 0;
    const std::uint16_t qdcount = read16(msg + 4);
    const std::uint16_t ancount = read16(msg + 6);
    const unsigned char *p = msg + 12;
    const unsigned char *end = msg + msglen;
    for (std::uint16_t i = 0; i < qdcount; ++i) {
        long used = 0;
        if (!expand_name(p, msg, msglen, used)) return std::nullopt;
        p += used;
        if (end - p < 4) return std::nullopt;
        p += 4;
    }
    for (std::uint16_t i = 0; i < ancount; ++i) {
        long used = 0;
        auto owner = expand_name(p, msg, msglen, used);
        if (!owner) return std::nullopt;
        p += used;
        if (end - p < 10) return std::nullopt;
        raw_rr rr;
        rr.owner = std::move(*owner);
        rr.type = read16(p);
        rr.klass = read16(p + 2);
        rr.ttl = read32(p + 4);
        if (rr.ttl > 0x7fffffffu) rr.ttl = 0;  // RFC 2181 §8: treat as zero
        rr.rdlength = read16(p + 8);
        p += 10;
        if (static_cast<std::size_t>(end - p) < rr.rdlength) return std::nullopt;
        rr.rdata = p;
        p += rr.rdlength;
        out.answers.push_back(std::move(rr));
    }
    return out;
}

// A name inside RDATA: it may point backwards into the message, but its own bytes must stay
// within the RDATA.
std::optional<std::string> rdata_name(const raw_rr &rr, std::size_t offset, const unsigned char *msg,
                                      int msglen, std::size_t *after = nullptr) {
    if (offset >= rr.rdlength) return std::nullopt;
    long used = 0;
    auto name = expand_name(rr.rdata + offset, msg, msglen, used);
    if (!name || offset + static_cast<std::size_t>(used) > rr.rdlength) return std::nullopt;
    if (after) *after = offset + static_cast<std::size_t>(used);
    return name;
}

// The typed record, or nullopt for a type this resolver does not decode or malformed RDATA.
std::optional<resource_record> decode(const raw_rr &rr, const unsigned char *msg, int msglen) {
    if (rr.klass != class_in) return std::nullopt;
    resource_record out;
    out.owner = without_trailing_dot(rr.owner);
    out.ttl = rr.ttl;
    switch (rr.type) {
    case static_cast<std::uint16_t>(rr_type::a): {
        if (rr.rdlength != 4) return std::nullopt;
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, rr.rdata, text, sizeof text);
        out.type = rr_type::a;
        out.data = address_rdata{text};
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::aaaa): {
        if (rr.rdlength != 16) return std::nullopt;
        char text[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, rr.rdata, text, sizeof text);
        out.type = rr_type::aaaa;
        out.data = address_rdata{text};
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::cname):
    case static_cast<std::uint16_t>(rr_type::ns): {
        auto target = rdata_name(rr, 0, msg, msglen);
        if (!target) return std::nullopt;
        if (rr.type == static_cast<std::uint16_t>(rr_type::cname)) {
            out.type = rr_type::cname;
            out.data = cname_data{*target};
        } else {
            out.type = rr_type::ns;
            out.data = ns_rdata{*target};
        }
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::mx): {
        if (rr.rdlength < 3) return std::nullopt;
        auto exchange = rdata_name(rr, 2, msg, msglen);
        if (!exchange) return std::nullopt;
        out.type = rr_type::mx;
        out.data = mx_data{read16(rr.rdata), *exchange};
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::srv): {
        if (rr.rdlength < 7) return std::nullopt;
        auto target = rdata_name(rr, 6, msg, msglen);
        if (!target) return std::nullopt;
        out.type = rr_type::srv;
        out.data = srv_data{read16(rr.rdata), read16(rr.rdata + 2), read16(rr.rdata + 4), *target};
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::txt): {
        txt_rdata txt;
        std::size_t at = 0;
        while (at < rr.rdlength) {
            const std::size_t length = rr.rdata[at];
            if (at + 1 + length > rr.rdlength) return std::nullopt;
            txt.strings.emplace_back(reinterpret_cast<const char *>(rr.rdata + at + 1), length);
            txt.text += txt.strings.back();
            at += 1 + length;
        }
        out.type = rr_type::txt;
        out.data = std::move(txt);
        return out;
    }
    case static_cast<std::uint16_t>(rr_type::soa): {
        std::size_t after = 0;
        auto primary = rdata_name(rr, 0, msg, msglen, &after);
        if (!primary) return std::nullopt;
        auto mailbox = rdata_name(rr, after, msg, msglen, &after);
        if (!mailbox || rr.rdlength - after != 20) return std::nullopt;
        const unsigned char *n = rr.rdata + after;
        out.type = rr_type::soa;
        out.data = soa_rdata{*primary,      *mailbox,     read32(n),     read32(n + 4),
                             read32(n + 8), read32(n + 12), read32(n + 16)};
        return out;
    }
    default: return std::nullopt;
    }
}

// Fills records and cname_chain from the reply's answer section. False when the reply cannot be
// read, which the caller turns into dns.query.bad_response.
bool fill_from_reply(query_answer &answer, const unsigned char *msg, int msglen) {
    auto reply = parse_reply(msg, msglen);
    if (!reply) return false;
    answer.authoritative = reply->authoritative;
    std::vector<resource_record> decoded;
    for (const raw_rr &rr : reply->answers) {
        // An answer of a type we asked for or follow that does not decode is a broken reply,
        // not a missing record.
        const bool wanted = rr.type == static_cast<std::uint16_t>(answer.type) ||
                            rr.type == static_cast<std::uint16_t>(rr_type::cname);
        auto record = decode(rr, msg, msglen);
        if (!record) {
            if (wanted && rr.klass == class_in) return false;
            continue;
        }
        decoded.push_back(std::move(*record));
    }
    std::string current = answer.name;
    if (answer.type != rr_type::cname) {
        // Follow aliases owned by the current name; a loop or an absurd chain stops it.
        for (int hop = 0; hop < 16; ++hop) {
            auto alias = std::find_if(decoded.begin(), decoded.end(), [&](const resource_record &r) {
                return r.type == rr_type::cname && same_name(r.owner, current);
            });
            if (alias == decoded.end()) break;
            const std::string target = std::get<cname_data>(alias->data).canonical_name;
            answer.cname_chain.push_back(*alias);
            decoded.erase(alias);
            current = target;
        }
    }
    for (resource_record &r : decoded)
        if (r.type == answer.type && same_name(r.owner, current)) answer.records.push_back(std::move(r));
    return true;
}

struct failure {
    const char *id;
    const char *what;
};

failure describe_failure(int status) {
    switch (status) {
    case ARES_ETIMEOUT: return {"dns.query.timeout", "no DNS server answered in time"};
    case ARES_ESERVFAIL:
        return {"dns.query.servfail", "the DNS server answered SERVFAIL (it could not resolve the name)"};
    case ARES_EREFUSED: return {"dns.query.refused", "the DNS server refused the query (REFUSED)"};
    case ARES_ECONNREFUSED:
        return {"dns.query.connection", "no DNS server could be reached (connection refused)"};
    case ARES_EFORMERR: return {"dns.query.formerr", "the DNS server rejected the query as malformed (FORMERR)"};
    case ARES_ENOTIMP: return {"dns.query.notimp", "the DNS server does not implement this query (NOTIMP)"};
    case ARES_EBADRESP: return {"dns.query.bad_response", "the DNS reply could not be read"};
    case ARES_EBADNAME: return {"dns.query.bad_name", "the name cannot be put in a DNS query"};
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION: return {"dns.query.cancelled", "the query was cancelled"};
    default: return {"dns.query.failed", "the DNS query failed"};
    }
}

void set_error(query_answer &answer, const char *id, const std::string &what) {
    answer.status = query_status::error;
    answer.records.clear();
    answer.cname_chain.clear();
    answer.error_id = id;
    answer.error_message = what + " for " + std::string(to_string(answer.type)) + " " + answer.name;
}

// The answer for one completed ares_query callback.
void complete(query_answer &answer, int status, const unsigned char *msg, int msglen) {
    switch (status) {
    case ARES_SUCCESS:
    case ARES_ENODATA:
    case ARES_ENOTFOUND:
        // ares_query maps NOERROR with answers to SUCCESS, NOERROR without to ENODATA and NXDOMAIN
        // to ENOTFOUND, and hands over the reply in each case: the CNAMEs that led to an empty
        // or non-existent target are still worth showing.
        if (msg != nullptr && !fill_from_reply(answer, msg, msglen)) {
            set_error(answer, "dns.query.bad_response", "the DNS reply could not be read");
            return;
        }
        if (status == ARES_ENOTFOUND)
            answer.status = query_status::nxdomain;
        else
            answer.status = answer.records.empty() ? query_status::nodata : query_status::ok;
        return;
    default: {
        auto f = describe_failure(status);
        set_error(answer, f.id, f.what);
        return;
    }
    }
}

void initialise_library() {
    static std::once_flag once;
    static int status = ARES_SUCCESS;
    std::call_once(once, [] { status = ares_library_init(ARES_LIB_INIT_ALL); });
    if (status != ARES_SUCCESS)
        throw error(errc::unavailable, "dns.resolver.init",
                    std::string("c-ares could not be initialised: ") + ares_strerror(status));
}

}  // namespace

// ---------------------------------------------------------------------------------------------

const char *to_string(rr_type t) {
    switch (t) {
    case rr_type::a: return "A";
    case rr_type::ns: return "NS";
    case rr_type::cname: return "CNAME";
    case rr_type::soa: return "SOA";
    case rr_type::mx: return "MX";
    case rr_type::txt: return "TXT";
    case rr_type::aaaa: return "AAAA";
    case rr_type::srv: return "SRV";
    }
    return "A";
}

rr_type query_type_of(record_type t) {
    switch (t) {
    case record_type::a: return rr_type::a;
    case record_type::mx: return rr_type::mx;
    case record_type::txt: return rr_type::txt;
    case record_type::srv: return rr_type::srv;
    case record_type::cname: return rr_type::cname;
    }
    return rr_type::a;
}

const char *to_string(query_status s) {
    switch (s) {
    case query_status::ok: return "ok";
    case query_status::nxdomain: return "nxdomain";
    case query_status::nodata: return "nodata";
    case query_status::error: return "error";
    }
    return "error";
}

std::string resource_record::value() const {
    return std::visit(
        overloaded{
            [](const address_rdata &d) { return d.address; },
            [](const mx_data &d) { return std::to_string(d.preference) + " " + d.exchange; },
            [](const txt_rdata &d) { return d.text; },
            [](const cname_data &d) { return d.canonical_name; },
            [](const srv_data &d) {
                return std::to_string(d.priority) + " " + std::to_string(d.weight) + " " +
                       std::to_string(d.port) + " " + d.target;
            },
            [](const ns_rdata &d) { return d.host; },
            [](const soa_rdata &d) {
                return d.primary + " " + d.mailbox + " " + std::to_string(d.serial) + " " +
                       std::to_string(d.refresh) + " " + std::to_string(d.retry) + " " +
                       std::to_string(d.expire) + " " + std::to_string(d.minimum);
            },
        },
        data);
}

nlohmann::json resource_record::to_json() const {
    return {{"owner", owner}, {"type", to_string(type)}, {"ttl", ttl}, {"value", value()}};
}

const std::string &query_answer::final_name() const {
    return cname_chain.empty() ? name : std::get<cname_data>(cname_chain.back().data).canonical_name;
}

nlohmann::json query_answer::to_json() const {
    nlohmann::json out{{"name", name}, {"type", to_string(type)}, {"status", to_string(status)},
                       {"authoritative", authoritative}};
    out["records"] = nlohmann::json::array();
    for (const auto &r : records) out["records"].push_back(r.to_json());
    out["cnameChain"] = nlohmann::json::array();
    for (const auto &r : cname_chain) out["cnameChain"].push_back(r.to_json());
    if (status == query_status::error) {
        out["errorId"] = error_id;
        out["errorMessage"] = error_message;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

struct resolver::impl {
    resolver_options options;
    ares_channel channel = nullptr;
    // Sockets c-ares wants watched, kept up to date by its socket-state callback; polled with
    // poll(2), so there is no FD_SETSIZE ceiling and no 16-socket ares_getsock limit.
    std::unordered_map<ares_socket_t, short> sockets;
    std::size_t in_flight = 0;

    struct pending {
        impl *self;
        query_answer *answer;
    };

    explicit impl(resolver_options o) : options(std::move(o)) {
        if (options.timeout.count() < 1 || options.tries < 1 || options.max_in_flight < 1)
            throw error(errc::invalid_argument, "dns.resolver.options.invalid",
                        "the DNS timeout, tries and concurrency must each be at least 1");
        std::vector<server_address> servers;
        for (const std::string &text : options.servers) {
            auto server = parse_server(text);
            if (!server)
                throw error(errc::invalid_argument, "dns.resolver.server.malformed",
                            "DNS server '" + text +
                                "' is not an IP address with an optional port (192.0.2.1, "
                                "192.0.2.1:5353, [2001:db8::1]:53)",
                            {{"server", text}});
            servers.push_back(*server);
        }
        initialise_library();

        ares_options opts{};
        int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB | ARES_OPT_FLAGS |
                   ARES_OPT_EDNSPSZ;
        opts.timeout = static_cast<int>(std::min<long long>(options.timeout.count(), 1 << 30));
        opts.tries = options.tries;
        opts.sock_state_cb = &impl::socket_state;
        opts.sock_state_cb_data = this;
        // EDNS with a 1232-byte buffer (the DNS flag day 2020 value): long SPF and DKIM TXT sets
        // arrive in one UDP reply; bigger ones are truncated and retried over TCP by c-ares.
        //
        // NOCHECKRESP: c-ares 1.18 otherwise drops a SERVFAIL, REFUSED or NOTIMP reply, moves on
        // to the next server and, after the last, reports ECONNREFUSED, so "the zone is broken"
        // would read as "no server reachable". The price: such a reply from the first server is
        // final instead of failing over; it is reported with its own id, which is what the
        // verifier needs to explain.
        opts.flags = ARES_FLAG_EDNS | ARES_FLAG_NOCHECKRESP;
        opts.ednspsz = 1232;
        const int status = ares_init_options(&channel, &opts, mask);
        if (status != ARES_SUCCESS)
            throw error(errc::unavailable, "dns.resolver.init",
                        std::string("the DNS resolver could not start: ") + ares_strerror(status));
        if (!servers.empty()) {
            std::vector<ares_addr_port_node> nodes(servers.size());
            for (std::size_t i = 0; i < servers.size(); ++i) {
                ares_addr_port_node &n = nodes[i];
                n.next = i + 1 < servers.size() ? &nodes[i + 1] : nullptr;
                n.family = servers[i].family;
                if (n.family == AF_INET)
                    std::memcpy(&n.addr.addr4, &servers[i].v4, sizeof servers[i].v4);
                else
                    std::memcpy(&n.addr.addr6, &servers[i].v6, sizeof servers[i].v6);
                n.udp_port = servers[i].port;
                n.tcp_port = servers[i].port;
            }
            const int set = ares_set_servers_ports(channel, nodes.data());
            if (set != ARES_SUCCESS) {
                ares_destroy(channel);
                channel = nullptr;
                throw error(errc::unavailable, "dns.resolver.init",
                            std::string("the DNS server list could not be set: ") + ares_strerror(set));
            }
        }
    }

    ~impl() {
        if (channel) {
            // Nothing is in flight outside query_all, which drains or cancels before it returns;
            // ares_destroy would otherwise call back into answers that no longer exist.
            ares_destroy(channel);
        }
    }

    static void socket_state(void *data, ares_socket_t fd, int readable, int writable) {
        auto *self = static_cast<impl *>(data);
        if (!readable && !writable) {
            self->sockets.erase(fd);
            return;
        }
        self->sockets[fd] = static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
    }

    static void on_reply(void *arg, int status, int /*timeouts*/, unsigned char *msg, int msglen) {
        auto *p = static_cast<pending *>(arg);
        --p->self->in_flight;
        // Called from C: nothing may escape.
        try {
            complete(*p->answer, status, msg, msglen);
        } catch (...) {
            try {
                set_error(*p->answer, "dns.query.failed", "the DNS reply could not be processed");
            } catch (...) {
                p->answer->status = query_status::error;
            }
        }
        delete p;
    }

    void submit(query_answer &answer) {
        if (auto why = query_name_problem(answer.name)) {
            set_error(answer, "dns.query.bad_name", "the name " + *why);
            return;
        }
        auto *p = new pending{this, &answer};
        ++in_flight;
        ares_query(channel, answer.name.c_str(), class_in, static_cast<int>(answer.type), &impl::on_reply, p);
    }

    // Waits for socket activity or the next c-ares timeout, then lets c-ares proceed.
    void step() {
        timeval tv{};
        timeval *next = ares_timeout(channel, nullptr, &tv);
        int wait_ms = 1000;
        if (next) wait_ms = static_cast<int>(next->tv_sec * 1000 + (next->tv_usec + 999) / 1000);
        std::vector<pollfd> fds;
        fds.reserve(sockets.size());
        for (auto [fd, events] : sockets) fds.push_back({fd, events, 0});
        const int ready = poll(fds.data(), fds.size(), wait_ms);
        if (ready < 0) {
            if (errno == EINTR) return;
            throw std::system_error(errno, std::generic_category(), "poll on DNS sockets");
        }
        if (ready == 0) {
            ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts only
            return;
        }
        for (const pollfd &f : fds) {
            if (f.revents == 0) continue;
            const bool readable = (f.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
            const bool writable = (f.revents & POLLOUT) != 0;
            ares_process_fd(channel, readable ? f.fd : ARES_SOCKET_BAD, writable ? f.fd : ARES_SOCKET_BAD);
        }
    }

    std::vector<query_answer> run(std::span<const question> questions) {
        std::vector<query_answer> answers(questions.size());
        for (std::size_t i = 0; i < questions.size(); ++i) {
            answers[i].name = without_trailing_dot(questions[i].name);
            answers[i].type = questions[i].type;
        }
        std::size_t next = 0;
        try {
            for (;;) {
                while (next < answers.size() && in_flight < options.max_in_flight) submit(answers[next++]);
                if (in_flight == 0 && next == answers.size()) break;
                step();
            }
        } catch (...) {
            // Every outstanding callback runs now, while the answers still exist.
            ares_cancel(channel);
            throw;
        }
        return answers;
    }
};

resolver::resolver(resolver_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
resolver::~resolver() = default;
resolver::resolver(resolver &&) noexcept = default;
resolver &resolver::operator=(resolver &&) noexcept = default;

query_answer resolver::query(std::string_view name, rr_type type) {
    question q{std::string(name), type};
    return std::move(impl_->run(std::span<const question>(&q, 1)).front());
}

std::vector<query_answer> resolver::query_all(std::span<const question> questions) {
    return impl_->run(questions);
}

const resolver_options &resolver::options() const { return impl_->options; }

}  // namespace mailint::dns
