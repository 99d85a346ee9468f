#include "transport/host_read.h"

#include "transport/host_error.h"

namespace mailint {

std::vector<nlohmann::json> read_objects(host_session &host, const host_command &command, plan &p, missing_is missing) {
    auto result = host.invoke(command);
    if (result.failure) {
        auto e = host_error(command, *result.failure);
        if (e.code() != errc::not_found || missing == missing_is::error) throw e;
        result.objects.clear();
    }
    p.reads.push_back({"host-session", command.name, result.objects.size()});
    return std::move(result.objects);
}

}  // namespace mailint
