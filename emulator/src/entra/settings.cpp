#include "entra/settings.h"

#include <stdexcept>

namespace emulator::entra {

json settings::to_json() const
{
    return json{{"accessTokenLifetimeSeconds", access_token_lifetime},
                {"deviceCodeExpiresInSeconds", device_code_expires_in},
                {"deviceCodeIntervalSeconds", device_code_interval},
                {"slowDownIncrementSeconds", slow_down_increment},
                {"clockSkewSeconds", clock_skew},
                {"refreshTokenLifetimeSeconds", refresh_token_lifetime}};
}

void settings::apply(const json& changes)
{
    if (!changes.is_object())
        throw std::invalid_argument("the body must be a JSON object");
    settings next = *this;
    for (const auto& [name, value] : changes.items()) {
        if (!value.is_number() || value.get<double>() < 0)
            throw std::invalid_argument(name + " must be a non-negative number");
        const double number = value.get<double>();
        if (name == "accessTokenLifetimeSeconds" && number >= 1)
            next.access_token_lifetime = number;
        else if (name == "deviceCodeExpiresInSeconds")
            next.device_code_expires_in = number;
        else if (name == "deviceCodeIntervalSeconds")
            next.device_code_interval = number;
        else if (name == "slowDownIncrementSeconds")
            next.slow_down_increment = number;
        else if (name == "clockSkewSeconds")
            next.clock_skew = number;
        else if (name == "refreshTokenLifetimeSeconds")
            next.refresh_token_lifetime = number;
        else
            throw std::invalid_argument("unknown or out-of-range setting: " + name);
    }
    *this = next;
}

} // namespace emulator::entra
