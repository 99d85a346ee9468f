#include "util/utc_time.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace emulator {

double now_epoch_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso_utc(double epoch_seconds)
{
    const auto seconds = static_cast<std::time_t>(std::floor(epoch_seconds));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::optional<double> parse_iso_utc(std::string_view text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int consumed = 0;
    const std::string copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second,
                    &consumed) != 6 || consumed != 19)
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::string_view rest = text.substr(19);
    double fraction = 0;
    if (!rest.empty() && rest[0] == '.') {
        std::size_t digits = 1;
        double scale = 0.1;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
            fraction += (rest[digits] - '0') * scale;
            scale /= 10;
            ++digits;
        }
        if (digits == 1)
            return std::nullopt;
        rest.remove_prefix(digits);
    }
    int offset = 0;
    if (rest == "Z" || rest.empty()) {
        offset = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int oh = 0, om = 0;
        if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2)
            return std::nullopt;
        offset = (rest[0] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<double>(timegm(&tm)) + fraction - offset;
}

} // namespace emulator
