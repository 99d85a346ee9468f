// The Dataverse Web API personality: the token's audience names the organization, the organization
// row, creating email server profiles (204 + OData-EntityId, or 201 with return=representation),
// column validation with Dataverse's error shape.
#include "dataverse/dataverse_support.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

json profile_body()
{
    return {{"name", "Exchange Online (Hybrid)"},     {"servertype", 3},
            {"usedefaulttenantid", true},            {"useautodiscover", true},
            {"processemailsreceivedafter", "2025-01-01T00:00:00Z"},
            {"minpollingintervalinminutes", 0},      {"moveundeliveredemails", false},
            {"incomingcredentialretrieval", 2},      {"outgoingcredentialretrieval", 2}};
}

} // namespace

TEST_CASE("Dataverse needs a token for the organization's URL", "[dataverse][auth]")
{
    auto& emu = fresh_emulator();
    const auto none = dv(emu, "GET", "organizations", "");
    CHECK(none.status == 401);
    CHECK(none.body.empty());
    CHECK(none.headers.at("www-authenticate").find("Bearer") == 0);
    CHECK(dv(emu, "GET", "organizations", graph_token(emu)).status == 401);

    // A token for an organization the tenant does not have.
    const auto other = dv(emu, "GET", "organizations", dataverse_token(emu, "https://fabrikam.crm4.dynamics.com"));
    CHECK(other.status == 404);
    CHECK(other.document.at("error").at("code") == "0x80040217");

    const auto ok = dv(emu, "GET", "organizations?$select=organizationid", dataverse_token(emu));
    REQUIRE(ok.status == 200);
    CHECK(ok.headers.at("odata-version") == "4.0");
    REQUIRE(ok.document.at("value").size() == 1);
    const json row = ok.document.at("value").at(0);
    CHECK(row.size() == 2);  // @odata.etag and the key
    CHECK(row.at("organizationid").get<std::string>().size() == 36);
    CHECK(row.at("@odata.etag").get<std::string>().rfind("W/\"", 0) == 0);

    const auto who = dv(emu, "GET", "WhoAmI", dataverse_token(emu));
    REQUIRE(who.status == 200);
    CHECK(who.document.at("OrganizationId") == row.at("organizationid"));
}

TEST_CASE("email server profiles are created, read back and validated", "[dataverse][profiles]")
{
    auto& emu = fresh_emulator();
    const std::string token = dataverse_token(emu);
    const auto created = dv(emu, "POST", "emailserverprofiles", token, profile_body());
    REQUIRE(created.status == 204);
    CHECK(created.body.empty());
    const std::string id = entity_id(created);
    CHECK(created.headers.at("odata-entityid") == emu.url() + "/api/data/v9.2/emailserverprofiles(" + id + ")");

    const auto read = dv(emu, "GET", "emailserverprofiles(" + id + ")?$select=name,servertype,usedefaulttenantid,incomingusessl", token);
    REQUIRE(read.status == 200);
    CHECK(read.document.at("name") == "Exchange Online (Hybrid)");
    CHECK(read.document.at("servertype") == 3);
    CHECK(read.document.at("usedefaulttenantid") == true);
    CHECK(read.document.at("incomingusessl") == true);  // the column's default
    CHECK(read.document.at("emailserverprofileid") == id);
    CHECK(read.document.at("@odata.context") ==
          emu.url() + "/api/data/v9.2/$metadata#emailserverprofiles(name,servertype,usedefaulttenantid,incomingusessl)/$entity");

    json second = profile_body();
    second["name"] = "Second";
    second["oauthclientsecret"] = "very-secret-value-123";
    const auto represented = dv(emu, "POST", "emailserverprofiles?$select=name,servertype", token, second,
                                {{"Prefer", "return=representation"}});
    REQUIRE(represented.status == 201);
    CHECK(represented.headers.at("preference-applied") == "return=representation");
    CHECK(represented.document.at("name") == "Second");
    CHECK(represented.document.at("servertype") == 3);
    CHECK(represented.headers.count("odata-entityid") == 1);
    // A secret column is never stored, returned or logged.
    CHECK(emu.get("/control/state").body.find("very-secret-value-123") == std::string::npos);
    CHECK(emu.get("/control/requests").body.find("very-secret-value-123") == std::string::npos);

    json bad_choice = profile_body();
    bad_choice["servertype"] = 9;
    const auto picklist = dv(emu, "POST", "emailserverprofiles", token, bad_choice);
    CHECK(picklist.status == 400);
    CHECK(picklist.document.at("error").at("code") == "0x8004431a");
    CHECK(picklist.document.at("error").at("message").get<std::string>().find("Accepted Values: 0,1,2,3,4") != std::string::npos);
    for (const auto& [column, value] : std::vector<std::pair<std::string, json>>{{"incomingcredentialretrieval", 8},
                                                                                 {"incomingauthenticationprotocol", 5},
                                                                                 {"exchangeversion", 6},
                                                                                 {"minpollingintervalinminutes", 1441},
                                                                                 {"maxconcurrentconnections", 0}}) {
        json body = profile_body();
        body[column] = value;
        CHECK(dv(emu, "POST", "emailserverprofiles", token, body).status == 400);
    }
    json wrong_type = profile_body();
    wrong_type["useautodiscover"] = "yes";
    const auto type_error = dv(emu, "POST", "emailserverprofiles", token, wrong_type);
    CHECK(type_error.status == 400);
    CHECK(type_error.document.at("error").at("code") == "0x80048d19");
    json unknown = profile_body();
    unknown["servertypecode"] = 3;
    CHECK(dv(emu, "POST", "emailserverprofiles", token, unknown).status == 400);
    json system = profile_body();
    system["lasttestexecutionstatus"] = 1;
    CHECK(dv(emu, "POST", "emailserverprofiles", token, system).status == 400);
    // None of the refused bodies created a row.
    CHECK(dv(emu, "GET", "emailserverprofiles?$select=name", token).document.at("value").size() == 2);

    const auto missing = dv(emu, "GET", "emailserverprofiles(3f2504e0-4f89-41d3-9a0c-0305e82c3301)", token);
    CHECK(missing.status == 404);
    CHECK(missing.document.at("error").at("code") == "0x80040217");
    CHECK(missing.document.at("error").at("message") ==
          "emailserverprofile With Id = 3f2504e0-4f89-41d3-9a0c-0305e82c3301 Does Not Exist");
    CHECK(dv(emu, "GET", "nosuchset", token).status == 404);
    CHECK(dv(emu, "POST", "organizations", token, json::object()).status == 405);
}

TEST_CASE("the organization's email settings round-trip and bind the default profile", "[dataverse][organization]")
{
    auto& emu = fresh_emulator();
    const std::string token = dataverse_token(emu);
    const std::string org_id = dv(emu, "GET", "organizations?$select=organizationid", token).document.at("value").at(0).at("organizationid");
    const std::string profile = entity_id(dv(emu, "POST", "emailserverprofiles", token, profile_body()));
    const std::string xml = "<EmailSettings><IncomingEmailDeliveryMethod>2</IncomingEmailDeliveryMethod><OutgoingEmailDeliveryMethod>2"
                            "</OutgoingEmailDeliveryMethod><ACTDeliveryMethod>1</ACTDeliveryMethod></EmailSettings>";
    const auto patched = dv(emu, "PATCH", "organizations(" + org_id + ")", token,
                            {{"defaultemailserverprofileid@odata.bind", "/emailserverprofiles(" + profile + ")"},
                             {"emailconnectionchannel", 0},
                             {"defaultemailsettings", xml},
                             {"requireapprovalforuseremail", true},
                             {"requireapprovalforqueueemail", true}},
                            {{"If-Match", "*"}});
    REQUIRE(patched.status == 204);
    const auto read = dv(emu, "GET", "organizations(" + org_id + ")?$select=defaultemailsettings,_defaultemailserverprofileid_value,requireapprovalforuseremail", token);
    REQUIRE(read.status == 200);
    CHECK(read.document.at("defaultemailsettings") == xml);
    CHECK(read.document.at("_defaultemailserverprofileid_value") == profile);
    CHECK(read.document.at("requireapprovalforuseremail") == true);
    CHECK(dv(emu, "PATCH", "organizations(" + org_id + ")", token, {{"emailconnectionchannel", 2}}).status == 400);
    // Deleting the profile clears the lookup that pointed at it.
    CHECK(dv(emu, "DELETE", "emailserverprofiles(" + profile + ")", token).status == 204);
    CHECK(dv(emu, "GET", "organizations(" + org_id + ")", token).document.at("_defaultemailserverprofileid_value").is_null());
}
