#include <catch2/catch.hpp>

#include "validate/byte_size.h"

using mailint::validate::byte_size;
using mailint::validate::parse_byte_size;

TEST_CASE("sizes typed and sizes Exchange prints compare equal", "[validate][byte_size]") {
    const auto typed = parse_byte_size("2GB");
    const auto spaced = parse_byte_size("2 GB");
    const auto printed = parse_byte_size("2 GB (2,147,483,648 bytes)");
    const auto bare = parse_byte_size("2147483648");
    REQUIRE(typed);
    REQUIRE(spaced);
    REQUIRE(printed);
    REQUIRE(bare);
    CHECK(*typed == *printed);
    CHECK(*spaced == *printed);
    CHECK(*bare == *printed);
    CHECK(typed->bytes == 2147483648ull);
    CHECK(parse_byte_size("  2gb ")->bytes == 2147483648ull);
    CHECK(parse_byte_size("1.5 GB")->bytes == 1610612736ull);
    CHECK(parse_byte_size("500 MB")->bytes == 524288000ull);
    CHECK(parse_byte_size("1 TB")->bytes == 1099511627776ull);
    CHECK(parse_byte_size("0")->bytes == 0);
}

TEST_CASE("rounded printed values take the exact bytes", "[validate][byte_size]") {
    const auto r = parse_byte_size("1.953 GB (2,097,152,000 bytes)");
    REQUIRE(r);
    CHECK(r->bytes == 2097152000ull);
    CHECK(r->to_exchange_text() == "1.953 GB (2,097,152,000 bytes)");
}

TEST_CASE("Unlimited is larger than every size", "[validate][byte_size]") {
    const auto u = parse_byte_size("unlimited");
    REQUIRE(u);
    CHECK(u->unlimited);
    CHECK(*u > *parse_byte_size("1000 TB"));
    CHECK(u->to_exchange_text() == "Unlimited");
    CHECK(u->to_parameter_text() == "Unlimited");
}

TEST_CASE("printing round-trips", "[validate][byte_size]") {
    for (const char *text : {"2GB", "1843MB", "1000B", "1.5GB", "7KB", "3TB", "123456789"}) {
        const auto v = parse_byte_size(text);
        REQUIRE(v);
        CHECK(*parse_byte_size(v->to_exchange_text()) == *v);
        CHECK(*parse_byte_size(v->to_parameter_text()) == *v);
    }
    CHECK(parse_byte_size("2GB")->to_exchange_text() == "2 GB (2,147,483,648 bytes)");
    CHECK(parse_byte_size("1843MB")->to_parameter_text() == "1843MB");
    CHECK(parse_byte_size("1.5GB")->to_parameter_text() == "1536MB");
}

TEST_CASE("what is not a size says why", "[validate][byte_size]") {
    CHECK_FALSE(parse_byte_size(""));
    CHECK_FALSE(parse_byte_size("big"));
    CHECK(parse_byte_size("2 GiB").problem.find("unknown unit") != std::string::npos);
    CHECK(parse_byte_size("-1GB").problem.find("negative") != std::string::npos);
    CHECK_FALSE(parse_byte_size("2 GB (3 bytes)"));
    CHECK_FALSE(parse_byte_size("2 GB (lots)"));
    CHECK_FALSE(parse_byte_size("99999999999999999999"));
    CHECK_FALSE(parse_byte_size("20000000 TB"));
    CHECK_FALSE(parse_byte_size("1.0000000001 GB"));
}
