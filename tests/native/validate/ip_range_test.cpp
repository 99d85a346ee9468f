#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostic.h"
#include "core/error.h"
#include "validate/ip_range.h"

using namespace mailint;
using namespace mailint::validate;

namespace {

ipv4_address ip(const char *text) { return *parse_ipv4(text); }

}  // namespace

TEST_CASE("a CIDR block equals the same addresses written first-last", "[validate][ip_range]") {
    auto cidr = parse_ipv4_range("192.168.0.0/24");
    auto dashed = parse_ipv4_range("192.168.0.0-192.168.0.255");
    REQUIRE(cidr);
    REQUIRE(dashed);
    CHECK(*cidr == *dashed);
    CHECK(cidr->to_string() == "192.168.0.0-192.168.0.255");
    CHECK(cidr->prefix_length() == 24);
    CHECK(cidr->size() == 256);
}

TEST_CASE("single addresses, /32 and /0", "[validate][ip_range]") {
    auto single = parse_ipv4_range("10.0.0.5");
    REQUIRE(single);
    CHECK(single->first() == single->last());
    CHECK(single->to_string() == "10.0.0.5-10.0.0.5");
    CHECK(single->prefix_length() == 32);
    CHECK(*single == *parse_ipv4_range("10.0.0.5/32"));
    CHECK(*single == *parse_ipv4_range("10.0.0.5-10.0.0.5"));

    auto all = parse_ipv4_range("0.0.0.0/0");
    REQUIRE(all);
    CHECK(all->to_string() == "0.0.0.0-255.255.255.255");
    CHECK(all->size() == 4294967296ull);
    CHECK(all->prefix_length() == 0);
    CHECK(all->contains(ip("255.255.255.255")));

    CHECK(parse_ipv4_range("10.0.0.0/8")->to_string() == "10.0.0.0-10.255.255.255");
    CHECK(parse_ipv4_range("172.16.0.0/12")->to_string() == "172.16.0.0-172.31.255.255");
    CHECK(parse_ipv4_range("192.168.0.128/25")->to_string() == "192.168.0.128-192.168.0.255");
}

TEST_CASE("ranges that are not a CIDR block have no prefix length", "[validate][ip_range]") {
    CHECK_FALSE(parse_ipv4_range("192.168.0.1-192.168.0.254")->prefix_length());
    CHECK_FALSE(parse_ipv4_range("192.168.0.0-192.168.1.127")->prefix_length());
    CHECK(parse_ipv4_range("192.168.0.0-192.168.1.255")->prefix_length() == 23);
}

TEST_CASE("contains is inclusive at both ends", "[validate][ip_range]") {
    auto r = *parse_ipv4_range("192.168.0.10-192.168.0.20");
    CHECK(r.contains(ip("192.168.0.10")));
    CHECK(r.contains(ip("192.168.0.20")));
    CHECK(r.contains(ip("192.168.0.15")));
    CHECK_FALSE(r.contains(ip("192.168.0.9")));
    CHECK_FALSE(r.contains(ip("192.168.0.21")));
    CHECK(r.contains(*parse_ipv4_range("192.168.0.12-192.168.0.20")));
    CHECK_FALSE(r.contains(*parse_ipv4_range("192.168.0.12-192.168.0.21")));
}

TEST_CASE("malformed ranges are refused with the reason", "[validate][ip_range]") {
    struct row {
        const char *text;
        const char *reason;
    };
    for (const auto &[text, reason] : {
             row{"", "is empty"},
             row{"192.168.0.0-", "last address that is empty"},
             row{"-192.168.0.255", "first address that is empty"},
             row{"192.168.0.0-192.168.0.256", "last address that has a part above 255"},
             row{"192.168.00.0-192.168.0.255", "first address that has a part with a leading zero"},
             row{"1.2.3.4-1.2.3.5-1.2.3.6", "more than one '-'"},
             row{"192.168.0.0 - 192.168.0.255", "white space"},
             row{"192.168.0.0/24-192.168.1.0", "mixes '-' and '/'"},
             row{"192.168.0.0/33", "prefix length '33'"},
             row{"192.168.0.0/", "prefix length ''"},
             row{"192.168.0.0/-1", "mixes '-' and '/'"},
             row{"192.168.0.0/024", "prefix length '024'"},
             row{"192.168.0.0/08", "prefix length '08'"},
             row{"192.168.0.0/255.255.255.0", "prefix length"},
             row{"192.168.0.10/24", "written 192.168.0.0/24"},
             row{"10.1.0.0/8", "written 10.0.0.0/8"},
             row{"fe80::1-fe80::ff", "IPv6 range"},
             row{"fe80::/64", "IPv6 range"},
             row{"2001:db8::1", "IPv6"},
             row{"192.168.0", "has 3 parts"},
         }) {
        CAPTURE(text);
        auto r = parse_ipv4_range(text);
        CHECK_FALSE(r);
        CHECK_THAT(r.problem, Catch::Contains(reason));
    }
}

TEST_CASE("a reversed range is told apart from a malformed one", "[validate][ip_range]") {
    auto bounds = parse_ipv4_range_bounds("192.168.0.255-192.168.0.0");
    REQUIRE(bounds);
    CHECK(bounds->first == ip("192.168.0.255"));
    auto r = parse_ipv4_range("192.168.0.255-192.168.0.0");
    CHECK_FALSE(r);
    CHECK_THAT(r.problem, Catch::Contains("swap them: 192.168.0.0-192.168.0.255"));
    CHECK_THROWS_AS(ipv4_range(ip("10.0.0.2"), ip("10.0.0.1")), mailint::error);
}

TEST_CASE("validate_ip_range reports malformed, reversed and excludes_server", "[validate][ip_range]") {
    auto server = ipv4_address(192, 168, 0, 10);

    SECTION("a good range containing the server") {
        diagnostics d;
        auto r = validate_ip_range("192.168.0.0-192.168.0.255", "InternalIpRange", server, "ServerIpAddress", d);
        REQUIRE(r);
        CHECK(r->to_string() == "192.168.0.0-192.168.0.255");
        CHECK(d.empty());
    }
    SECTION("malformed") {
        diagnostics d;
        CHECK_FALSE(validate_ip_range("192.168.0.0-192.168.0", "InternalIpRange", server, "ServerIpAddress", d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.ip_range.malformed");
        CHECK(d.items()[0].target == "InternalIpRange");
        CHECK_THAT(d.items()[0].message, Catch::StartsWith("InternalIpRange '192.168.0.0-192.168.0' has a last address"));
    }
    SECTION("reversed: say to swap the ends") {
        diagnostics d;
        CHECK_FALSE(validate_ip_range("192.168.0.255-192.168.0.0", "InternalIpRange", server, "ServerIpAddress", d));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].id == "validation.ip_range.reversed");
        CHECK(d.items()[0].message ==
              "InternalIpRange '192.168.0.255-192.168.0.0' starts after it ends; swap them: "
              "192.168.0.0-192.168.0.255");
    }
    SECTION("excludes the server: name the address and the range") {
        diagnostics d;
        auto r = validate_ip_range("192.168.1.0/24", "InternalIpRange", server, "ServerIpAddress", d);
        CHECK(r);  // the range itself is fine
        REQUIRE(d.items().size() == 1);
        const auto &f = d.items()[0];
        CHECK(f.id == "validation.ip_range.excludes_server");
        CHECK(f.level == severity::error);
        CHECK_THAT(f.message, Catch::Contains("'192.168.1.0/24' (192.168.1.0-192.168.1.255) does not contain "
                                              "ServerIpAddress 192.168.0.10"));
    }
    SECTION("server at the edges is inside") {
        diagnostics d;
        validate_ip_range("192.168.0.10-192.168.0.20", "InternalIpRange", server, "ServerIpAddress", d);
        validate_ip_range("192.168.0.0-192.168.0.10", "InternalIpRange", server, "ServerIpAddress", d);
        CHECK(d.empty());
    }
    SECTION("no server, no containment check") {
        diagnostics d;
        CHECK(validate_ip_range("10.0.0.0/8", "InternalIpRange", std::nullopt, "ServerIpAddress", d));
        CHECK(d.empty());
    }
}
