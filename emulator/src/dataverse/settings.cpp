#include "dataverse/settings.h"

#include <stdexcept>

namespace emulator::dataverse {

json settings::to_json() const { return json{{"testEnableDelaySeconds", test_enable_delay}}; }

void settings::apply(const json& changes)
{
    if (!changes.is_object())
        throw std::invalid_argument("the body must be a JSON object");
    settings next = *this;
    for (const auto& [name, value] : changes.items()) {
        if (!value.is_number() || value.get<double>() < 0)
            throw std::invalid_argument(name + " must be a non-negative number");
        if (name == "testEnableDelaySeconds")
            next.test_enable_delay = value.get<double>();
        else
            throw std::invalid_argument("unknown setting: " + name);
    }
    *this = next;
}

} // namespace emulator::dataverse
