#pragma once
// Objects keep their properties in the order Exchange prints them, so every document the
// emulator holds or returns is an ordered_json.
#include <nlohmann/json.hpp>

namespace emulator {

using json = nlohmann::ordered_json;

// Dumps without throwing on invalid UTF-8: a request body is user input, and one bad byte in a
// logged value must not turn into a 500.
inline std::string dump_json(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace emulator
