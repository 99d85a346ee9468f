// The domain lifecycle of wire-apis.md §2.2: add, read the verification records, fail to verify
// until the simulated DNS holds the TXT (or MX) record, verify, subdomains, update services and the
// default, service records, delete.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace emutest;

namespace {

json domain_of(const emulator_process& emu, const std::string& token, const std::string& name)
{
    const auto reply = call(emu, "GET", "/v1.0/domains/" + name, token);
    REQUIRE(reply.status == 200);
    return reply.document;
}

} // namespace

TEST_CASE("a domain is added, verified through DNS, updated and made the default", "[graph][domains]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);

    const auto added = call(emu, "POST", "/v1.0/domains", token, {{"id", "Fabrikam.com"}});
    REQUIRE(added.status == 201);
    CHECK(added.document.at("id") == "fabrikam.com");
    CHECK(added.document.at("isVerified") == false);
    CHECK(added.document.at("isRoot") == true);
    CHECK(added.document.at("isDefault") == false);
    CHECK(added.document.at("@odata.context") == emu.url() + "/v1.0/$metadata#domains/$entity");

    const auto duplicate = call(emu, "POST", "/v1.0/domains", token, {{"id", "fabrikam.com"}});
    CHECK(duplicate.status == 400);
    CHECK(duplicate.document.at("error").at("code") == "Request_BadRequest");
    CHECK(call(emu, "POST", "/v1.0/domains", token, {{"id", "not a domain"}}).status == 400);
    CHECK(call(emu, "POST", "/v1.0/domains", token, {{"id", "x.com"}, {"isDefault", true}}).status == 400);

    const auto records = call(emu, "GET", "/v1.0/domains/fabrikam.com/verificationDnsRecords", token);
    REQUIRE(records.status == 200);
    const json& values = records.document.at("value");
    REQUIRE(values.size() == 2);
    const json& txt = values.at(0);
    const json& mx = values.at(1);
    CHECK(txt.at("@odata.type") == "#microsoft.graph.domainDnsTxtRecord");
    CHECK(txt.at("recordType") == "Txt");
    CHECK(txt.at("label") == "fabrikam.com");
    CHECK(txt.at("ttl") == 3600);
    const std::string text = txt.at("text");
    CHECK(std::regex_match(text, std::regex("MS=ms[0-9]{8}")));
    const std::string code = text.substr(3);
    CHECK(mx.at("@odata.type") == "#microsoft.graph.domainDnsMxRecord");
    CHECK(mx.at("mailExchange") == code + ".msv1.invalid");
    CHECK(mx.at("preference") == 32767);
    CHECK(mx.at("ttl") == 3600);
    // Stable: asking again gives the same code and ids.
    CHECK(call(emu, "GET", "/v1.0/domains/fabrikam.com/verificationDnsRecords", token).document.at("value") == values);

    // Unverified: no update, and verification fails while DNS lacks the record.
    const auto early_patch = call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"supportedServices", {"Email"}}});
    CHECK(early_patch.status == 400);
    const auto failed = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    CHECK(failed.status == 400);
    CHECK(failed.document.at("error").at("code") == "Request_BadRequest");
    CHECK(failed.document.at("error").at("message").get<std::string>().find("MS=" + code) != std::string::npos);
    // A wrong TXT value does not verify either.
    REQUIRE(emu.post("/control/dns/records", json{{"name", "fabrikam.com"}, {"type", "TXT"}, {"value", "MS=ms00000000x"}}.dump())
                .status == 201);
    CHECK(call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token).status == 400);
    CHECK(domain_of(emu, token, "fabrikam.com").at("isVerified") == false);

    REQUIRE(emu.post("/control/dns/records", json{{"name", "fabrikam.com."}, {"type", "txt"}, {"value", text}}.dump())
                .status == 201);
    const auto verified = call(emu, "POST", "/v1.0/domains/fabrikam.com/verify", token);
    REQUIRE(verified.status == 200);
    CHECK(verified.document.at("isVerified") == true);
    CHECK(verified.document.at("availabilityStatus") == "AvailableImmediately");

    // A subdomain of a verified root is verified as it is added.
    const auto sub = call(emu, "POST", "/v1.0/domains", token, {{"id", "mail.fabrikam.com"}});
    REQUIRE(sub.status == 201);
    CHECK(sub.document.at("isVerified") == true);
    CHECK(sub.document.at("isRoot") == false);

    CHECK(call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"supportedServices", {"Email", "OfficeCommunicationsOnline"}}})
              .status == 204);
    CHECK(call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"supportedServices", {"Fax"}}}).status == 400);
    CHECK(call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"isVerified", false}}).status == 400);
    CHECK(domain_of(emu, token, "fabrikam.com").at("supportedServices") ==
          json::array({"Email", "OfficeCommunicationsOnline"}));

    const auto service = call(emu, "GET", "/v1.0/domains/fabrikam.com/serviceConfigurationRecords", token);
    REQUIRE(service.status == 200);
    const json& service_records = service.document.at("value");
    REQUIRE(service_records.size() == 7);
    CHECK(service_records.at(0).at("recordType") == "Mx");
    CHECK(service_records.at(0).at("mailExchange") == "fabrikam-com.mail.protection.outlook.com");
    CHECK(service_records.at(0).at("preference") == 0);
    CHECK(service_records.at(1).at("text") == "v=spf1 include:spf.protection.outlook.com ~all");
    CHECK(service_records.at(2).at("label") == "autodiscover.fabrikam.com");
    CHECK(service_records.at(2).at("canonicalName") == "autodiscover.outlook.com");
    CHECK(service_records.at(3).at("recordType") == "Srv");
    CHECK(service_records.at(3).at("service") == "_sip");
    CHECK(service_records.at(3).at("nameTarget") == "sipdir.online.lync.com");
    CHECK(service_records.at(3).at("port") == 443);
    // With Email only, only the Email records.
    CHECK(call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"supportedServices", {"Email"}}}).status == 204);
    CHECK(call(emu, "GET", "/v1.0/domains/fabrikam.com/serviceConfigurationRecords", token).document.at("value").size() == 3);

    // The default moves: exactly one domain is the default.
    CHECK(call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"isDefault", true}}).status == 204);
    CHECK(domain_of(emu, token, "fabrikam.com").at("isDefault") == true);
    CHECK(domain_of(emu, token, "contoso.onmicrosoft.com").at("isDefault") == false);
    const auto unset = call(emu, "PATCH", "/v1.0/domains/fabrikam.com", token, {{"isDefault", false}});
    CHECK(unset.status == 400);
    int defaults = 0;
    // The reply is kept in a variable: a range-for over a member of a temporary would dangle.
    const auto listed = call(emu, "GET", "/v1.0/domains", token);
    for (const auto& domain : listed.document.at("value"))
        defaults += domain.at("isDefault").get<bool>() ? 1 : 0;
    CHECK(defaults == 1);

    // The organization lists it among its verified domains; the token endpoint knows it too.
    const json org = call(emu, "GET", "/v1.0/organization", token).document.at("value").at(0);
    CHECK(org.at("verifiedDomains").size() == 3);
    CHECK(emu.post_form(token_path("fabrikam.com"), {{"grant_type", "client_credentials"},
                                                      {"client_id", demo_client},
                                                      {"client_secret", demo_secret},
                                                      {"scope", graph_scope}})
              .status == 200);

    // The default and a domain with subdomains cannot be deleted; a plain one can.
    CHECK(call(emu, "DELETE", "/v1.0/domains/fabrikam.com", token).status == 400);
    CHECK(call(emu, "DELETE", "/v1.0/domains/mail.fabrikam.com", token).status == 204);
    CHECK(call(emu, "GET", "/v1.0/domains/mail.fabrikam.com", token).status == 404);
    CHECK(call(emu, "DELETE", "/v1.0/domains/contoso.onmicrosoft.com", token).status == 400);
}

TEST_CASE("an MX record verifies a domain too; a subdomain waits for its root", "[graph][domains]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "northwind.example"}}).status == 201);
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "eu.northwind.example"}}).status == 201);
    CHECK(domain_of(emu, token, "eu.northwind.example").at("isVerified") == false);
    const auto refused = call(emu, "POST", "/v1.0/domains/eu.northwind.example/verify", token);
    CHECK(refused.status == 400);
    CHECK(refused.document.at("error").at("message").get<std::string>().find("northwind.example") != std::string::npos);

    const json mx = call(emu, "GET", "/v1.0/domains/northwind.example/verificationDnsRecords", token).document.at("value").at(1);
    REQUIRE(emu.post("/control/dns/records", json{{"records", {{{"name", "northwind.example"},
                                                               {"type", "MX"},
                                                               {"value", mx.at("mailExchange").get<std::string>() + "."},
                                                               {"preference", 32767}}}}}
                                               .dump())
                .status == 201);
    CHECK(call(emu, "POST", "/v1.0/domains/northwind.example/verify", token).status == 200);
    // Verifying the root verified its subdomain.
    CHECK(domain_of(emu, token, "eu.northwind.example").at("isVerified") == true);
    // Verification codes differ per domain.
    const json other = call(emu, "GET", "/v1.0/domains/eu.northwind.example/verificationDnsRecords", token).document;
    CHECK(other.at("value").at(1).at("mailExchange") != mx.at("mailExchange"));
    CHECK(call(emu, "GET", "/v1.0/domains/unknown.example", token).document.at("error").at("code") ==
          "Request_ResourceNotFound");
}
