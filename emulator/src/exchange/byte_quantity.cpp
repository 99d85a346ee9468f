#include "exchange/byte_quantity.h"

#include "exchange/cmdlet_error.h"
#include "util/text.h"

#include <cmath>
#include <regex>

namespace emulator::exchange {
namespace {

struct unit_info {
    const char* suffix;
    std::uint64_t size;
};

constexpr unit_info unit_table[] = {{"TB", 1ull << 40}, {"GB", 1ull << 30}, {"MB", 1ull << 20}, {"KB", 1ull << 10}, {"B", 1}};

[[noreturn]] void refuse(std::string_view parameter, std::string_view text)
{
    throw_parameter_binding("Cannot bind parameter '" + std::string(parameter) + "'. Cannot convert value \"" + std::string(text) +
                            "\" to type \"Microsoft.Exchange.Data.Unlimited`1[Microsoft.Exchange.Data.ByteQuantifiedSize]\". "
                            "Error: \"The value '" + std::string(text) + "' isn't a valid size.\"");
}

std::string with_commas(std::uint64_t n)
{
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

} // namespace

std::optional<std::uint64_t> parse_quota(std::string_view parameter, std::string_view text)
{
    const std::string t(trim(text));
    if (iequals(t, "unlimited"))
        return std::nullopt;
    static const std::regex printed(R"(^\s*[0-9.]+\s*[KMGT]?B\s*\(([0-9,]+) bytes\)\s*$)", std::regex::icase);
    static const std::regex typed(R"(^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?B)?$)", std::regex::icase);
    std::smatch m;
    if (std::regex_match(t, m, printed)) {
        std::string digits;
        for (char c : m[1].str())
            if (c != ',')
                digits += c;
        return std::stoull(digits);
    }
    if (!std::regex_match(t, m, typed))
        refuse(parameter, text);
    std::uint64_t factor = 1;
    if (m[2].matched)
        for (const auto& u : unit_table)
            if (iequals(m[2].str(), u.suffix))
                factor = u.size;
    const long double value = std::stold(m[1].str()) * static_cast<long double>(factor);
    if (value > 18e18L)
        refuse(parameter, text);
    return static_cast<std::uint64_t>(std::floor(value + 0.5L));
}

std::string print_quota(const std::optional<std::uint64_t>& bytes)
{
    if (!bytes)
        return "Unlimited";
    const unit_info* unit = &unit_table[4];
    for (const auto& u : unit_table)
        if (*bytes >= u.size) {
            unit = &u;
            break;
        }
    // Three decimals at most, truncated, as Exchange prints them.
    const std::uint64_t thousandths = static_cast<std::uint64_t>((static_cast<long double>(*bytes) / unit->size) * 1000.0L);
    std::string number = std::to_string(thousandths / 1000);
    if (const auto rest = thousandths % 1000) {
        std::string decimals = std::to_string(1000 + rest).substr(1);
        while (!decimals.empty() && decimals.back() == '0')
            decimals.pop_back();
        number += "." + decimals;
    }
    return number + " " + unit->suffix + " (" + with_commas(*bytes) + " bytes)";
}

} // namespace emulator::exchange
