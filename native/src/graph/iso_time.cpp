#include "graph/iso_time.h"

#include <charconv>
#include <cstdio>

namespace mailint::graph {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int &out) {
    if (at + count > text.size()) return false;
    auto first = text.data() + at;
    for (std::size_t i = 0; i < count; ++i)
        if (first[i] < '0' || first[i] > '9') return false;
    return std::from_chars(first, first + count, out).ec == std::errc();
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso_time(std::string_view text) {
    using namespace std::chrono;
    int y, mo, d, h, mi, s;
    if (!digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, mo) || text[7] != '-' ||
        !digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, h) ||
        text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;

    std::size_t at = 19;
    nanoseconds fraction{0};
    if (at < text.size() && text[at] == '.') {
        ++at;
        long long scale = 100'000'000;
        const std::size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            fraction += nanoseconds((text[at] - '0') * scale);
            scale /= 10;
            ++at;
        }
        if (at == start) return std::nullopt;
    }
    minutes offset{0};
    if (at < text.size()) {
        if (text[at] == 'Z' || text[at] == 'z') {
            ++at;
        } else if (text[at] == '+' || text[at] == '-') {
            int oh, om;
            if (!digits(text, at + 1, 2, oh) || text.size() < at + 6 || text[at + 3] != ':' || !digits(text, at + 4, 2, om))
                return std::nullopt;
            offset = hours(oh) + minutes(om);
            if (text[at] == '-') offset = -offset;
            at += 6;
        }
    }
    if (at != text.size()) return std::nullopt;
    const auto t = sys_days(date) + hours(h) + minutes(mi) + seconds(s) + fraction - offset;
    return time_point_cast<system_clock::duration>(t);
}

std::string format_iso_time(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto secs = floor<seconds>(t);
    const auto day_start = floor<days>(secs);
    const year_month_day date{day_start};
    const hh_mm_ss clock{secs - day_start};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buffer;
}

}  // namespace mailint::graph
