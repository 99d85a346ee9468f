#pragma once
// What the traffic layer knows about the request the calling thread is serving, for the request
// log: the personalities record their requests without knowing about the layer, and the store adds
// it from here. The handler runs a request on one thread from start to end (http_server.cpp), so a
// thread-local is exact.
#include <optional>
#include <string>

namespace emulator::traffic {

// "<service>/<tenant>", or nothing outside a scoped request.
std::optional<std::string> current_scope();

// The fault that replaces the reply of the request the calling thread serves, after the service
// ran it ("http504Processed", "connectionResetProcessed"): the store marks that request's entry
// with it, so the log shows which writes happened although their client never heard of them.
std::optional<std::string> current_lost_reply();

// Sets one of the calling thread's annotations until destroyed, then restores the one before.
class thread_annotation {
public:
    ~thread_annotation();
    thread_annotation(const thread_annotation&) = delete;
    thread_annotation& operator=(const thread_annotation&) = delete;

protected:
    thread_annotation(std::optional<std::string>& slot, std::string value);

private:
    std::optional<std::string>& slot_;
    std::optional<std::string> previous_;
};

class scope_annotation : public thread_annotation {
public:
    explicit scope_annotation(std::string scope);
};

class lost_reply_annotation : public thread_annotation {
public:
    explicit lost_reply_annotation(std::string fault);
};

} // namespace emulator::traffic
