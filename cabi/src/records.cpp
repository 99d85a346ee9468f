// mailint_records_*: the DNS records a scenario needs (seeds M3, X2, T2, T11), rendered as JSON,
// a zone fragment, CSV or the wizard's text file, and compared with the live DNS. The connected
// forms read what the tenant says about the domain first (Graph, Exchange Online); nothing is
// ever written.
#include <memory>
#include <optional>

#include "blueprint/scenario.h"
#include "dns/csv_render.h"
#include "dns/record_verifier.h"
#include "dns/records_request.h"
#include "dns/scenario_records.h"
#include "dns/text_render.h"
#include "dns/zone_render.h"
#include "error_state.h"
#include "session.h"
#include "tenant_records.h"

using namespace mailint;
using nlohmann::json;

namespace {

dns::records_request parse(const char *request_json, size_t len, bool for_test) {
    auto request = cabi::parse_document(request_json, len);
    request_parameters(request);  // schemaVersion and the parameters object
    dns::records_request parsed;
    auto found = dns::parse_records_request(request, for_test, parsed);
    if (found.has_errors()) cabi::throw_invalid(found);
    return parsed;
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
        auto all = cabi::offline_records(request, found);
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
        auto all = cabi::offline_records(request, found);
        cabi::apply_tenant_records(*connection, request, all, found);
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
        auto all = cabi::offline_records(request, found);
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
        auto all = cabi::offline_records(request, found);
        cabi::apply_tenant_records(*connection, request, all, found);
        cabi::fill_buf(out, verify(request, all, found));
        return MAILINT_OK;
    });
}

}  // extern "C"
