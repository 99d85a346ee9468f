#include "memory_host.h"

#include "core/error.h"

namespace mailint::test {

host_result memory_host::invoke(const host_command &command) {
    calls.push_back(command);
    if (cancel_on_call && static_cast<int>(calls.size()) >= cancel_on_call)
        throw error(errc::cancelled, "operation.cancelled", "cancelled");
    host_result r;
    if (auto f = failures.find(command.name); f != failures.end()) {
        r.failure = f->second;
        return r;
    }
    if (auto l = lists.find(command.name); l != lists.end()) r.objects = l->second;
    return r;
}

size_t memory_host::writes() const {
    size_t n = 0;
    for (const auto &c : calls)
        if (!c.is_read()) ++n;
    return n;
}

}  // namespace mailint::test
