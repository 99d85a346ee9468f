// The "exchangeOnline" section of the state: the built-in seed, seeding, reset, and the generate
// control endpoint at the sizes the large-tenant tests use.
#include "exchange_online/exo.h"

#include <chrono>

using namespace emutest;

TEST_CASE("exo state: the built-in seed of the demo tenant", "[exo][state]")
{
    auto& emu = fresh_emulator();
    const json state = emu.get("/control/state").document.at("exchangeOnline");
    REQUIRE(state.size() == 1);
    const json& tenant = state.at(demo_tenant);
    std::vector<std::string> keys;
    for (const auto& [key, _] : tenant.items())
        keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"organizationConfig", "acceptedDomains", "mailboxes", "casMailboxes",
                                           "transportRules", "outboundConnectors", "hostedOutboundSpamFilterPolicies",
                                           "dkimSigningConfigs", "intraOrganizationConnectors",
                                           "organizationRelationships"});
    CHECK(tenant.at("mailboxes").size() == 5);
    CHECK(tenant.at("casMailboxes").size() == 5);
    CHECK(tenant.at("organizationConfig").at("IsDehydrated") == true);
}

TEST_CASE("exo state: a seed document is normalized; reset returns to the start-up seed", "[exo][state]")
{
    auto& emu = fresh_emulator();
    // The state endpoint shows secrets as hints only, so the seed names the demo app's secret again.
    json seed = {{"entra",
                  {{"tenants",
                    {{demo_tenant,
                      {{"displayName", "Contoso"},
                       {"domains", {"contoso.onmicrosoft.com"}},
                       {"apps", {{{"clientId", demo_client},
                                  {"secrets", {demo_secret}},
                                  {"roles", {{"https://outlook.office365.com", {exchange_role}}}}}}}}}}}}}};
    // Only mailboxes, one with a CAS mailbox given out of order and one without.
    seed["exchangeOnline"] = {{"11111111-2222-3333-4444-555555555555",
                               {{"mailboxes",
                                 {{{"Name", "solo"}, {"PrimarySmtpAddress", "solo@contoso.onmicrosoft.com"}},
                                  {{"Name", "duo"}, {"PrimarySmtpAddress", "duo@contoso.onmicrosoft.com"},
                                   {"RecipientTypeDetails", "SharedMailbox"}}}},
                                {"casMailboxes", {{{"Name", "duo"}, {"OWAEnabled", false}}}}}}};
    const auto seeded = emu.post("/control/seed", seed.dump());
    REQUIRE(seeded.status == 200);
    const json tenant = tenant_state(emu);
    CHECK(tenant.at("transportRules") == json::array());
    CHECK(tenant.at("dkimSigningConfigs") == json::array());
    CHECK(tenant.at("hostedOutboundSpamFilterPolicies").at(0).at("Identity") == "Default");
    CHECK(tenant.at("organizationConfig").at("Name") == "contoso.onmicrosoft.com");
    CHECK(tenant.at("mailboxes").at(0).at("Alias") == "solo");
    CHECK(tenant.at("mailboxes").at(0).at("EmailAddresses") == json::array({"SMTP:solo@contoso.onmicrosoft.com"}));
    CHECK(tenant.at("mailboxes").at(1).at("RecipientTypeDetails") == "SharedMailbox");
    CHECK(tenant.at("casMailboxes").at(0).at("Name") == "solo");
    CHECK(tenant.at("casMailboxes").at(0).at("OWAEnabled") == true);
    CHECK(tenant.at("casMailboxes").at(1).at("OWAEnabled") == false);

    const std::string token = demo_token(emu);
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "duo@contoso.onmicrosoft.com"}}).status == 200);
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "AdeleV"}}).status == 404);

    json bad = seed;
    bad["exchangeOnline"][demo_tenant]["mailboxes"] = {{{"Name", "no address"}}};
    CHECK(emu.post("/control/seed", bad.dump()).status == 400);
    bad["exchangeOnline"] = json::array();
    CHECK(emu.post("/control/seed", bad.dump()).status == 400);

    REQUIRE(emu.post("/control/reset", "").status == 200);
    CHECK(tenant_state(emu).at("mailboxes").size() == 5);
    CHECK(exo(emu, token, "Get-Mailbox", {{"Identity", "AdeleV"}}).status == 200);
}

TEST_CASE("exo generate: names, domain, CAS mailboxes, and bad bodies", "[exo][control]")
{
    auto& emu = fresh_emulator();
    const auto made = emu.post("/control/exchange-online/" + demo_tenant + "/mailboxes/generate",
                               R"({"count":3,"prefix":"AdeleV"})");
    REQUIRE(made.status == 201);
    // "AdeleV1" … are free names; the counting starts at 1.
    CHECK(made.document == json{{"created", 3}, {"first", "AdeleV1"}, {"last", "AdeleV3"}, {"total", 8}});
    const auto more = emu.post("/control/exchange-online/contoso.onmicrosoft.com/mailboxes/generate",
                               R"({"count":2,"prefix":"AdeleV","domain":"contoso.onmicrosoft.com"})");
    REQUIRE(more.status == 201);
    CHECK(more.document.at("first") == "AdeleV4");
    const json tenant = tenant_state(emu);
    CHECK(tenant.at("mailboxes").size() == 10);
    CHECK(tenant.at("casMailboxes").size() == 10);
    CHECK(tenant.at("mailboxes").at(9).at("PrimarySmtpAddress") == "AdeleV5@contoso.onmicrosoft.com");
    CHECK(tenant.at("casMailboxes").at(9).at("Name") == "AdeleV5");

    const std::string path = "/control/exchange-online/" + demo_tenant + "/mailboxes/generate";
    CHECK(emu.post(path, R"({"count":0})").status == 400);
    CHECK(emu.post(path, R"({"count":2,"domain":"fabrikam.com"})").status == 400);
    CHECK(emu.post(path, R"({"count":2,"prefix":"bad prefix"})").status == 400);
    CHECK(emu.post(path, R"({"count":2,"colour":"red"})").status == 400);
    CHECK(emu.post("/control/exchange-online/nowhere.example/mailboxes/generate", R"({"count":2})").status == 404);
}

TEST_CASE("exo generate: 100,000 mailboxes stay fast to make, find, change and page", "[exo][control][large]")
{
    auto& emu = fresh_emulator();
    const auto started = std::chrono::steady_clock::now();
    generate_mailboxes(emu, 100000);
    const std::string token = demo_token(emu);
    // Look-ups go through the index: the last mailbox is as quick to reach as the first.
    for (int i = 0; i < 50; ++i) {
        const std::string name = "user" + std::to_string(100000 - i);
        REQUIRE(exo(emu, token, "Set-CASMailbox", {{"Identity", name + "@contoso.onmicrosoft.com"}, {"OWAEnabled", false}})
                    .status == 200);
    }
    const auto last = exo(emu, token, "Get-CASMailbox", {{"Identity", "user100000"}});
    REQUIRE(last.status == 200);
    CHECK(last.document.at("value").at(0).at("OWAEnabled") == false);
    int pages = 0;
    const json all = all_pages(emu, token, "Get-Mailbox", {{"ResultSize", "Unlimited"}}, 1000, &pages);
    CHECK(all.size() == 100005);
    CHECK(pages == 101);
    CHECK(all.at(100004).at("Name") == "user100000");
    // Generous on a shared two-core machine; a quadratic look-up or page would take minutes.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(90));
    REQUIRE(emu.post("/control/reset", "").status == 200);
}
