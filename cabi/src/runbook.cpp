// mailint_runbook_stages: the ordered stages of Set-ExchangeIntegration -Full (seed X). Nothing is
// read here; each stage is planned afterwards with mailint_plan_build.
#include "blueprint/exchange_runbook.h"
#include "error_state.h"
#include "session.h"
#include "tenant_records.h"

using namespace mailint;
using nlohmann::json;

extern "C" {

MAILINT_EXTERN(int) mailint_runbook_stages(mailint_session *session, const char *request_json, size_t len, mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_runbook_stages: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        const auto request = cabi::parse_document(request_json, len);
        if (!request.is_object() || request.value("schemaVersion", 0) != 1)
            throw error(errc::version, "request.schema_version", "The request's schemaVersion is not 1.");
        exchange_runbook::options opts;
        if (auto it = request.find("stages"); it != request.end() && it->is_array())
            for (const auto &c : *it)
                if (c.is_string()) opts.only.push_back(c.get<std::string>());
        opts.computer_name = request.value("computerName", "");
        json configuration = request.value("configuration", json());
        if (auto path = request.find("configurationPath"); path != request.end() && path->is_string()) {
            diagnostics d;
            auto read = exchange_runbook::read_configuration_file(path->get<std::string>(), d);
            if (!read) cabi::throw_invalid(d);
            configuration = std::move(*read);
        }
        const auto found = exchange_runbook::read_runbook(configuration, opts, session->secrets);
        if (found.findings.has_errors()) cabi::throw_invalid(found.findings);
        cabi::fill_buf(out, exchange_runbook::to_json(found).dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
