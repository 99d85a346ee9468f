#pragma once
// Blocking DNS queries (c-ares) to one given server, for the emulator's domain verification when
// it is pointed at a real DNS server (--dns-server). Each call makes its own c-ares channel, so
// calls from several request threads do not share anything.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace emulator {

struct dns_server {
    std::string host;  // an IPv4 or IPv6 address literal, never a name: it would need DNS itself
    int port = 53;

    // "127.0.0.1:5353", "[::1]:5353": the form c-ares' server list takes.
    std::string text() const;
};

// "127.0.0.1:5353", "127.0.0.1" (port 53), "[::1]:5353", "[::1]", "::1". Throws
// std::invalid_argument with a message for the user.
dns_server parse_dns_server(std::string_view text);

enum class dns_status {
    answered,   // the name has records of the type (they are in the answer)
    no_records, // NXDOMAIN, or the name exists without records of the type
    failed,     // no usable answer: timeout, SERVFAIL, REFUSED, unreachable, malformed
};

struct dns_answer {
    dns_status status = dns_status::failed;
    std::vector<std::string> texts;  // TXT: one entry per record, its character-strings joined
    struct mx_host {
        int preference = 0;
        std::string exchange;  // without the trailing dot
    };
    std::vector<mx_host> exchanges;  // MX
    std::vector<std::string> aliases;  // CNAME: the canonical names, without the trailing dot
    std::string failure;             // for failed: what went wrong, e.g. dns_timeout_text
};

inline constexpr std::string_view dns_timeout_text = "timed out";

struct dns_query_limits {
    // c-ares doubles the wait on each retry: 1 s then 2 s, so a silent server costs about 3 s.
    std::chrono::milliseconds first_timeout{1000};
    int tries = 2;
};

dns_answer query_txt(const dns_server& server, std::string_view name, const dns_query_limits& limits = {});
dns_answer query_mx(const dns_server& server, std::string_view name, const dns_query_limits& limits = {});
// The CNAME record at `name` itself (a CNAME query: the alias is the answer, not followed).
dns_answer query_cname(const dns_server& server, std::string_view name, const dns_query_limits& limits = {});

} // namespace emulator
