#include <catch2/catch.hpp>

#include "dns/dns_record.h"

using namespace mailint::dns;
using mailint::validate::ipv4_address;

TEST_CASE("make_record derives the FQDN from the owner name", "[dns][record]") {
    auto apex = make_record("contoso.com", "@", 3600, mx_data{0, "mail.contoso.com"}, "mail");
    CHECK(apex.fqdn == "contoso.com");
    CHECK(apex.name == "@");
    auto host = make_record("contoso.com", "mail", 300, a_data{ipv4_address(20, 30, 40, 50)}, "host");
    CHECK(host.fqdn == "mail.contoso.com");
    CHECK(host.ttl == 300);
    auto srv = make_record("contoso.com", "_autodiscover._tcp", 3600, srv_data{0, 0, 443, "mail.contoso.com"}, "");
    CHECK(srv.fqdn == "_autodiscover._tcp.contoso.com");
}

TEST_CASE("the record type follows the data", "[dns][record]") {
    CHECK(make_record("c.com", "@", 1, a_data{}, "").type() == record_type::a);
    CHECK(make_record("c.com", "@", 1, mx_data{}, "").type() == record_type::mx);
    CHECK(make_record("c.com", "@", 1, txt_data{}, "").type() == record_type::txt);
    CHECK(make_record("c.com", "@", 1, srv_data{}, "").type() == record_type::srv);
    CHECK(make_record("c.com", "@", 1, cname_data{}, "").type() == record_type::cname);
    CHECK(std::string(to_string(record_type::srv)) == "SRV");
    CHECK(std::string(to_string(record_type::cname)) == "CNAME");
}

TEST_CASE("to_json carries the typed data of each record type", "[dns][record]") {
    using nlohmann::json;
    CHECK(make_record("contoso.com", "mail", 3600, a_data{ipv4_address(20, 30, 40, 50)}, "Exchange host").to_json() ==
          json{{"name", "mail"},
               {"fqdn", "mail.contoso.com"},
               {"type", "A"},
               {"ttl", 3600},
               {"data", {{"address", "20.30.40.50"}}},
               {"purpose", "Exchange host"}});
    CHECK(make_record("contoso.com", "@", 60, mx_data{10, "mail.contoso.com"}, "").to_json()["data"] ==
          json{{"preference", 10}, {"exchange", "mail.contoso.com"}});
    CHECK(make_record("contoso.com", "@", 60, txt_data{"v=spf1 a mx ~all"}, "").to_json()["data"] ==
          json{{"text", "v=spf1 a mx ~all"}});
    CHECK(make_record("contoso.com", "_autodiscover._tcp", 60, srv_data{1, 2, 443, "mail.contoso.com"}, "")
              .to_json()["data"] == json{{"priority", 1}, {"weight", 2}, {"port", 443}, {"target", "mail.contoso.com"}});
    auto cname = make_record("contoso.com", "autodiscover", 60, cname_data{"autodiscover.outlook.com"}, "").to_json();
    CHECK(cname["type"] == "CNAME");
    CHECK(cname["data"] == json{{"canonicalName", "autodiscover.outlook.com"}});
}

TEST_CASE("records compare by every field", "[dns][record]") {
    auto a = make_record("contoso.com", "@", 3600, mx_data{0, "mail.contoso.com"}, "p");
    auto b = a;
    CHECK(a == b);
    b.data = mx_data{10, "mail.contoso.com"};
    CHECK_FALSE(a == b);
    b = a;
    b.ttl = 300;
    CHECK_FALSE(a == b);
}

TEST_CASE("SRV owners split into service, protocol and host", "[dns][record]") {
    auto apex = split_srv_owner("_sip._tls");
    REQUIRE(apex);
    CHECK(apex->service == "_sip");
    CHECK(apex->protocol == "_tls");
    CHECK(apex->host == "@");
    auto sub = split_srv_owner("_autodiscover._tcp.emea.west");
    REQUIRE(sub);
    CHECK(sub->service == "_autodiscover");
    CHECK(sub->protocol == "_tcp");
    CHECK(sub->host == "emea.west");
    for (const char *bad : {"", "@", "sip", "_sip", "_sip.tls", "sip._tls", "_._tls", "_sip._tls.", "_sip..x"}) {
        CAPTURE(bad);
        CHECK_FALSE(split_srv_owner(bad));
    }
}

TEST_CASE("dashed domains as Microsoft 365 writes them", "[dns][record]") {
    CHECK(dashed_domain("contoso.com") == "contoso-com");
    CHECK(dashed_domain("Fabrikam.Co.UK.") == "fabrikam-co-uk");
    CHECK(dashed_domain("my-domain.com") == "my-domain-com");
}

TEST_CASE("DNS names in record data may hold underscores", "[dns][record]") {
    CHECK(normalise_dns_name("Selector1-Contoso-com._domainkey.contoso.onmicrosoft.com.") ==
          "selector1-contoso-com._domainkey.contoso.onmicrosoft.com");
    CHECK(normalise_dns_name("ms12345678.msv1.invalid") == "ms12345678.msv1.invalid");
    CHECK(normalise_dns_name(std::string(63, 'a') + ".com"));
    for (const std::string &bad : {std::string(), std::string("."), std::string("single"), std::string("a..b"),
                                  std::string(".a.b"), std::string("a b.com"), std::string("caf\xC3\xA9.com"),
                                  std::string(64, 'a') + ".com", std::string("a.com..")}) {
        CAPTURE(bad);
        CHECK_FALSE(normalise_dns_name(bad));
    }
    std::string long_name;
    for (int i = 0; i < 51; ++i) long_name += "abcd.";
    long_name += "com";  // 258 bytes
    CHECK_FALSE(normalise_dns_name(long_name));
}
