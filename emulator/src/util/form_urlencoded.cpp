#include "util/form_urlencoded.h"

#include "util/query_string.h"

namespace emulator {

// A form body has the query string's syntax ('&'-separated pairs, '+' a space, %XX escapes); only
// the rule against repeated names is the token endpoint's own.
std::optional<std::map<std::string, std::string>> parse_form_urlencoded(std::string_view body)
{
    auto pairs = parse_query(body);
    if (!pairs)
        return std::nullopt;
    std::map<std::string, std::string> fields;
    for (auto& [name, value] : *pairs)
        if (!fields.emplace(std::move(name), std::move(value)).second)
            return std::nullopt;
    return fields;
}

} // namespace emulator
