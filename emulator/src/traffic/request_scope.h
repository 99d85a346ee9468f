#pragma once
// Which budget a request spends: the service it addresses and the tenant (or on-premises
// organization) it acts for. Throttling, Retry-After bookkeeping and statistics are kept per
// scope, written "<service>/<tenant>" (PROTOCOL.md, "Traffic shaping").
#include "http_types.h"

#include <optional>
#include <string>
#include <string_view>

namespace emulator::traffic {

enum class service { exchange_online, graph, dataverse, exchange_onprem, entra };

// "exchangeOnline", "graph", "dataverse", "exchangeOnPrem", "entra": the names the control
// document and the statistics use.
std::string_view service_name(service s);
std::optional<service> service_from_name(std::string_view name);

// Reads change nothing in the service; the latency profile may treat the two kinds differently.
enum class request_kind { read, write };

struct request_scope {
    traffic::service service;
    std::string tenant;
    request_kind kind = request_kind::read;
    std::string cmdlet;  // InvokeCommand: the CmdletName as sent, for the request log of a faulted call
    std::string app_id;  // Graph/Dataverse: the token's appid (Graph's x-ms-throttle-scope names it)

    std::string key() const { return std::string(service_name(service)) + "/" + tenant; }
};

// The scope of a service request; nothing for the control endpoints and for paths no service
// answers (those pass the traffic layer untouched).
std::optional<request_scope> scope_of(const http_request_data& request);

} // namespace emulator::traffic
