#include "exchange_online/settings.h"

#include <stdexcept>

namespace emulator::exchange_online {

json settings::to_json() const
{
    return json{{"replicationDelaySeconds", replication_delay}, {"nextLinkLifetimeSeconds", next_link_lifetime}};
}

void settings::apply(const json& changes)
{
    if (!changes.is_object())
        throw std::invalid_argument("the body must be a JSON object");
    settings next = *this;
    for (const auto& [name, value] : changes.items()) {
        if (!value.is_number() || value.get<double>() < 0)
            throw std::invalid_argument(name + " must be a non-negative number");
        if (name == "replicationDelaySeconds")
            next.replication_delay = value.get<double>();
        else if (name == "nextLinkLifetimeSeconds")
            next.next_link_lifetime = value.get<double>();
        else
            throw std::invalid_argument("unknown setting: " + name);
    }
    *this = next;
}

} // namespace emulator::exchange_online
