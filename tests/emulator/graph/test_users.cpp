// Users (wire-apis.md §2.3): required properties, UPN on a verified domain, unique UPN, reads by id
// and UPN, $filter/$select, updates, delete — and the password kept nowhere.
#include "graph/graph_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

const std::string password = "xWwvJ]6NMw+bWH-d";

json user_body(const std::string& upn)
{
    return {{"accountEnabled", true},
            {"displayName", "CRM Service"},
            {"mailNickname", upn.substr(0, upn.find('@'))},
            {"userPrincipalName", upn},
            {"passwordProfile", {{"forceChangePasswordNextSignIn", true}, {"password", password}}}};
}

} // namespace

TEST_CASE("users are created with a unique UPN on a verified domain", "[graph][users]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto created = call(emu, "POST", "/v1.0/users", token, user_body("crmsvc@contoso.onmicrosoft.com"));
    REQUIRE(created.status == 201);
    CHECK(created.document.at("@odata.context") == emu.url() + "/v1.0/$metadata#users/$entity");
    CHECK(created.document.at("userPrincipalName") == "crmsvc@contoso.onmicrosoft.com");
    CHECK(created.document.at("id").get<std::string>().size() == 36);
    CHECK(created.document.at("displayName") == "CRM Service");
    CHECK_FALSE(created.document.contains("passwordProfile"));

    const auto duplicate = call(emu, "POST", "/v1.0/users", token, user_body("CRMSVC@contoso.onmicrosoft.com"));
    CHECK(duplicate.status == 400);
    CHECK(duplicate.document.at("error").at("code") == "Request_BadRequest");
    CHECK(duplicate.document.at("error").at("message") ==
          "Another object with the same value for property userPrincipalName already exists.");

    // A domain that is not (yet) a verified domain of the tenant.
    REQUIRE(call(emu, "POST", "/v1.0/domains", token, {{"id", "unverified.example"}}).status == 201);
    for (const std::string upn : {"a@unverified.example", "a@elsewhere.example"}) {
        const auto refused = call(emu, "POST", "/v1.0/users", token, user_body(upn));
        CHECK(refused.status == 400);
        CHECK(refused.document.at("error").at("message").get<std::string>().find("verified domain") != std::string::npos);
    }
    for (const char* required : {"accountEnabled", "displayName", "mailNickname", "passwordProfile", "userPrincipalName"}) {
        json body = user_body("new@contoso.onmicrosoft.com");
        body.erase(required);
        const auto refused = call(emu, "POST", "/v1.0/users", token, body);
        CHECK(refused.status == 400);
        CHECK(refused.document.at("error").at("message").get<std::string>().find(required) != std::string::npos);
    }
    json no_password = user_body("new@contoso.onmicrosoft.com");
    no_password["passwordProfile"].erase("password");
    CHECK(call(emu, "POST", "/v1.0/users", token, no_password).status == 400);
    json unknown = user_body("new@contoso.onmicrosoft.com");
    unknown["favouriteColour"] = "blue";
    CHECK(call(emu, "POST", "/v1.0/users", token, unknown).status == 400);
    CHECK(call(emu, "GET", "/v1.0/users/new@contoso.onmicrosoft.com", token).status == 404);

    // The password is in no answer, no state and no log entry; that one was set is.
    const std::string id = created.document.at("id");
    const auto read = call(emu, "GET", "/v1.0/users/" + id + "?$select=id,passwordProfile,lastPasswordChangeDateTime", token);
    REQUIRE(read.status == 200);
    CHECK(read.document.at("passwordProfile").is_null());
    CHECK(read.document.at("lastPasswordChangeDateTime").is_string());
    const auto state = emu.get("/control/state");
    CHECK(state.body.find(password) == std::string::npos);
    const auto log = emu.get("/control/requests");
    CHECK(log.body.find(password) == std::string::npos);
    const json first = log_entries(emu, "/v1.0/users").at(0);
    CHECK(first.at("parameters").at("passwordProfile").at("password") == "********");
    CHECK(first.at("parameters").at("passwordProfile").at("forceChangePasswordNextSignIn") == true);
    CHECK(first.at("tenant") == demo_tenant);
    CHECK(first.at("write") == true);
}

TEST_CASE("users are read by id or UPN, filtered, selected, updated and deleted", "[graph][users]")
{
    auto& emu = fresh_emulator();
    const std::string token = graph_token(emu);
    const auto created = call(emu, "POST", "/v1.0/users", token, user_body("filter.me@contoso.onmicrosoft.com"));
    REQUIRE(created.status == 201);
    const std::string id = created.document.at("id");

    CHECK(call(emu, "GET", "/v1.0/users/filter.me@contoso.onmicrosoft.com", token).document.at("id") == id);
    CHECK(call(emu, "GET", "/v1.0/users/" + id, token).document.at("userPrincipalName") == "filter.me@contoso.onmicrosoft.com");

    const auto by_upn = call(emu, "GET", "/v1.0/users?$filter=" + q("userPrincipalName eq 'FILTER.me@contoso.onmicrosoft.com'"), token);
    REQUIRE(by_upn.status == 200);
    REQUIRE(by_upn.document.at("value").size() == 1);
    CHECK(by_upn.document.at("value").at(0).at("id") == id);
    const auto by_mail = call(emu, "GET", "/v1.0/users?$filter=" + q("mail eq 'alexw@contoso.onmicrosoft.com'"), token);
    REQUIRE(by_mail.document.at("value").size() == 1);
    CHECK(by_mail.document.at("value").at(0).at("displayName") == "Alex Wilber");
    const auto prefix = call(emu, "GET", "/v1.0/users?$filter=" + q("startswith(userPrincipalName,'filter')") + "&$select=id,accountEnabled", token);
    REQUIRE(prefix.document.at("value").size() == 1);
    CHECK(prefix.document.at("value").at(0) == json{{"id", id}, {"accountEnabled", true}});
    CHECK(prefix.document.at("@odata.context") == emu.url() + "/v1.0/$metadata#users(id,accountEnabled)");

    // Filters the emulator cannot evaluate are refused, never ignored.
    for (const std::string filter : {"userPrincipalName ne 'x'", "jobTitle eq 'x'", "endswith(mail,'x')",
                                     "userPrincipalName eq"}) {
        const auto refused = call(emu, "GET", "/v1.0/users?$filter=" + q(filter), token);
        CHECK(refused.status == 400);
    }
    CHECK(call(emu, "GET", "/v1.0/users?$orderby=displayName", token).status == 400);
    CHECK(call(emu, "GET", "/v1.0/users?$select=favouriteColour", token).status == 400);

    CHECK(call(emu, "PATCH", "/v1.0/users/" + id, token, {{"usageLocation", "fr"}, {"accountEnabled", false}}).status == 204);
    const json updated = call(emu, "GET", "/v1.0/users/" + id + "?$select=usageLocation,accountEnabled", token).document;
    CHECK(updated.at("usageLocation") == "FR");
    CHECK(updated.at("accountEnabled") == false);
    CHECK(call(emu, "PATCH", "/v1.0/users/" + id, token, {{"usageLocation", "France"}}).status == 400);
    CHECK(call(emu, "PATCH", "/v1.0/users/" + id, token, {{"id", "x"}}).status == 400);
    CHECK(call(emu, "PATCH", "/v1.0/users/" + id, token, {{"userPrincipalName", "alexw@contoso.onmicrosoft.com"}}).status == 400);
    CHECK(call(emu, "PATCH", "/v1.0/users/nobody@contoso.onmicrosoft.com", token, {{"displayName", "x"}}).status == 404);

    CHECK(call(emu, "DELETE", "/v1.0/users/" + id, token).status == 204);
    const auto gone = call(emu, "GET", "/v1.0/users/" + id, token);
    CHECK(gone.status == 404);
    CHECK(gone.document.at("error").at("code") == "Request_ResourceNotFound");
}
