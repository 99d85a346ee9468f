#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostic.h"
#include "validate/ipv4.h"

using namespace mailint;
using namespace mailint::validate;

TEST_CASE("dotted quads parse to host-order values and print back", "[validate][ipv4]") {
    auto a = parse_ipv4("192.168.0.10");
    REQUIRE(a);
    CHECK(a->value() == 0xC0A8000Au);
    CHECK(a->to_string() == "192.168.0.10");
    CHECK(parse_ipv4("0.0.0.0")->value() == 0u);
    CHECK(parse_ipv4("255.255.255.255")->value() == 0xFFFFFFFFu);
    CHECK(parse_ipv4("10.0.0.1")->to_string() == "10.0.0.1");
    CHECK(ipv4_address(1, 2, 3, 4).to_string() == "1.2.3.4");
}

TEST_CASE("ambiguous or invalid IPv4 forms are refused with the reason", "[validate][ipv4]") {
    struct row {
        const char *text;
        const char *reason;
    };
    for (const auto &[text, reason] : {
             row{"", "is empty"},
             row{"1.2.3", "has 3 parts"},
             row{"1", "has 1 part;"},
             row{"1.2.3.4.5", "more than four parts"},
             row{"256.0.0.1", "above 255 ('256')"},
             row{"1.2.3.1000", "above 255 ('1000')"},
             row{"99999999999.1.1.1", "above 255"},
             row{"01.2.3.4", "leading zero ('01')"},
             row{"1.2.3.00", "leading zero ('00')"},
             row{"0x1.2.3.4", "not a decimal number ('0x1')"},
             row{"1.2.3.-4", "not a decimal number ('-4')"},
             row{"+1.2.3.4", "not a decimal number ('+1')"},
             row{"1..2.3", "empty part"},
             row{"1.2.3.4.", "more than four parts"},
             row{".1.2.3", "empty part"},
             row{" 1.2.3.4", "not a decimal number"},
             row{"1.2.3.4 ", "not a decimal number"},
             row{"::1", "IPv6"},
             row{"fe80::1", "IPv6"},
             row{"::ffff:192.168.0.1", "IPv6"},
             row{"a.b.c.d", "not a decimal number"},
         }) {
        CAPTURE(text);
        auto r = parse_ipv4(text);
        CHECK_FALSE(r);
        CHECK_THAT(r.problem, Catch::Contains(reason));
    }
}

TEST_CASE("addresses order numerically, not as text", "[validate][ipv4]") {
    auto nine = *parse_ipv4("10.0.0.9");
    auto ten = *parse_ipv4("10.0.0.10");
    CHECK(nine < ten);
    CHECK(*parse_ipv4("9.255.255.255") < *parse_ipv4("10.0.0.0"));
    CHECK(*parse_ipv4("10.0.0.10") == ten);
}

TEST_CASE("validate_ipv4 reports validation.ipv4.malformed for the parameter", "[validate][ipv4]") {
    diagnostics d;
    CHECK(validate_ipv4("192.168.0.10", "ServerIpAddress", d) == ipv4_address(192, 168, 0, 10));
    CHECK(d.empty());

    CHECK_FALSE(validate_ipv4("2001:db8::10", "ServerIpAddress", d));
    REQUIRE(d.items().size() == 1);
    const auto &f = d.items()[0];
    CHECK(f.id == "validation.ipv4.malformed");
    CHECK(f.target == "ServerIpAddress");
    CHECK(f.level == severity::error);
    CHECK(f.message ==
          "ServerIpAddress '2001:db8::10' is an IPv6 address; an IPv4 address is required, e.g. 192.168.0.10");

    diagnostics e;
    validate_ipv4("", "ServerIpAddress", e);
    REQUIRE(e.items().size() == 1);
    CHECK(e.items()[0].message == "ServerIpAddress is empty; give an IPv4 address such as 192.168.0.10");
}

TEST_CASE("public unicast excludes private, shared, loopback, link-local, documentation and multicast",
          "[validate][ipv4]") {
    for (const char *text : {"8.8.8.8", "20.30.40.50", "172.32.0.1", "100.128.0.1", "192.169.0.1", "223.255.255.254"}) {
        CAPTURE(text);
        CHECK(parse_ipv4(text)->is_public_unicast());
    }
    for (const char *text : {"0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "169.254.1.1", "172.16.0.1",
                             "172.31.255.255", "192.168.0.10", "192.0.2.1", "198.51.100.7", "203.0.113.10",
                             "198.18.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_ipv4(text)->is_public_unicast());
    }
}
