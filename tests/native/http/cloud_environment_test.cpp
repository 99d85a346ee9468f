#include <catch2/catch.hpp>

#include "core/error.h"
#include "http/cloud_environment.h"

using namespace mailint;
using namespace mailint::http;

TEST_CASE("published endpoints per cloud (wire-apis.md §1.1, §1.2, §2.1)", "[http][environment]") {
    auto g = environment_for(cloud::global);
    CHECK(g.token_endpoint("contoso.onmicrosoft.com") ==
          "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    CHECK(g.device_code_endpoint("t") == "https://login.microsoftonline.com/t/oauth2/v2.0/devicecode");
    CHECK(g.graph_base == "https://graph.microsoft.com");
    CHECK(g.exchange_base == "https://outlook.office365.com");
    CHECK(g.exchange_resource == "https://outlook.office365.com");
    CHECK(g.dataverse_base("contoso") == "https://contoso.crm.dynamics.com");

    auto high = environment_for(cloud::us_gov_gcc_high);
    CHECK(high.authority == "https://login.microsoftonline.us");
    CHECK(high.graph_base == "https://graph.microsoft.us");
    CHECK(high.exchange_base == "https://outlook.office365.us");
    CHECK(high.dataverse_base("contoso") == "https://contoso.crm.microsoftdynamics.us");

    auto dod = environment_for(cloud::us_gov_dod);
    CHECK(dod.authority == "https://login.microsoftonline.us");
    CHECK(dod.graph_base == "https://dod-graph.microsoft.us");
    CHECK(dod.exchange_base == "https://outlook-dod.office365.us");
    CHECK(dod.dataverse_base("contoso") == "https://contoso.crm.appsplatform.us");

    auto cn = environment_for(cloud::china);
    CHECK(cn.authority == "https://login.chinacloudapi.cn");
    CHECK(cn.graph_base == "https://microsoftgraph.chinacloudapi.cn");
    CHECK(cn.exchange_base == "https://outlook.office365.cn");
    CHECK(cn.dataverse_base("contoso") == "https://contoso.crm.dynamics.cn");
}

TEST_CASE("a custom endpoint carries every service, tokens still name the real resources", "[http][environment]") {
    auto e = custom_environment("http://127.0.0.1:5123/");
    CHECK(e.kind == cloud::custom);
    CHECK(e.token_endpoint("t1") == "http://127.0.0.1:5123/t1/oauth2/v2.0/token");
    CHECK(e.graph_base == "http://127.0.0.1:5123");
    CHECK(e.exchange_base == "http://127.0.0.1:5123");
    CHECK(e.dataverse_base("contoso") == "http://127.0.0.1:5123");
    CHECK(e.graph_resource == "https://graph.microsoft.com");
    CHECK(e.exchange_resource == "https://outlook.office365.com");
    CHECK(e.dataverse_resource("contoso") == "https://contoso.crm.dynamics.com");

    for (const char *bad : {"", "127.0.0.1:5123", "ftp://x", "http://", "http:///x", "http://h/?q=1", "http://h/#f"}) {
        try {
            custom_environment(bad);
            FAIL("accepted " << bad);
        } catch (const error &err) {
            CHECK(err.id() == "transport.endpoint.invalid");
            CHECK(err.code() == errc::invalid_argument);
        }
    }
    CHECK_THROWS_AS(environment_for(cloud::custom), error);
}

TEST_CASE("environment names as -Environment takes them", "[http][environment]") {
    CHECK(parse_cloud("Global") == cloud::global);
    CHECK(parse_cloud("usgovgcchigh") == cloud::us_gov_gcc_high);
    CHECK(parse_cloud("USGovDoD") == cloud::us_gov_dod);
    CHECK(parse_cloud("China") == cloud::china);
    CHECK(parse_cloud("Custom") == cloud::custom);
    CHECK_FALSE(parse_cloud("Germany").has_value());
    for (auto c : {cloud::global, cloud::us_gov_gcc_high, cloud::us_gov_dod, cloud::china, cloud::custom})
        CHECK(parse_cloud(cloud_name(c)) == c);
}
