#pragma once
// ASCII case-insensitive helpers: Exchange cmdlet, parameter, identity and enum names compare
// without regard to case.
#include <string>
#include <string_view>
#include <vector>

namespace emulator {

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
std::string_view trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);

struct iless {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
};

} // namespace emulator
