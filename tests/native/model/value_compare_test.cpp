#include <catch2/catch.hpp>

#include "model/value_compare.h"

using mailint::compare_mode;
using mailint::value_kind;
using mailint::values_match;
using json = nlohmann::json;

TEST_CASE("text_ci ignores case and surrounding space", "[model]") {
    CHECK(values_match(value_kind::text_ci, compare_mode::equal, "Mail.Contoso.COM ", "mail.contoso.com"));
    CHECK_FALSE(values_match(value_kind::text_ci, compare_mode::equal, "mail.contoso.com", "mail.contoso.org"));
    CHECK_FALSE(values_match(value_kind::text, compare_mode::equal, "Basic", "basic"));
}

TEST_CASE("null, empty string and empty list are all 'not set'", "[model]") {
    CHECK(values_match(value_kind::url, compare_mode::equal, nullptr, ""));
    CHECK(values_match(value_kind::set_ci, compare_mode::equal, json::array(), nullptr));
    CHECK_FALSE(values_match(value_kind::url, compare_mode::equal, nullptr, "https://mail.contoso.com/owa"));
}

TEST_CASE("booleans accept PowerShell's printed forms", "[model]") {
    CHECK(values_match(value_kind::boolean, compare_mode::equal, "True", true));
    CHECK(values_match(value_kind::boolean, compare_mode::equal, "false", false));
    CHECK_FALSE(values_match(value_kind::boolean, compare_mode::equal, nullptr, false));
    CHECK_FALSE(values_match(value_kind::boolean, compare_mode::equal, true, false));
}

TEST_CASE("URLs compare case-insensitively without trailing slash or default port", "[model]") {
    CHECK(values_match(value_kind::url, compare_mode::equal, "https://MAIL.contoso.com/OWA/", "https://mail.contoso.com/owa"));
    CHECK(values_match(value_kind::url, compare_mode::equal, "https://mail.contoso.com:443/owa", "https://mail.contoso.com/owa"));
    CHECK_FALSE(values_match(value_kind::url, compare_mode::equal, "http://mail.contoso.com/owa", "https://mail.contoso.com/owa"));
    CHECK_FALSE(values_match(value_kind::url, compare_mode::equal, "https://mail.contoso.com:8443/owa", "https://mail.contoso.com/owa"));
}

TEST_CASE("flags compare as sets whatever the order or form", "[model]") {
    json desired = json::array({"Tls", "BasicAuth", "BasicAuthRequireTLS", "Integrated"});
    CHECK(values_match(value_kind::flags, compare_mode::equal, "Tls, Integrated, BasicAuth, BasicAuthRequireTLS", desired));
    CHECK_FALSE(values_match(value_kind::flags, compare_mode::equal,
                             "Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer", desired));
    CHECK(values_match(value_kind::flags, compare_mode::equal, "None", nullptr));
}

TEST_CASE("includes mode accepts extra members", "[model]") {
    CHECK(values_match(value_kind::flags, compare_mode::includes, "IMAP, POP, IIS, SMTP, Federation", "POP, IIS, IMAP, SMTP"));
    CHECK_FALSE(values_match(value_kind::flags, compare_mode::includes, "IMAP, POP, IIS", "POP, IIS, IMAP, SMTP"));
    CHECK_FALSE(values_match(value_kind::flags, compare_mode::includes, "None", "POP"));
}

TEST_CASE("IP ranges compare as ranges", "[model]") {
    CHECK(values_match(value_kind::ip_ranges, compare_mode::equal, json::array({"192.168.0.0/24"}),
                       json::array({"192.168.0.0-192.168.0.255"})));
    CHECK(values_match(value_kind::ip_ranges, compare_mode::equal, "192.168.0.0-192.168.0.255",
                       json::array({"192.168.0.0-192.168.0.255"})));
    CHECK_FALSE(values_match(value_kind::ip_ranges, compare_mode::equal,
                             json::array({"0.0.0.0-255.255.255.255", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}),
                             json::array({"192.168.0.0-192.168.0.255"})));
}

TEST_CASE("SMTP templates ignore the SMTP: prefix Exchange adds", "[model]") {
    CHECK(values_match(value_kind::smtp_template, compare_mode::equal, "SMTP:%m@Contoso.com", "%m@contoso.com"));
    CHECK_FALSE(values_match(value_kind::smtp_template, compare_mode::equal, "SMTP:%m@contoso.org", "%m@contoso.com"));
}

TEST_CASE("address spaces default the cost to 1", "[model]") {
    CHECK(values_match(value_kind::address_spaces, compare_mode::equal, json::array({"smtp:*;1"}), json::array({"SMTP:*;1"})));
    CHECK(values_match(value_kind::address_spaces, compare_mode::equal, json::array({"SMTP:*"}), json::array({"SMTP:*;1"})));
    CHECK_FALSE(values_match(value_kind::address_spaces, compare_mode::equal, json::array({"SMTP:*;10"}), json::array({"SMTP:*;1"})));
}
