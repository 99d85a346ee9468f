#include "http/retry_after.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace mailint::http {

namespace {

using namespace std::chrono;

// A longer wait is a broken or hostile header, not throttling.
constexpr double max_seconds = 366.0 * 24 * 3600;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<milliseconds> parse_seconds(std::string_view s) {
    if (s.empty()) return std::nullopt;
    // Only digits and one dot: from_chars alone would also take "1e3", "inf" and "-1".
    bool dot = false;
    for (char c : s) {
        if (c == '.') {
            if (dot) return std::nullopt;
            dot = true;
        } else if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    if (s == ".") return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value) || value > max_seconds)
        return std::nullopt;
    return milliseconds(static_cast<long long>(std::llround(value * 1000.0)));
}

// A small cursor over the date text: the three HTTP-date forms share their pieces.
class cursor {
public:
    explicit cursor(std::string_view s) : s_(s) {}
    bool done() const { return s_.empty(); }
    bool literal(std::string_view l) {
        if (!s_.starts_with(l)) return false;
        s_.remove_prefix(l.size());
        return true;
    }
    bool spaces() {  // one or more
        if (s_.empty() || s_.front() != ' ') return false;
        while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
        return true;
    }
    bool number(int digits_min, int digits_max, int &out) {
        int n = 0, v = 0;
        while (n < digits_max && !s_.empty() && s_.front() >= '0' && s_.front() <= '9') {
            v = v * 10 + (s_.front() - '0');
            s_.remove_prefix(1);
            ++n;
        }
        out = v;
        return n >= digits_min;
    }
    bool word(std::string &out) {
        out.clear();
        while (!s_.empty() && std::isalpha(static_cast<unsigned char>(s_.front()))) {
            out += s_.front();
            s_.remove_prefix(1);
        }
        return !out.empty();
    }

private:
    std::string_view s_;
};

std::optional<int> month_index(std::string_view m) {
    static constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int i = 0; i < 12; ++i)
        if (names[i] == m) return i + 1;
    return std::nullopt;
}

bool time_of_day(cursor &c, int &h, int &mi, int &se) {
    return c.number(2, 2, h) && c.literal(":") && c.number(2, 2, mi) && c.literal(":") && c.number(2, 2, se) &&
           h < 24 && mi < 60 && se <= 60;
}

std::optional<system_clock::time_point> make_time(int y, int mo, int d, int h, int mi, int se) {
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd) + hours(h) + minutes(mi) + seconds(std::min(se, 59));
}

std::optional<system_clock::time_point> parse_http_date(std::string_view s) {
    cursor c(s);
    std::string weekday, mon;
    int d = 0, y = 0, h = 0, mi = 0, se = 0;
    if (!c.word(weekday)) return std::nullopt;
    if (c.literal(",")) {
        if (!c.spaces()) return std::nullopt;
        if (weekday.size() == 3) {
            // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            if (!c.number(2, 2, d) || !c.spaces() || !c.word(mon) || !c.spaces() || !c.number(4, 4, y) ||
                !c.spaces() || !time_of_day(c, h, mi, se) || !c.spaces() || !c.literal("GMT") || !c.done())
                return std::nullopt;
        } else {
            // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT; two-digit years within 50 years ahead
            // (RFC 9110 §5.6.7), simplified to 1970-2069.
            if (!c.number(2, 2, d) || !c.literal("-") || !c.word(mon) || !c.literal("-") || !c.number(2, 2, y) ||
                !c.spaces() || !time_of_day(c, h, mi, se) || !c.spaces() || !c.literal("GMT") || !c.done())
                return std::nullopt;
            y += y < 70 ? 2000 : 1900;
        }
    } else {
        // asctime: Sun Nov  6 08:49:37 1994
        if (!c.spaces() || !c.word(mon) || !c.spaces() || !c.number(1, 2, d) || !c.spaces() ||
            !time_of_day(c, h, mi, se) || !c.spaces() || !c.number(4, 4, y) || !c.done())
            return std::nullopt;
    }
    auto m = month_index(mon);
    if (!m) return std::nullopt;
    return make_time(y, *m, d, h, mi, se);
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    if (value.front() >= '0' && value.front() <= '9') return parse_seconds(value);
    if (value.front() == '.') return parse_seconds(value);
    auto at = parse_http_date(value);
    if (!at) return std::nullopt;
    if (*at <= now) return milliseconds(0);
    auto wait = duration_cast<milliseconds>(*at - now);
    if (wait > duration_cast<milliseconds>(duration<double>(max_seconds))) return std::nullopt;
    return wait;
}

}  // namespace mailint::http
