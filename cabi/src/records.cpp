// mailint_records_*: the DNS records a scenario needs (seeds M3, X2, T2, T11), rendered as JSON,
// a zone fragment, CSV or the wizard's text file, and compared with the live DNS. The connected
// forms read what the tenant says about the domain first (Graph, Exchange Online); nothing is
// ever written.
#include <memory>
#include <optional>

#include "blueprint/scenario.h"
#include "connection.h"
#include "dns/csv_render.h"
#include "dns/record_verifier.h"
#include "dns/records_request.h"
#include "dns/scenario_records.h"
#include "dns/tenant_dns_facts.h"
#include "dns/text_render.h"
#include "dns/zone_render.h"
#include "error_state.h"
#include "exchange_online/exo_client.h"
#include "graph/graph_client.h"
#include "session.h"

using namespace mailint;
using nlohmann::json;

namespace {

[[noreturn]] void invalid(const diagnostics &found) {
    const auto *first = found.first_error();
    throw error(errc::invalid_argument, first ? first->id : "validation.failed",
                first ? first->message : "Invalid input.", {{"schemaVersion", 1}, {"diagnostics", found.to_json()}});
}

dns::records_request parse(const char *request_json, size_t len, bool for_test) {
    auto request = cabi::parse_document(request_json, len);
    request_parameters(request);  // schemaVersion and the parameters object
    dns::records_request parsed;
    auto found = dns::parse_records_request(request, for_test, parsed);
    if (found.has_errors()) invalid(found);
    return parsed;
}

// Every domain's records from the documents' tables: this checks every domain before anything is
// read or sent, so bad input never costs a request.
std::vector<dns::scenario_records> offline_records(const dns::records_request &request, diagnostics &found) {
    std::vector<dns::scenario_records> all;
    all.reserve(request.domains.size());
    for (const auto &domain : request.domains)
        if (auto r = dns::records_for(request, domain, nullptr, found)) all.push_back(std::move(*r));
    if (found.has_errors()) invalid(found);
    return all;
}

// The same, replaced by what the connected tenant says for each domain.
void connect_records(mailint_connection &c, const dns::records_request &request,
                     std::vector<dns::scenario_records> &all, diagnostics &found) {
    if (request.scenario == dns::dns_scenario::exchange_onprem) return;
    cabi::calling_thread_scope scope(c);
    try {
        const auto &s = c.cloud->settings();
        graph::graph_client graph(c.cloud->graph(), s.environment.graph_base);
        std::optional<exchange_online::exo_client> exchange;
        if (request.scenario == dns::dns_scenario::teams_essentials)
            exchange.emplace(c.cloud->exchange(), exchange_online::exo_endpoint{s.environment.exchange_base, s.app.tenant, {}});
        for (auto &r : all) {
            auto facts = dns::read_tenant_dns_facts(graph, exchange ? &*exchange : nullptr, request.scenario, r.zone);
            diagnostics again;
            if (auto with_tenant = dns::records_for(request, r.zone, &facts, again)) r = std::move(*with_tenant);
            found.append(again);
        }
    } catch (const error &e) {
        cabi::rethrow_redacted(c, e);
    }
    if (found.has_errors()) invalid(found);
}

std::string render(const dns::scenario_records &r, const diagnostics &found, int format) {
    std::vector<std::string> notes = r.notes;
    if (r.spf_include)
        notes.push_back("SPF: add " + r.spf_include->mechanism() + " to the existing SPF record of " +
                        r.spf_include->fqdn + " (Test-MailDnsRecord shows the merged record); publish no second one.");
    switch (format) {
    case MAILINT_RECORDS_JSON: {
        auto doc = r.to_json();
        doc["schemaVersion"] = 1;
        doc["diagnostics"] = found.to_json();
        return doc.dump();
    }
    case MAILINT_RECORDS_ZONE:
        return dns::render_zone_fragment(r.zone, r.records, {r.title, 3600, notes});
    case MAILINT_RECORDS_CSV: return dns::render_csv(r.records);
    case MAILINT_RECORDS_TEXT: return dns::render_text(r.zone, r.records, {{}, notes});
    default: throw error(errc::invalid_argument, "render.format.unknown", "Unknown records format.");
    }
}

std::string verify(const dns::records_request &request, const std::vector<dns::scenario_records> &all,
                   const diagnostics &found) {
    dns::resolver live(request.resolvers);
    std::vector<dns::domain_check> checks;
    checks.reserve(all.size());
    const bool migrating = request.migrating || request.m365.migration.has_value();
    for (const auto &r : all) checks.push_back({r.zone, r.required(), {migrating}});
    auto results = dns::verify_domains(checks, live);
    json doc = {{"schemaVersion", 1}, {"domains", json::array()}, {"diagnostics", found.to_json()}};
    for (std::size_t i = 0; i < results.size(); ++i) {
        auto d = results[i].to_json();
        d["scenario"] = dns::to_string(all[i].scenario);
        d["source"] = all[i].source;
        d["notes"] = all[i].notes;
        doc["domains"].push_back(std::move(d));
    }
    return doc.dump();
}

}  // namespace

extern "C" {

MAILINT_EXTERN(int) mailint_records_render(mailint_session *session, const char *request_json, size_t len,
                                           int format, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_records_render: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = parse(request_json, len, false);
        diagnostics found;
        auto all = offline_records(request, found);
        cabi::fill_buf(out, render(all.front(), found, format));
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_records_render_connected(mailint_connection *connection, const char *request_json,
                                                     size_t len, int format, mailint_buf *out) {
    return cabi::guard([&] {
        if (!connection || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_records_render_connected: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = parse(request_json, len, false);
        diagnostics found;
        auto all = offline_records(request, found);
        connect_records(*connection, request, all, found);
        cabi::fill_buf(out, render(all.front(), found, format));
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_records_verify(mailint_session *session, const char *request_json, size_t len,
                                           mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_records_verify: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = parse(request_json, len, true);
        diagnostics found;
        auto all = offline_records(request, found);
        cabi::fill_buf(out, verify(request, all, found));
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_records_verify_connected(mailint_connection *connection, const char *request_json,
                                                     size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!connection || !out)
            throw error(errc::misuse, "abi.null_argument", "mailint_records_verify_connected: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = parse(request_json, len, true);
        diagnostics found;
        auto all = offline_records(request, found);
        connect_records(*connection, request, all, found);
        cabi::fill_buf(out, verify(request, all, found));
        return MAILINT_OK;
    });
}

}  // extern "C"
