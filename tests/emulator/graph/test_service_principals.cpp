// Service principals (wire-apis.md §2.4): lookup by appId, keyCredentials replaced as a whole and
// validated, `key` shown only on a single object with $select=keyCredentials, SPNs replaced.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace emutest;

namespace {

const std::string crm_app = "00000007-0000-0000-c000-000000000000";

json credential(const std::vector<unsigned char>& der)
{
    return {{"type", "AsymmetricX509Cert"}, {"usage", "Verify"}, {"key", base64(der)}, {"displayName", "CN=test"}};
}

} // namespace

TEST_CASE("the Dynamics CRM service principal is found by appId", "[graph][servicePrincipals]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto filtered = call(emu, "GET", "/v1.0/servicePrincipals?$filter=" + q("appId eq '" + crm_app + "'") +
                                               "&$select=id,appId,servicePrincipalNames,keyCredentials",
                               token);
    REQUIRE(filtered.status == 200);
    REQUIRE(filtered.document.at("value").size() == 1);
    const json principal = filtered.document.at("value").at(0);
    CHECK(principal.at("appId") == crm_app);
    CHECK(principal.at("keyCredentials") == json::array());
    CHECK(principal.size() == 4);

    const auto by_key = call(emu, "GET", "/v1.0/servicePrincipals(appId='" + crm_app + "')", token);
    REQUIRE(by_key.status == 200);
    CHECK(by_key.document.at("id") == principal.at("id"));
    CHECK(by_key.document.at("displayName") == "Microsoft Dynamics CRM");
    const auto exchange = call(emu, "GET", "/v1.0/servicePrincipals?$filter=" + q("appId eq '00000002-0000-0ff1-ce00-000000000000'"), token);
    CHECK(exchange.document.at("value").at(0).at("displayName") == "Office 365 Exchange Online");
    CHECK(call(emu, "GET", "/v1.0/servicePrincipals(appId='11111111-0000-0000-0000-000000000000')", token).status == 404);
    CHECK(call(emu, "GET", "/v1.0/servicePrincipals?$filter=" + q("servicePrincipalNames/any(x:x eq 'a')"), token).status == 400);
}

TEST_CASE("keyCredentials are validated, replaced as a whole, and keys shown only when selected", "[graph][servicePrincipals]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const std::string id = call(emu, "GET", "/v1.0/servicePrincipals(appId='" + crm_app + "')", token).document.at("id");
    const std::string path = "/v1.0/servicePrincipals/" + id;
    const auto& first_cert = test_identity();
    const auto second_cert = make_rsa_identity("second-s2s-cert");

    REQUIRE(call(emu, "PATCH", path, token, {{"keyCredentials", {credential(first_cert.certificate_der)}}}).status == 204);
    const auto selected = call(emu, "GET", path + "?$select=id,keyCredentials", token);
    REQUIRE(selected.status == 200);
    REQUIRE(selected.document.at("keyCredentials").size() == 1);
    const json stored = selected.document.at("keyCredentials").at(0);
    CHECK(stored.at("key") == base64(first_cert.certificate_der));
    CHECK(stored.at("type") == "AsymmetricX509Cert");
    CHECK(stored.at("usage") == "Verify");
    CHECK(stored.at("customKeyIdentifier") == sha1_hex_upper(first_cert.certificate_der));
    CHECK(std::regex_match(stored.at("keyId").get<std::string>(), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
    CHECK(std::regex_match(stored.at("startDateTime").get<std::string>(), std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
    CHECK(stored.at("endDateTime").get<std::string>() > stored.at("startDateTime").get<std::string>());

    // Not selected, or not a single object: key is null.
    CHECK(call(emu, "GET", path, token).document.at("keyCredentials").at(0).at("key").is_null());
    const auto listed = call(emu, "GET", "/v1.0/servicePrincipals?$filter=" + q("appId eq '" + crm_app + "'") + "&$select=keyCredentials", token);
    CHECK(listed.document.at("value").at(0).at("keyCredentials").at(0).at("key").is_null());

    // The official script's re-send: the existing entry without key, plus a new one.
    json existing = stored;
    existing.erase("key");
    existing.erase("displayName");
    REQUIRE(call(emu, "PATCH", path, token, {{"keyCredentials", {existing, credential(second_cert.certificate_der)}}}).status == 204);
    const json both = call(emu, "GET", path + "?$select=keyCredentials", token).document.at("keyCredentials");
    REQUIRE(both.size() == 2);
    CHECK(both.at(0).at("keyId") == stored.at("keyId"));
    CHECK(both.at(0).at("key") == base64(first_cert.certificate_der));
    CHECK(both.at(1).at("key") == base64(second_cert.certificate_der));
    CHECK(both.at(1).at("customKeyIdentifier") == sha1_hex_upper(second_cert.certificate_der));

    // Replace semantics: sending only the second drops the first.
    json second_only = both.at(1);
    second_only.erase("key");
    REQUIRE(call(emu, "PATCH", path, token, {{"keyCredentials", {second_only}}}).status == 204);
    const json one = call(emu, "GET", path + "?$select=keyCredentials", token).document.at("keyCredentials");
    REQUIRE(one.size() == 1);
    CHECK(one.at(0).at("keyId") == both.at(1).at("keyId"));

    // Invalid entries are refused and change nothing.
    json wrong_type = credential(first_cert.certificate_der);
    wrong_type["type"] = "Symmetric";
    json wrong_usage = credential(first_cert.certificate_der);
    wrong_usage["usage"] = "Sign";
    json not_a_cert = credential(first_cert.certificate_der);
    not_a_cert["key"] = base64(std::vector<unsigned char>{'h', 'e', 'l', 'l', 'o'});
    json unknown_key_id = {{"type", "AsymmetricX509Cert"}, {"usage", "Verify"}, {"keyId", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"}};
    json bad_dates = credential(first_cert.certificate_der);
    bad_dates["startDateTime"] = "2030-01-01T00:00:00Z";
    bad_dates["endDateTime"] = "2029-01-01T00:00:00Z";
    for (const json& entry : {wrong_type, wrong_usage, not_a_cert, unknown_key_id, bad_dates}) {
        const auto refused = call(emu, "PATCH", path, token, {{"keyCredentials", {entry}}});
        CHECK(refused.status == 400);
        CHECK(refused.document.at("error").at("message").get<std::string>().find("keyCredentials") != std::string::npos);
    }
    CHECK(call(emu, "GET", path + "?$select=keyCredentials", token).document.at("keyCredentials") == one);

    // Given dates win over the certificate's.
    json dated = credential(first_cert.certificate_der);
    dated["startDateTime"] = "2025-01-01T00:00:00.000Z";
    dated["endDateTime"] = "2026-01-01T00:00:00Z";
    REQUIRE(call(emu, "PATCH", path, token, {{"keyCredentials", {dated}}}).status == 204);
    const json dated_stored = call(emu, "GET", path + "?$select=keyCredentials", token).document.at("keyCredentials").at(0);
    CHECK(dated_stored.at("startDateTime") == "2025-01-01T00:00:00Z");
    CHECK(dated_stored.at("endDateTime") == "2026-01-01T00:00:00Z");

    REQUIRE(call(emu, "PATCH", path, token, {{"keyCredentials", json::array()}}).status == 204);
    CHECK(call(emu, "GET", path + "?$select=keyCredentials", token).document.at("keyCredentials") == json::array());
}

TEST_CASE("servicePrincipalNames are replaced as a whole and stay unique", "[graph][servicePrincipals]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const std::string path = "/v1.0/servicePrincipals(appId='" + crm_app + "')";
    json names = call(emu, "GET", path, token).document.at("servicePrincipalNames");
    names.push_back(crm_app);
    REQUIRE(call(emu, "PATCH", path, token, {{"servicePrincipalNames", names}}).status == 204);
    CHECK(call(emu, "GET", path + "?$select=servicePrincipalNames", token).document.at("servicePrincipalNames") == names);
    REQUIRE(call(emu, "PATCH", path, token, {{"servicePrincipalNames", {crm_app}}}).status == 204);
    CHECK(call(emu, "GET", path, token).document.at("servicePrincipalNames") == json::array({crm_app}));
    // Exchange Online's own SPN belongs to another principal.
    CHECK(call(emu, "PATCH", path, token, {{"servicePrincipalNames", {"https://outlook.office365.com"}}}).status == 400);
    CHECK(call(emu, "PATCH", path, token, {{"appId", "x"}}).status == 400);
    CHECK(call(emu, "PATCH", path, limited_graph_token(emu, {"Application.Read.All"}), {{"servicePrincipalNames", {crm_app}}})
              .status == 403);
}
