#pragma once
// Seed X7: the router's port forwards for an Essentials network with Exchange on a second server —
// 25 to Exchange, 80 and 443 to the Essentials server, and POP3/IMAP to Exchange when they are
// offered — and a TCP check of each forwarded port from where it runs (outside the network, it
// proves the router; inside, the servers).
#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace mailint::netcheck {

struct port_forward {
    int router_port = 0;
    std::string protocol;     // "SMTP", "HTTP", "HTTPS", "POP3S", "IMAPS", "POP3", "IMAP"
    std::string destination;  // the server's internal address
    int destination_port = 0;
    std::string server;       // "Exchange" or "Essentials"
    std::string note;
};

struct table_request {
    std::string exchange_address;    // ExchangeServerIpAddress
    std::string essentials_address;  // EssentialsServerIpAddress
    bool pop3 = false, imap = false;
    bool unencrypted = false;        // 110/143 too (STARTTLS or clear)
};

// ExchangeServerIpAddress, EssentialsServerIpAddress (IPv4, different), IncludePop3, IncludeImap,
// IncludeUnencrypted. Ids: validation.ipv4.malformed, port_forward.same_server, port_forward.parameter.unknown.
diagnostics parse_table_request(const nlohmann::json &parameters, table_request &out);
std::vector<port_forward> port_forward_table(const table_request &r);
nlohmann::json to_json(const port_forward &f);

struct port_check {
    int port = 0;
    std::string protocol;
    std::string status;  // Open | Closed | TimedOut | Unreachable | NameNotResolved
    std::string reason;  // what the system said
    long long elapsed_ms = 0;
};

// Connects to every port at once (each with `timeout`), never sending a byte.
std::vector<port_check> check_ports(const std::string &host, const std::vector<std::pair<int, std::string>> &ports,
                                    std::chrono::milliseconds timeout);

}  // namespace mailint::netcheck
