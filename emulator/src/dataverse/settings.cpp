#include "dataverse/settings.h"

#include "util/text.h"

#include <stdexcept>

namespace emulator::dataverse {

json settings::to_json() const
{
    return json{{"testEnableDelaySeconds", test_enable_delay}, {"testEnableFailures", test_enable_failures}};
}

void settings::apply(const json& changes)
{
    if (!changes.is_object())
        throw std::invalid_argument("the body must be a JSON object");
    settings next = *this;
    for (const auto& [name, value] : changes.items()) {
        if (name == "testEnableFailures") {
            if (!value.is_object())
                throw std::invalid_argument("testEnableFailures must be an object of address: message");
            json failures = json::object();
            for (const auto& [address, message] : value.items()) {
                if (!message.is_string())
                    throw std::invalid_argument("testEnableFailures['" + address + "'] must be a string");
                failures[to_lower(address)] = message;
            }
            next.test_enable_failures = std::move(failures);
            continue;
        }
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
