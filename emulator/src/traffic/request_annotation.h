#pragma once
// The traffic scope of the request the calling thread is serving, for the request log: the
// personalities record their requests without knowing about scopes, and the store adds it from
// here. The handler runs a request on one thread from start to end (http_server.cpp), so a
// thread-local is exact.
#include <optional>
#include <string>

namespace emulator::traffic {

// "<service>/<tenant>", or nothing outside a scoped request.
std::optional<std::string> current_scope();

// Sets the calling thread's scope until destroyed.
class scope_annotation {
public:
    explicit scope_annotation(std::string scope);
    ~scope_annotation();
    scope_annotation(const scope_annotation&) = delete;
    scope_annotation& operator=(const scope_annotation&) = delete;

private:
    std::optional<std::string> previous_;
};

// The fault that replaces the reply of the request the calling thread serves, after the service
// ran it ("http504Processed", "connectionResetProcessed"): the store marks that request's entry
// with it, so the log shows which writes happened although their client never heard of them.
std::optional<std::string> current_lost_reply();

class lost_reply_annotation {
public:
    explicit lost_reply_annotation(std::string fault);
    ~lost_reply_annotation();
    lost_reply_annotation(const lost_reply_annotation&) = delete;
    lost_reply_annotation& operator=(const lost_reply_annotation&) = delete;

private:
    std::optional<std::string> previous_;
};

} // namespace emulator::traffic
