// mailint_plan_*: build, render and apply plans; validate requests.
#include <memory>
#include <set>

#include "blueprint/scenario.h"
#include "error_state.h"
#include "exec/executor.h"
#include "plan/plan.h"
#include "session.h"

struct mailint_plan {
    mailint_session *session = nullptr;  // borrowed: the session outlives its plans
    mailint::plan value;
};

using namespace mailint;

extern "C" {

MAILINT_EXTERN(int) mailint_request_validate(mailint_session *session, const char *request_json, size_t len,
                                             mailint_buf *out) {
    return cabi::guard([&] {
        if (!session || !out) throw error(errc::misuse, "abi.null_argument", "mailint_request_validate: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        auto request = cabi::parse_document(request_json, len);
        auto found = validate_request(request, session->secrets);
        nlohmann::json doc = {{"schemaVersion", 1}, {"diagnostics", found.to_json()}};
        cabi::fill_buf(out, doc.dump());
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_plan_build(mailint_plan **out, mailint_session *session, const char *request_json,
                                       size_t len) {
    return cabi::guard([&] {
        if (!out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_build: out is NULL.");
        *out = nullptr;
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_plan_build: session is NULL.");
        auto request = cabi::parse_document(request_json, len);
        // Validation first: bad input is reported before a single read is sent.
        auto input = prepare_request(request, session->secrets);
        callback_host_session host(session->invoker());
        auto plan = std::make_unique<mailint_plan>();
        plan->session = session;
        plan->value = build_plan(input, host, session->progress());
        *out = plan.release();
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(void) mailint_plan_free(mailint_plan *plan) { delete plan; }

MAILINT_EXTERN(int) mailint_plan_render(const mailint_plan *plan, int format, mailint_buf *out) {
    return cabi::guard([&] {
        if (!plan || !out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_render: a required argument is NULL.");
        *out = MAILINT_BUF_INIT;
        switch (format) {
        case MAILINT_RENDER_JSON: cabi::fill_buf(out, plan->value.to_json().dump()); break;
        case MAILINT_RENDER_TEXT: cabi::fill_buf(out, plan->value.to_text()); break;
        default: throw error(errc::invalid_argument, "render.format.unknown", "Unknown plan render format.");
        }
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_plan_apply(mailint_plan *plan, const char *options_json, size_t len,
                                       mailint_buf *result_out) {
    return cabi::guard([&] {
        if (!plan || !result_out) throw error(errc::misuse, "abi.null_argument", "mailint_plan_apply: a required argument is NULL.");
        *result_out = MAILINT_BUF_INIT;
        apply_options options;
        options.journal_directory = plan->session->journal_directory;
        if (options_json) {
            auto doc = cabi::parse_document(options_json, len);
            if (auto v = doc.find("schemaVersion"); v != doc.end() && *v != 1)
                throw error(errc::version, "apply.schema_version", "The apply options' schemaVersion is not 1.");
            if (auto a = doc.find("approvedSteps"); a != doc.end() && a->is_array()) {
                std::set<std::string> approved;
                for (const auto &id : *a) {
                    auto s = id.get<std::string>();
                    if (!plan->value.find(s))
                        throw error(errc::invalid_argument, "apply.step.unknown", "The plan has no step '" + s + "'.");
                    approved.insert(s);
                }
                options.approved = std::move(approved);
            }
        }
        callback_host_session host(plan->session->invoker());
        auto outcome = apply_plan(plan->value, options, host, plan->session->secrets, plan->session->progress());
        cabi::fill_buf(result_out, outcome.to_json().dump());
        return MAILINT_OK;
    });
}

}  // extern "C"
