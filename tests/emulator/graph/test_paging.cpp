// Paging of GET /users: $top pages, an absolute @odata.nextLink with $skiptoken, every user exactly
// once even when users are added and deleted between pages.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

#include <map>

using namespace emutest;

TEST_CASE("250 users paged by 7 are each seen exactly once", "[graph][users][paging]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto generated = emu.post("/control/graph/" + demo_tenant + "/users/generate",
                                    json{{"count", 250}, {"prefix", "pageuser"}, {"domain", "contoso.onmicrosoft.com"},
                                         {"usageLocation", "US"}}
                                        .dump());
    REQUIRE(generated.status == 201);
    CHECK(generated.document.at("created") == 250);

    std::map<std::string, int> seen;
    std::string path = "/v1.0/users?$top=7&$filter=" + q("startswith(userPrincipalName,'pageuser')") + "&$select=id,userPrincipalName";
    int pages = 0;
    bool changed_midway = false;
    while (true) {
        const auto page = call(emu, "GET", path, token);
        REQUIRE(page.status == 200);
        ++pages;
        const json& values = page.document.at("value");
        for (const auto& user : values)
            ++seen[user.at("userPrincipalName").get<std::string>()];
        if (!page.document.contains("@odata.nextLink")) {
            CHECK(values.size() == 250 % 7);
            break;
        }
        CHECK(values.size() == 7);
        const std::string link = page.document.at("@odata.nextLink");
        CHECK(link.find("$skiptoken=") != std::string::npos);
        CHECK(link.find("$top=7") != std::string::npos);
        path = relative(emu, link);
        if (!changed_midway && pages == 10) {
            // Users outside the filter come and go between pages; the listing is unaffected.
            changed_midway = true;
            REQUIRE(emu.post("/control/graph/" + demo_tenant + "/users/generate",
                             json{{"count", 5}, {"prefix", "other"}, {"domain", "contoso.onmicrosoft.com"}}.dump())
                        .status == 201);
            CHECK(call(emu, "DELETE", "/v1.0/users/other3@contoso.onmicrosoft.com", token).status == 204);
        }
    }
    CHECK(pages == 36);
    CHECK(seen.size() == 250);
    for (const auto& [upn, count] : seen)
        CHECK(count == 1);
    CHECK(seen.count("pageuser1@contoso.onmicrosoft.com") == 1);
    CHECK(seen.count("pageuser250@contoso.onmicrosoft.com") == 1);

    // Without $top a page holds 100; the page size is bounded.
    const auto first = call(emu, "GET", "/v1.0/users", token);
    CHECK(first.document.at("value").size() == 100);
    CHECK(first.document.contains("@odata.nextLink"));
    CHECK(call(emu, "GET", "/v1.0/users?$top=1000", token).status == 400);
    CHECK(call(emu, "GET", "/v1.0/users?$top=999", token).document.at("value").size() == 257);
    CHECK(call(emu, "GET", "/v1.0/users?$skiptoken=bogus", token).status == 400);
}
