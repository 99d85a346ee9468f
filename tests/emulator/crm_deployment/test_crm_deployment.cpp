// The Dynamics 365 deployment personality (POST /crm-deployment/InvokeCommand) and what it does to
// Dataverse's Test & Enable: the S2S check behind the document's "authentication failed".
#include "support/helpers.h"
#include "support/pfx_factory.h"

#include <catch2/catch.hpp>

using namespace emutest;

namespace {

http_reply crm(const emulator_process& emu, const std::string& cmdlet, const json& parameters = json::object())
{
    return emu.post("/crm-deployment/InvokeCommand", json{{"CmdletInput", {{"CmdletName", cmdlet}, {"Parameters", parameters}}}}.dump());
}

const std::string org_id = "5d1b4b8e-3c0a-4a51-9b7e-0f6f2d1e9a10";

void seed_deployment(const emulator_process& emu)
{
    json state = emu.get("/control/state").document;
    state["crmDeployment"] = {{"organizations", json::array({{{"Id", org_id}, {"UniqueName", "contoso"}}})}};
    REQUIRE(emu.post("/control/seed", state.dump()).status == 200);
}

json deployment(const emulator_process& emu) { return emu.get("/control/state").document.at("crmDeployment"); }

} // namespace

TEST_CASE("crm deployment: organizations and advanced settings", "[crm-deployment]")
{
    auto& emu = fresh_emulator();
    CHECK(deployment(emu) == json::parse(R"({"organizations":[],"certificates":[],"certificateStore":[],"serverSettings":{}})"));
    seed_deployment(emu);
    const auto org = crm(emu, "Get-CrmOrganization", {{"Name", "Contoso"}});
    REQUIRE(org.status == 200);
    CHECK(value_of(org).at(0).at("Id") == org_id);
    CHECK(value_of(org).at(0).at("FriendlyName") == "contoso");
    CHECK(crm(emu, "get-crmorganization", {{"Name", "Fabrikam"}}).status == 404);

    REQUIRE(crm(emu, "Set-CrmAdvancedSetting", {{"ConfigurationEntityName", "ServerSettings"},
                                                {"Setting", "S2SDefaultAuthorizationServerPrincipalId"},
                                                {"Value", "00000001-0000-0000-c000-000000000000"}})
                .status == 200);
    const auto read = crm(emu, "Get-CrmAdvancedSetting", {{"ConfigurationEntityName", "serversettings"}, {"Setting", "s2sdefaultauthorizationserverprincipalid"}});
    CHECK(value_of(read).at(0).at("Value") == "00000001-0000-0000-c000-000000000000");
    CHECK(value_of(read).at(0).at("Setting") == "S2SDefaultAuthorizationServerPrincipalId");
    // The organization's tenant id needs the organization's ID and a GUID.
    CHECK(crm(emu, "Set-CrmAdvancedSetting", {{"ConfigurationEntityName", "Organization"}, {"Setting", "S2STenantId"}, {"Value", "x"}})
              .error_text()
              .find("ID") != std::string::npos);
    CHECK(crm(emu, "Set-CrmAdvancedSetting",
              {{"ID", org_id}, {"ConfigurationEntityName", "Organization"}, {"Setting", "S2STenantId"}, {"Value", "not a guid"}})
              .status == 400);
    REQUIRE(crm(emu, "Set-CrmAdvancedSetting",
                {{"ID", org_id}, {"ConfigurationEntityName", "Organization"}, {"Setting", "S2STenantId"},
                 {"Value", "11111111-2222-3333-4444-555555555555"}})
                .status == 200);
    CHECK(deployment(emu).at("organizations").at(0).at("S2STenantId") == "11111111-2222-3333-4444-555555555555");
    CHECK(crm(emu, "Set-CrmAdvancedSetting", {{"ConfigurationEntityName", "ServerSettings"}, {"Setting", "Nope"}, {"Value", "1"}}).status == 400);
    CHECK(crm(emu, "Remove-CrmOrganization").status == 403);
}

TEST_CASE("crm deployment: CertificateReconfiguration installs the token issuer; a wrong password changes nothing and is never logged",
          "[crm-deployment]")
{
    auto& emu = fresh_emulator();
    seed_deployment(emu);
    const auto cert = make_modern_pfx("/C=US/O=Contoso/CN=crm.contoso.com", {"crm.contoso.com"}, "pfx pass 1");
    const json file = {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", base64(cert.pfx)}};
    const auto secure = [](const std::string& text) {
        return json{{"@odata.type", "#Exchange.SecureStringType"}, {"Data", base64(std::vector<unsigned char>(text.begin(), text.end()))}};
    };
    const auto wrong = crm(emu, "CertificateReconfiguration",
                           {{"CertificateFile", file}, {"Password", secure("wrong pass")}, {"CertificateType", "S2STokenIssuer"}, {"UpdateCrm", true}});
    CHECK(wrong.status == 400);
    CHECK(wrong.exception_class() == "System.Security.Cryptography.CryptographicException");
    CHECK(deployment(emu).at("certificates").empty());
    CHECK(crm(emu, "CertificateReconfiguration", {{"CertificateFile", file}, {"Password", secure("pfx pass 1")}, {"CertificateType", "Other"}})
              .status == 400);

    const auto ok = crm(emu, "CertificateReconfiguration",
                        {{"CertificateFile", file}, {"Password", secure("pfx pass 1")}, {"CertificateType", "S2STokenIssuer"},
                         {"ServiceAccount", "CONTOSO\\CRMAsync"}, {"UpdateCrm", true}, {"StoreFindType", "FindBySubjectDistinguishedName"}});
    REQUIRE(ok.status == 200);
    CHECK(value_of(ok).at(0).at("Thumbprint") == cert.thumbprint);
    const json d = deployment(emu);
    REQUIRE(d.at("certificates").size() == 1);
    CHECK(d.at("certificates").at(0).at("CertificateType") == "S2STokenIssuer");
    CHECK(d.at("certificates").at(0).at("Thumbprint") == cert.thumbprint);
    CHECK(d.at("certificateStore").at(0).at("PrivateKeyReaders") == json::array({"CONTOSO\\CRMAsync"}));
    const auto listed = crm(emu, "Get-CrmCertificate");
    CHECK(value_of(listed).at(0).at("Data") == d.at("certificates").at(0).at("Data"));

    // Without -updateCrm the certificate is installed but not used, and says so.
    const auto other = make_modern_pfx("/C=US/O=Contoso/CN=crm2.contoso.com", {}, "pfx pass 2");
    const auto installed = crm(emu, "CertificateReconfiguration",
                               {{"CertificateFile", {{"@odata.type", "#Exchange.ByteArrayType"}, {"Data", base64(other.pfx)}}},
                                {"Password", secure("pfx pass 2")}, {"CertificateType", "S2STokenIssuer"}});
    CHECK(warnings_of(installed).size() == 1);
    CHECK(deployment(emu).at("certificates").at(0).at("Thumbprint") == cert.thumbprint);

    const std::string log = emu.get("/control/requests").body;
    CHECK(log.find("pfx pass") == std::string::npos);
    CHECK(log.find("wrong pass") == std::string::npos);
    CHECK(log.find("\"********\"") != std::string::npos);
}

TEST_CASE("dataverse settings: injected Test & Enable failures are an object of messages", "[crm-deployment][dataverse]")
{
    auto& emu = fresh_emulator();
    const auto set = emu.post("/control/dataverse/settings", R"({"testEnableFailures":{"Alex@Contoso.com":"boom"}})");
    REQUIRE(set.status == 200);
    CHECK(set.document.at("testEnableFailures") == json{{"alex@contoso.com", "boom"}});
    CHECK(emu.post("/control/dataverse/settings", R"({"testEnableFailures":["x"]})").status == 400);
    CHECK(emu.post("/control/dataverse/settings", R"({"testEnableFailures":{"a@b.c":1}})").status == 400);
    REQUIRE(emu.post("/control/reset", "{}").status == 200);
    CHECK(emu.get("/control/dataverse/settings").document.at("testEnableFailures") == json::object());
}
