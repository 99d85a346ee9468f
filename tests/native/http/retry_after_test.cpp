#include <catch2/catch.hpp>

#include "http/retry_after.h"

using namespace mailint::http;
using namespace std::chrono;

namespace {
// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example instant.
const system_clock::time_point rfc_instant = sys_days(year{1994} / November / 6) + hours(8) + minutes(49) + seconds(37);
}  // namespace

TEST_CASE("Retry-After in seconds, decimal as Exchange Online sends it", "[http][retry_after]") {
    CHECK(parse_retry_after("1.5") == milliseconds(1500));
    CHECK(parse_retry_after("0.25") == milliseconds(250));
    CHECK(parse_retry_after("120") == milliseconds(120000));
    CHECK(parse_retry_after("0") == milliseconds(0));
    CHECK(parse_retry_after(" 2 ") == milliseconds(2000));
    CHECK(parse_retry_after("2.") == milliseconds(2000));
    CHECK(parse_retry_after(".5") == milliseconds(500));
    CHECK(parse_retry_after("0.0004") == milliseconds(0));
}

TEST_CASE("garbled Retry-After values are rejected, not waited on", "[http][retry_after]") {
    for (const char *bad : {"", " ", "-1", "1e3", "inf", "nan", "soon", "1.2.3", ".", "1,5", "99999999999",
                            "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT"})
        CHECK_FALSE(parse_retry_after(bad).has_value());
}

TEST_CASE("Retry-After as an HTTP-date in its three forms", "[http][retry_after]") {
    const auto now = rfc_instant - seconds(30);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == milliseconds(30000));
    CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == milliseconds(30000));
    CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994", now) == milliseconds(30000));
    // A date already past means "now".
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_instant + hours(1)) == milliseconds(0));
    // Fractions of the current second count.
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", rfc_instant - milliseconds(1500)) == milliseconds(1500));
}
