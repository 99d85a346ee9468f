#include "error_state.h"

#include <cstdlib>
#include <cstring>

namespace mailint::cabi {

namespace {

struct last_error {
    int code = MAILINT_OK;
    std::string id;
    std::string message;
    std::string detail = "{\"schemaVersion\":1}";
    mailint_error view{};
};

// Thread-local, like libgit2's: .NET reads it on the same thread right after the failing call.
thread_local last_error t_last;

void refresh_view() {
    t_last.view.code = t_last.code;
    t_last.view.id = t_last.id.c_str();
    t_last.view.message = t_last.message.c_str();
    t_last.view.detail_json = t_last.detail.c_str();
}

}  // namespace

void clear_error() {
    t_last.code = MAILINT_OK;
    t_last.id.clear();
    t_last.message.clear();
    t_last.detail = "{\"schemaVersion\":1}";
    refresh_view();
}

int set_error(errc code, const std::string &id, const std::string &message, const nlohmann::json &detail) {
    t_last.code = static_cast<int>(code);
    t_last.id = id;
    // One line: messages become PowerShell error text.
    t_last.message = message;
    for (auto &c : t_last.message)
        if (c == '\n' || c == '\r') c = ' ';
    nlohmann::json d = detail.is_object() ? detail : nlohmann::json::object();
    d["schemaVersion"] = 1;
    t_last.detail = d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    refresh_view();
    return t_last.code;
}

nlohmann::json parse_document(const char *ptr, size_t len) {
    if (!ptr) throw error(errc::misuse, "abi.null_argument", "A required document pointer is NULL.");
    if (len == 0) len = std::strlen(ptr);
    auto doc = nlohmann::json::parse(ptr, ptr + len, nullptr, false);
    if (doc.is_discarded())
        throw error(errc::invalid_argument, "request.json.malformed", "The document is not valid JSON.");
    return doc;
}

void fill_buf(mailint_buf *out, const std::string &text) {
    auto *p = static_cast<char *>(std::malloc(text.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, text.data(), text.size());
    p[text.size()] = '\0';
    out->ptr = p;
    out->size = text.size();
}

}  // namespace mailint::cabi

extern "C" {

MAILINT_EXTERN(const mailint_error *) mailint_error_last(void) {
    using namespace mailint::cabi;
    if (t_last.view.id == nullptr) clear_error();
    return &t_last.view;
}

MAILINT_EXTERN(void) mailint_buf_dispose(mailint_buf *buf) {
    if (!buf) return;
    std::free(buf->ptr);
    buf->ptr = nullptr;
    buf->size = 0;
}

MAILINT_EXTERN(unsigned int) mailint_abi_version(void) { return MAILINT_ABI_VERSION; }

MAILINT_EXTERN(const char *) mailint_version_string(void) { return "0.1.0"; }

}  // extern "C"
