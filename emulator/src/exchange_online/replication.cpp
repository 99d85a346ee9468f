#include "exchange_online/replication.h"

#include "util/text.h"

namespace emulator::exchange_online {

std::string replication::key(std::string_view tenant_id, std::string_view kind, std::string_view name)
{
    return to_lower(tenant_id) + "|" + std::string(kind) + "|" + to_lower(name);
}

void replication::created(std::string_view tenant_id, std::string_view kind, std::string_view name, double delay_seconds)
{
    if (delay_seconds <= 0)
        return;
    const auto delay = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(delay_seconds));
    pending_[key(tenant_id, kind, name)] = clock::now() + delay;
}

bool replication::visible(std::string_view tenant_id, std::string_view kind, std::string_view name) const
{
    const auto it = pending_.find(key(tenant_id, kind, name));
    return it == pending_.end() || clock::now() >= it->second;
}

void replication::forget(std::string_view tenant_id, std::string_view kind, std::string_view name)
{
    pending_.erase(key(tenant_id, kind, name));
}

} // namespace emulator::exchange_online
