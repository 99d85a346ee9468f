#include "graph/service.h"

#include "graph/execute.h"
#include "traffic/batch_gate.h"

namespace emulator::graph {

service::service(store& s, const entra::signing_key& key) : store_(s), key_(key)
{
    before_item_ = [](const http_request_data& item) -> std::optional<item_refusal> {
        auto refusal = traffic::admit_graph_batch_item(item, item.method);
        if (!refusal)
            return std::nullopt;
        return item_refusal{std::move(refusal->answer), std::move(refusal->fault)};
    };
}

bool service::handles(const http_request_data& request)
{
    return !request.segments.empty() && request.segments[0] == "v1.0";
}

http_response_data service::handle(const http_request_data& request)
{
    if (request.segments.size() == 2 && request.segments[1] == "$batch") {
        item_hook hook;
        {
            std::lock_guard lock(hook_mutex_);
            hook = before_item_;
        }
        return run_batch(store_, key_, request, hook);
    }
    return execute(store_, key_, request, {base_url_of(request), std::nullopt});
}

void service::set_before_item(item_hook hook)
{
    std::lock_guard lock(hook_mutex_);
    before_item_ = std::move(hook);
}

} // namespace emulator::graph
