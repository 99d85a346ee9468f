// mailint_port_forward_table / mailint_port_forward_test: Get-/Test-ExchangePortForward (seed X7).
// Local work only (the table, TCP connects from this machine); no service is read.
#include "error_state.h"
#include "netcheck/port_forward.h"
#include "session.h"
#include "tenant_records.h"

using namespace mailint;
using nlohmann::json;

namespace {

const json &parameters_of(const json &request) {
    if (!request.is_object() || request.value("schemaVersion", 0) != 1)
        throw error(errc::version, "request.schema_version", "The request's schemaVersion is not 1.");
    static const json empty = json::object();
    auto p = request.find("parameters");
    return p != request.end() && p->is_object() ? *p : empty;
}

}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_port_forward_table(mailint_session *session, const char *request_json, size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_port_forward_table: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        const auto request = cabi::parse_document(request_json, len);
        netcheck::table_request r;
        const auto found = netcheck::parse_table_request(parameters_of(request), r);
        if (found.has_errors()) cabi::throw_invalid(found);
        json forwards = json::array();
        for (const auto &f : netcheck::port_forward_table(r)) forwards.push_back(netcheck::to_json(f));
        cabi::fill_buf(out, json{{"schemaVersion", 1}, {"forwards", forwards}}.dump());
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_port_forward_test(mailint_session *session, const char *request_json, size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_port_forward_test: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        const auto request = cabi::parse_document(request_json, len);
        const auto &p = parameters_of(request);
        diagnostics found;
        const std::string host = p.value("PublicAddress", "");
        if (host.empty() || host.size() > 253 || host.find_first_of(" /\\\t\r\n") != std::string::npos)
            found.error("port_forward.address.malformed", "PublicAddress",
                        "PublicAddress must be the router's public address or the mail host name, e.g. mail.contoso.com.");
        int timeout = p.value("TimeoutMilliseconds", 5000);
        if (timeout < 100 || timeout > 60000) found.error("port_forward.timeout.out_of_range", "TimeoutSeconds", "The timeout must be 0.1 to 60 seconds.");
        std::vector<std::pair<int, std::string>> ports;
        if (auto given = p.find("Ports"); given != p.end() && given->is_array()) {
            for (const auto &port : *given)
                if (!port.is_number_integer() || port.get<int>() < 1 || port.get<int>() > 65535)
                    found.error("port_forward.port.out_of_range", "Port", "A port is a number from 1 to 65535.");
                else
                    ports.emplace_back(port.get<int>(), "TCP");
        } else {
            netcheck::table_request t;
            t.pop3 = p.value("IncludePop3", false);
            t.imap = p.value("IncludeImap", false);
            t.unencrypted = p.value("IncludeUnencrypted", false);
            for (const auto &f : netcheck::port_forward_table(t)) ports.emplace_back(f.router_port, f.protocol);
        }
        if (found.has_errors()) cabi::throw_invalid(found);
        json checks = json::array();
        for (const auto &c : netcheck::check_ports(host, ports, std::chrono::milliseconds(timeout)))
            checks.push_back({{"port", c.port}, {"protocol", c.protocol}, {"target", host}, {"status", c.status}, {"reason", c.reason},
                              {"elapsedMs", c.elapsed_ms}});
        cabi::fill_buf(out, json{{"schemaVersion", 1}, {"checks", checks}}.dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
