#include "session.h"

#include "error_state.h"

namespace {

using namespace mailint;

}  // namespace

mailint::host_invoker mailint_session::invoker() {
    if (!host_cb) return {};
    return [this](const std::string &request) {
        mailint_host_reply reply;
        int rc = host_cb(request.c_str(), request.size(), &reply, host_payload);
        if (rc != 0) throw error(errc::cancelled, "operation.cancelled", "The operation was cancelled.");
        if (!reply.json)
            throw error(errc::internal, "transport.host.no_reply",
                        "The host session returned without answering the command.");
        return *reply.json;
    };
}

mailint::progress_fn mailint_session::progress() {
    if (!progress_cb) return {};
    return [this](const std::string &activity, const std::string &status, int percent) {
        mailint_progress info{1, activity.c_str(), status.c_str(), "", percent};
        return progress_cb(&info, progress_payload) == 0;
    };
}

extern "C" {

MAILINT_EXTERN(int) mailint_session_new(mailint_session **out, const char *config_json, size_t len) {
    return cabi::guard([&] {
        if (!out) throw error(errc::misuse, "abi.null_argument", "mailint_session_new: out is NULL.");
        *out = nullptr;
        auto session = std::make_unique<mailint_session>();
        if (config_json) {
            auto config = cabi::parse_document(config_json, len);
            if (!config.is_object())
                throw error(errc::invalid_argument, "config.malformed", "The session configuration is not a JSON object.");
            if (auto v = config.find("schemaVersion"); v != config.end() && (!v->is_number_integer() || *v != 1))
                throw error(errc::version, "config.schema_version", "The configuration's schemaVersion is not 1.");
            if (auto d = config.find("journalDirectory"); d != config.end() && d->is_string())
                session->journal_directory = d->get<std::string>();
        }
        *out = session.release();
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(void) mailint_session_free(mailint_session *session) { delete session; }

MAILINT_EXTERN(int) mailint_session_set_secret(mailint_session *session, const char *name,
                                               const unsigned char *value, size_t len) {
    return cabi::guard([&] {
        if (!session || !name || (!value && len))
            throw error(errc::misuse, "abi.null_argument", "mailint_session_set_secret: a required argument is NULL.");
        session->secrets.set(name, std::span<const unsigned char>(value, len));
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_session_set_host(mailint_session *session, mailint_host_invoke_cb cb, void *payload) {
    return cabi::guard([&] {
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_session_set_host: session is NULL.");
        session->host_cb = cb;
        session->host_payload = payload;
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_session_set_progress(mailint_session *session, mailint_progress_cb cb, void *payload) {
    return cabi::guard([&] {
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_session_set_progress: session is NULL.");
        session->progress_cb = cb;
        session->progress_payload = payload;
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_session_set_notice(mailint_session *session, mailint_notice_cb cb, void *payload) {
    return cabi::guard([&] {
        if (!session) throw error(errc::misuse, "abi.null_argument", "mailint_session_set_notice: session is NULL.");
        session->notice_cb = cb;
        session->notice_payload = payload;
        return MAILINT_OK;
    });
}

MAILINT_EXTERN(int) mailint_host_reply_set(mailint_host_reply *reply, const char *json, size_t len) {
    return cabi::guard([&] {
        if (!reply || !json) throw error(errc::misuse, "abi.null_argument", "mailint_host_reply_set: a required argument is NULL.");
        if (reply->json)
            throw error(errc::misuse, "abi.reply_twice", "mailint_host_reply_set was called twice for one command.");
        reply->json = len ? std::string(json, len) : std::string(json);
        return MAILINT_OK;
    });
}

}  // extern "C"
